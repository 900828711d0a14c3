"""Newest first: `?order=newest` on the case, party, topic and source timelines, paged by date in
both directions without losing or repeating an entry; a bad order is a 400 that says why."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cases.models import CaseRole
from tests.factories import (
    CaseFactory,
    CaseRoleFactory,
    EventFactory,
    PartyFactory,
    SourceFactory,
    TestimonyFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db
START = dt.date(2020, 1, 1)


@pytest.fixture
def long_case():
    """A case with 110 events on 110 days (three pages of 50), all citing one source."""
    case = CaseFactory(short_title="Long v. Case")
    source = SourceFactory(title="The one report")
    for index in range(110):
        EventFactory(
            case=case,
            title=f"Event on day {index}",
            date=START + dt.timedelta(days=index),
            cite=source,
        )
    return case


def _shown(response) -> list:
    """The entries of a page in the order the reader sees them."""
    assert response.status_code == 200
    return [
        entry
        for year in response.context["groups"]
        for month in year.months
        for entry in month.entries
    ]


def _newest_on_top(entries: list) -> bool:
    dates = [entry.date for entry in entries]
    return dates == sorted(dates, reverse=True)


def _events(case) -> str:
    return case.get_absolute_url() + "?kind=event"


def test_newest_first_opens_on_the_newest_entries_newest_on_top(client, long_case):
    shown = _shown(client.get(_events(long_case) + "&order=newest"))
    assert len(shown) == 50
    assert shown[0].title == "Event on day 109"
    assert _newest_on_top(shown)
    oldest_first = _shown(client.get(_events(long_case)))
    assert oldest_first[0].title == "Event on day 0"


def test_paging_newest_first_walks_every_entry_once_down_and_back_up(client, long_case):
    everything = [f"Event on day {index}" for index in range(109, -1, -1)]
    base = long_case.get_absolute_url()
    url, pagers, seen = "?kind=event&order=newest", [], []
    while url:
        response = client.get(base + url)
        pagers.append(response.context["pager"])
        seen += [entry.title for entry in _shown(response)]
        url = response.context["pager"]["next"]  # "Older ›"
    assert seen == everything
    assert len(pagers) == 3
    assert not pagers[0]["previous"] and not pagers[0]["first"]  # the newest page
    assert pagers[-1]["first"] and not pagers[-1]["latest"]  # the oldest page

    # Back up from the oldest page ("Oldest »" on the newest page) with "‹ Newer".
    url, seen = pagers[0]["latest"], []
    while url:
        response = client.get(base + url)
        seen = [entry.title for entry in _shown(response)] + seen
        url = response.context["pager"]["previous"]
    assert seen == everything


def test_the_oldest_and_newest_links_of_newest_first_reach_both_ends(client, long_case):
    newest = client.get(_events(long_case) + "&order=newest").context["pager"]
    oldest = _shown(client.get(long_case.get_absolute_url() + newest["latest"]))
    assert oldest[-1].title == "Event on day 0"
    assert [entry.date for entry in oldest] == sorted(
        (entry.date for entry in oldest), reverse=True
    )
    middle_url = client.get(long_case.get_absolute_url() + newest["next"]).context["pager"]
    back = _shown(client.get(long_case.get_absolute_url() + middle_url["first"]))
    assert back[0].title == "Event on day 109"


def test_a_jump_to_a_month_newest_first_shows_that_month_on_top(client, long_case):
    shown = _shown(client.get(_events(long_case) + "&order=newest&from=2020-02"))
    assert shown[0].title == "Event on day 59"  # 29 February 2020, the month's last
    assert shown[-1].date < dt.date(2020, 2, 1)


def test_the_toggle_shows_both_orders_keeps_the_kind_and_marks_the_current_one(client, long_case):
    html = client.get(_events(long_case) + "&order=newest").content.decode()
    assert '<nav class="order-toggle"' in html
    assert '<a href="?kind=event#entries">Oldest first</a>' in html
    assert '<a href="?kind=event&amp;order=newest#entries" aria-current="true">Newest first' in html
    # The kind filter keeps the order, and the pager's labels follow it.
    assert 'href="?kind=testimony&amp;order=newest#entries"' in html
    assert "Older ›" in html and "Later ›" not in html


@pytest.mark.parametrize("order", ["sideways", "NEWEST", "1"])
def test_an_unknown_order_is_a_400_that_names_the_choices(client, long_case, order):
    response = client.get(long_case.get_absolute_url(), {"order": order})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is no order" in html and "choose oldest" in html and "newest" in html


def test_asking_for_the_oldest_page_and_a_position_at_once_is_a_400(client, long_case):
    first = client.get(_events(long_case)).context["timeline"].entries[0]
    response = client.get(
        long_case.get_absolute_url(),
        {"order": "newest", "earliest": "1", "before": first.cursor.encode()},
    )
    assert response.status_code == 400


def test_party_topic_and_source_timelines_offer_newest_first_too(client):
    topic = TopicFactory(name="Fair use", slug="fair-use")
    witness = PartyFactory(name="Olga Order")
    case = CaseFactory()
    CaseRoleFactory(case=case, party=witness, role=CaseRole.Role.WITNESS)
    source = SourceFactory(title="Trial report")
    older = TestimonyFactory(case=case, witness=witness, date=dt.date(2024, 1, 5), cite=source)
    newer = TestimonyFactory(case=case, witness=witness, date=dt.date(2025, 6, 7), cite=source)
    older.topics.add(topic)
    newer.topics.add(topic)
    for url in (
        reverse("cases:party-detail", args=[witness.slug]),
        reverse("cases:topic-detail", args=[topic.slug]),
        reverse("cases:source-detail", args=[source.pk]),
    ):
        shown = _shown(client.get(url, {"order": "newest"}))
        assert [entry.id for entry in shown] == [newer.pk, older.pk], url
        assert [entry.id for entry in _shown(client.get(url))] == [older.pk, newer.pk], url
        assert client.get(url, {"order": "backwards"}).status_code == 400, url
