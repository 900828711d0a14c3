"""Atom feeds of cases, topics and parties: newest first, sourced, published-only, fixed queries."""

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.urls import reverse

from articles.models import Source
from cases import models as case_models
from cases.models import CaseRole
from core.dates import Precision
from core.publishing import PublicationState
from tests.factories import (
    CaseFactory,
    CaseRoleFactory,
    EventFactory,
    OutletFactory,
    PartyFactory,
    SourceFactory,
    TestimonyFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DRAFT = PublicationState.DRAFT


def parse_feed(response) -> tuple[ET.Element, list[dict]]:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    entries = [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "id": entry.findtext(f"{ATOM}id"),
            "summary": entry.findtext(f"{ATOM}summary"),
            "published": entry.findtext(f"{ATOM}published"),
            "updated": entry.findtext(f"{ATOM}updated"),
        }
        for entry in root.findall(f"{ATOM}entry")
    ]
    return root, entries


@pytest.fixture
def case_with_entries():
    case = CaseFactory(short_title="Musk v. OpenAI", slug="musk-v-openai")
    outlet = OutletFactory(name="Techlusive", domain="techlusive.in")
    article = SourceFactory(
        title="Musk reveals xAI relied on OpenAI models",
        outlet=outlet,
        url="https://www.techlusive.in/musk-partly",
        published_at=dt.datetime(2026, 5, 1, 11, 40, tzinfo=dt.UTC),
    )
    article.cases.add(case)
    EventFactory(case=case, title="Jury selection begins", date=dt.date(2026, 4, 27), cite=article)
    EventFactory(
        case=case,
        title="Verdict expected",
        date=dt.date(2026, 5, 1),
        date_precision=Precision.MONTH,
        cite=article,
    )
    testimony = TestimonyFactory(
        case=case,
        witness=PartyFactory(name="Elon Musk", slug="elon-musk"),
        excerpt="Partly.",
        date=dt.date(2026, 4, 30),
        cite=article,
    )
    case_models.TestimonyCitation.objects.create(
        testimony=testimony,
        source=SourceFactory(title="Shmews report", outlet=OutletFactory(name="Shmews")),
        wording="Partially.",
    )
    return case


def test_a_case_feed_lists_its_entries_newest_first_with_dates_sources_and_ids(
    client, case_with_entries
):
    root, entries = parse_feed(client.get("/cases/musk-v-openai/feed/"))

    assert root.findtext(f"{ATOM}title").startswith("Musk v. OpenAI")
    assert [e["title"] for e in entries] == [
        "Techlusive: Musk reveals xAI relied on OpenAI models",  # 1 May 2026
        "Verdict expected",  # May 2026: after the day-precise 1 May when newest first
        "Elon Musk: “Partly.”",  # 30 April
        "Jury selection begins",  # 27 April
    ]
    assert len({e["id"] for e in entries}) == 4
    for entry in entries:
        assert entry["link"].startswith(settings.SITE_URL.rstrip("/") + "/")
        assert entry["id"] == entry["link"]
        assert entry["published"] and entry["updated"]
    verdict = entries[1]["summary"]
    assert "<strong>May 2026</strong>" in verdict
    assert "Hearing" in verdict
    assert '<a href="https://www.techlusive.in/musk-partly">' in verdict
    assert "Techlusive" in verdict
    testimony = entries[2]["summary"]
    assert "<strong>30 April 2026</strong>" in testimony
    assert "<blockquote><p>Partly.</p></blockquote>" in testimony
    assert "Shmews" in testimony and "reported as “Partially.”" in testimony


