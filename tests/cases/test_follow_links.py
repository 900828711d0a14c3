"""Case, party and topic pages offer every way to follow them: feed, calendar, email alerts."""

import pytest
from django.urls import reverse
from lxml import html

from cases.models import CaseRole
from tests.factories import (
    CaseFactory,
    CaseRoleFactory,
    EventFactory,
    PartyFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def _follow_box(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    boxes = html.fromstring(response.content).xpath("//header//aside[@class='follow']")
    assert len(boxes) == 1, "one follow box, in the page header"
    return boxes[0]


def _follow_form(box) -> dict[str, str]:
    (form,) = box.xpath(".//form[@class='follow-form']")
    assert form.get("action") == reverse("alerts:follow") and form.get("method") == "post"
    return {
        field.get("name"): field.get("value") for field in form.xpath(".//input[@type='hidden']")
    }


def test_a_case_page_links_its_feed_and_calendar_and_offers_email_alerts(client):
    case = CaseFactory(slug="musk-v-openai")
    box = _follow_box(client, case.get_absolute_url())
    links = {a.get("href") for a in box.xpath(".//ul[@class='follow__links']//a")}
    assert links == {
        reverse("cases:case-feed", args=[case.slug]),
        reverse("cases:case-calendar", args=[case.slug]),
    }
    assert _follow_form(box) | {"csrfmiddlewaretoken": None} == {
        "csrfmiddlewaretoken": None,
        "kind": "case",
        "slug": "musk-v-openai",
    }


def test_party_and_topic_pages_link_their_feeds_and_offer_email_alerts(client):
    party = PartyFactory(slug="elon-musk")
    topic = TopicFactory(slug="model-distillation")
    case = CaseFactory()
    CaseRoleFactory(case=case, party=party, role=CaseRole.Role.PLAINTIFF)
    EventFactory(case=case).topics.add(topic)
    for obj, kind, feed in (
        (party, "party", "cases:party-feed"),
        (topic, "topic", "cases:topic-feed"),
    ):
        box = _follow_box(client, obj.get_absolute_url())
        assert [a.get("href") for a in box.xpath(".//ul[@class='follow__links']//a")] == [
            reverse(feed, args=[obj.slug])
        ]
        assert _follow_form(box)["kind"] == kind and _follow_form(box)["slug"] == obj.slug
