"""Permalinks of events and testimony with a ready-to-copy citation; source pages."""

import datetime as dt

import pytest
from django.urls import reverse

from core.publishing import PublicationState
from tests.factories import (
    CaseFactory,
    EventFactory,
    OutletFactory,
    PartyFactory,
    SourceFactory,
    TestimonyFactory,
)

pytestmark = pytest.mark.django_db
DRAFT = PublicationState.DRAFT


def test_a_testimony_permalink_has_a_ready_to_copy_citation(client):
    case = CaseFactory(short_title="Musk v. OpenAI", docket_number="4:24-cv-04722-YGR")
    statement = TestimonyFactory(
        case=case,
        witness=PartyFactory(name="Elon Musk"),
        examining_counsel=PartyFactory(name="William Savitt"),
        phase="cross",
        excerpt="Partly.",
        context="So that's a yes?",
        date=dt.date(2026, 4, 30),
        cite=SourceFactory(outlet=OutletFactory(name="Techlusive")),
    )
    statement.citations.create(
        source=SourceFactory(outlet=OutletFactory(name="Shmews")), wording="Partially."
    )
    response = client.get(reverse("cases:testimony-detail", kwargs={"pk": statement.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    citation = response.context["citation"]
    assert citation.startswith(
        "“Partly.” — Elon Musk, trial testimony (cross-examination by William"
    )
    assert "30 April 2026" in citation and "reported by Techlusive and Shmews" in citation
    assert f"http://testserver/testimony/{statement.pk}/" in citation
    assert 'id="citation-text"' in html and "readonly" in html
    assert "So that&#x27;s a yes?" in html
    assert "Partially." in html
    assert f"/cases/{case.slug}/?from=2026-04-30#testimony-{statement.pk}" in html


def test_an_event_permalink_names_the_docket_entry(client):
    event = EventFactory(
        title="Jury selection begins", docket_entry_number=471, date=dt.date(2026, 4, 27)
    )
    response = client.get(reverse("cases:event-detail", kwargs={"pk": event.pk}))
    assert response.status_code == 200
    assert "ECF No. 471" in response.context["citation"]
    assert "27 April 2026" in response.content.decode()


@pytest.mark.parametrize(
    "make",
    [
        lambda: EventFactory(state=DRAFT),
        lambda: EventFactory(case=CaseFactory(state=DRAFT)),
    ],
)
def test_draft_events_have_no_permalink(client, make):
    assert client.get(reverse("cases:event-detail", kwargs={"pk": make().pk})).status_code == 404


def test_draft_testimony_has_no_permalink(client):
    statement = TestimonyFactory(state=DRAFT)
    assert (
        client.get(reverse("cases:testimony-detail", kwargs={"pk": statement.pk})).status_code
        == 404
    )
    assert client.get("/testimony/999999/").status_code == 404


@pytest.mark.parametrize("kind", ["events", "testimony", "sources"])
def test_an_id_beyond_the_database_range_is_a_404_not_a_crash(client, kind):
    assert client.get(f"/{kind}/99999999999999999999/").status_code == 404


def test_permalinks_run_two_queries(client, django_assert_num_queries):
    event, statement = EventFactory(), TestimonyFactory()
    with django_assert_num_queries(2):
        client.get(reverse("cases:event-detail", kwargs={"pk": event.pk}))
    with django_assert_num_queries(2):
        client.get(reverse("cases:testimony-detail", kwargs={"pk": statement.pk}))


def test_a_source_page_shows_outlet_date_dead_link_and_citing_entries(client):
    case = CaseFactory(short_title="Musk v. OpenAI")
    source = SourceFactory(
        title="Musk admits xAI distilled OpenAI models",
        outlet=OutletFactory(name="Shmews", domain="shmews.com"),
        published_at=dt.datetime(2026, 5, 1, 15, tzinfo=dt.UTC),
        link_dead_since=dt.datetime(2026, 6, 2, tzinfo=dt.UTC),
        text="FULL ARTICLE TEXT",
    )
    source.cases.add(case)
    TestimonyFactory(case=case, excerpt="Partly.", cite=source)
    EventFactory(case=CaseFactory(state=DRAFT), title="DRAFT event", cite=source)
    response = client.get(reverse("cases:source-detail", kwargs={"pk": source.pk}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Shmews" in html and "1 May 2026" in html
    assert "Link dead since 2 June 2026" in html
    assert "Partly." in html and "DRAFT" not in html
    assert "FULL ARTICLE TEXT" not in html
    assert [c.short_title for c in response.context["cases"]] == ["Musk v. OpenAI"]


def test_a_draft_source_has_no_page(client):
    source = SourceFactory(state=DRAFT)
    assert client.get(reverse("cases:source-detail", kwargs={"pk": source.pk})).status_code == 404


@pytest.mark.parametrize("size", [1, 30])
def test_a_source_page_runs_five_queries_whatever_the_size(client, size, django_assert_num_queries):
    source = SourceFactory()
    for _ in range(size):
        EventFactory(cite=source)
        TestimonyFactory(cite=source)
    with django_assert_num_queries(5):
        assert (
            client.get(reverse("cases:source-detail", kwargs={"pk": source.pk})).status_code == 200
        )