def test_a_source_of_unknown_date_stands_at_the_day_first_seen_and_says_so(
    client, case_with_entries
):
    undated = SourceFactory(title="Undated report", published_at=None)
    undated.cases.add(case_with_entries)
    first_seen = dt.datetime(2026, 4, 28, 9, 0, tzinfo=dt.UTC)
    Source.objects.filter(pk=undated.pk).update(created_at=first_seen)

    _, entries = parse_feed(client.get("/cases/musk-v-openai/feed/"))

    # Newest first: 30 April (testimony), then 28 April (first seen), then 27 April.
    assert entries[-2]["title"].endswith("Undated report")
    assert entries[-1]["title"] == "Jury selection begins"
    assert "<strong>28 April 2026</strong>" in entries[-2]["summary"]
    assert "publication date unknown" in entries[-2]["summary"]
    assert "publication date unknown" not in entries[0]["summary"]


def test_draft_entries_and_draft_sources_stay_out_of_feeds(client, case_with_entries):
    draft_source = SourceFactory(title="Draft article", state=DRAFT)
    draft_source.cases.add(case_with_entries)
    EventFactory(case=case_with_entries, title="Draft event", state=DRAFT, cite=draft_source)
    TestimonyFactory(case=case_with_entries, excerpt="Draft words", state=DRAFT)
    cites = EventFactory(case=case_with_entries, title="Cites a draft", cite=draft_source)
    cites.citations.create(source=SourceFactory(title="Public article"))

    _, entries = parse_feed(client.get("/cases/musk-v-openai/feed/"))
    body = str(entries)
    assert "Draft event" not in body and "Draft words" not in body
    assert "Draft article" not in body
    cites_draft = next(e for e in entries if e["title"] == "Cites a draft")
    assert "Public article" in cites_draft["summary"]


def test_feeds_of_draft_or_unknown_cases_and_parties_are_404(client):
    draft = CaseFactory(slug="secret", state=DRAFT)
    witness = PartyFactory(slug="draft-only-witness")
    CaseRoleFactory(case=draft, party=witness)
    EventFactory(case=draft, title="Secret hearing")

    assert client.get("/cases/secret/feed/").status_code == 404
    assert client.get("/cases/nope/feed/").status_code == 404
    # A party known only from a draft case stays unknown, as on its page.
    assert client.get("/parties/draft-only-witness/feed/").status_code == 404
    assert client.get("/parties/nope/feed/").status_code == 404
    assert client.get("/topics/nope/feed/").status_code == 404


def test_a_topic_can_be_followed_before_anything_published_is_tagged_with_it(client):
    topic = TopicFactory(slug="fair-use")
    draft = CaseFactory(state=DRAFT)
    draft.topics.add(topic)
    EventFactory(case=draft, title="Secret ruling").topics.add(topic)

    root, entries = parse_feed(client.get("/topics/fair-use/feed/"))
    assert entries == []
    assert b"Secret" not in ET.tostring(root)


def test_a_topic_feed_follows_tagged_entries_across_cases(client):
    topic = TopicFactory(name="Model distillation", slug="model-distillation")
    other_case_event = EventFactory(title="Distillation ruling")
    other_case_event.topics.add(topic)
    testimony = TestimonyFactory(excerpt="Generally all the AI companies do that.")
    testimony.topics.add(topic)
    EventFactory(title="Untagged event")
    hidden = EventFactory(title="Tagged but in a draft case", case=CaseFactory(state=DRAFT))
    hidden.topics.add(topic)

    root, entries = parse_feed(client.get(reverse("cases:topic-feed", args=[topic.slug])))

    titles = [e["title"] for e in entries]
    assert root.findtext(f"{ATOM}title").startswith("Model distillation")
    assert len(titles) == 2
    assert any("Generally all the AI companies" in t for t in titles)
    # Entries in topic and party feeds name their case, since they span several.
    assert f"{other_case_event.case.short_title}: Distillation ruling" in titles


def test_a_party_feed_has_its_testimony_and_the_events_of_its_cases(client):
    party = PartyFactory(name="Sam Altman", slug="sam-altman")
    case = CaseFactory()
    CaseRoleFactory(case=case, party=party, role=CaseRole.Role.DEFENDANT)
    CaseRoleFactory(case=case, party=party, role=CaseRole.Role.WITNESS)  # two roles, one case
    EventFactory(case=case, title="Altman testifies")
    TestimonyFactory(case=case, witness=party, excerpt="It feels difficult to even wrap my head.")
    TestimonyFactory(case=case, excerpt="Someone else speaking")
    EventFactory(title="Another case's event")
    EventFactory(case=CaseFactory(state=DRAFT), title="Event of a draft case")

    _, entries = parse_feed(client.get("/parties/sam-altman/feed/"))

    titles = [e["title"] for e in entries]
    assert len(titles) == 2
    assert sum("Altman testifies" in t for t in titles) == 1
    assert any("It feels difficult" in t for t in titles)


def test_feed_texts_are_escaped_html(client):
    case = CaseFactory(slug="xss")
    EventFactory(case=case, title="<script>alert(1)</script>", description="<img src=x onerror=1>")
    _, entries = parse_feed(client.get("/cases/xss/feed/"))
    summary = entries[0]["summary"]
    assert "<img" not in summary and "&lt;img src=x onerror=1&gt;" in summary
    assert entries[0]["title"] == "<script>alert(1)</script>"  # Atom text: shown, not run


def test_control_characters_stored_in_texts_are_left_out_of_feeds(client):
    """XML 1.0 cannot carry C0 control characters; data stored before they were refused (or
    fetched from articles) must not break a feed."""
    case = CaseFactory(slug="ctl", short_title="Ctl\x0b v. Feed")
    party = PartyFactory(slug="ctl-party", name="Wit\x01ness")
    topic = TopicFactory(slug="ctl-topic", name="Top\x1fic")
    source = SourceFactory(title="Re\x0cport", summary="Sum\x08mary", authors="A\x1bB")
    source.cases.add(case)
    event = EventFactory(case=case, title="Vertical\x0btab", description="Line\x07one", cite=source)
    event.topics.add(topic)
    testimony = TestimonyFactory(case=case, witness=party, excerpt="Said\x02 it", cite=source)
    testimony.topics.add(topic)
    CaseRoleFactory(case=case, party=party)
    for url in (
        "/cases/ctl/feed/",
        reverse("cases:party-feed", args=[party.slug]),
        reverse("cases:topic-feed", args=[topic.slug]),
    ):
        response = client.get(url)
        root, entries = parse_feed(response)
        assert not re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", response.content)
        assert any("Verticaltab" in entry["title"] for entry in entries), url
    _, entries = parse_feed(client.get("/cases/ctl/feed/"))
    titles = {entry["title"] for entry in entries}
    assert "Verticaltab" in titles and any(title.endswith(": Report") for title in titles)
    assert any("Lineone" in entry["summary"] for entry in entries)


def _fill(case, size: int):
    party = PartyFactory()
    CaseRoleFactory(case=case, party=party)
    topic = TopicFactory()
    for n in range(size):
        source = SourceFactory(title=f"Report {n}")
        source.cases.add(case)
        EventFactory(case=case, title=f"Event {n}", cite=source).topics.add(topic)
        testimony = TestimonyFactory(case=case, witness=party, cite=source)
        testimony.topics.add(topic)
        case_models.TestimonyCitation.objects.create(testimony=testimony, source=SourceFactory())
    return party, topic


@pytest.mark.parametrize("size", [1, 8])
def test_feeds_run_a_fixed_number_of_queries_whatever_the_data_size(
    client, django_assert_num_queries, size
):
    case = CaseFactory(slug="busy")
    party, topic = _fill(case, size)
    for url, queries, per_round in (
        # the case, its member cases (an MDL's), its events, testimony and sources, citations
        ("/cases/busy/feed/", 6, 3),
        # the party or topic, its events and testimony, their citations
        (reverse("cases:party-feed", args=[party.slug]), 4, 2),
        (reverse("cases:topic-feed", args=[topic.slug]), 4, 2),
    ):
        with django_assert_num_queries(queries):
            _, entries = parse_feed(client.get(url))
        assert len(entries) == per_round * size
