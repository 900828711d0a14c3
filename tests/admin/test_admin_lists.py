"""The admin lists run newest first (ingestion's candidates and suggestions too), source pickers
name a source "title · outlet · date", and the testimony form keeps its citations to one line
each."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import CaseSuggestion, TestimonyCandidate, quote_key
from tests.factories import (
    CaseFactory,
    EventFactory,
    OutletFactory,
    PartyFactory,
    SourceFactory,
    TestimonyFactory,
)

pytestmark = pytest.mark.django_db


def _order(html: str, *names: str) -> list[str]:
    """`names` in the order they first appear in `html`."""
    return sorted(names, key=lambda name: html.index(name))


def test_the_case_list_shows_the_latest_filed_case_first_and_undated_ones_last(editor_client):
    CaseFactory(short_title="Older v. Case", filed_on=dt.date(2021, 3, 1))
    CaseFactory(short_title="Undated v. Case", filed_on=None)
    CaseFactory(short_title="Newer v. Case", filed_on=dt.date(2025, 6, 1))
    html = editor_client.get(reverse("admin:cases_case_changelist")).content.decode()
    assert _order(html, "Older v. Case", "Undated v. Case", "Newer v. Case") == [
        "Newer v. Case",
        "Older v. Case",
        "Undated v. Case",
    ]


@pytest.mark.parametrize(
    ("factory", "text", "url"),
    [
        (EventFactory, "title", "admin:cases_event_changelist"),
        (TestimonyFactory, "excerpt", "admin:cases_testimony_changelist"),
    ],
)
def test_event_and_testimony_lists_show_the_latest_date_first(editor_client, factory, text, url):
    case = CaseFactory()
    factory(case=case, date=dt.date(2023, 1, 5), **{text: "From twenty twenty-three"})
    factory(case=case, date=dt.date(2026, 2, 9), **{text: "From twenty twenty-six"})
    html = editor_client.get(reverse(url)).content.decode()
    assert _order(html, "From twenty twenty-three", "From twenty twenty-six") == [
        "From twenty twenty-six",
        "From twenty twenty-three",
    ]


def _pick_sources(client, term: str = "") -> list[str]:
    response = client.get(
        reverse("admin:articles_source_autocomplete"),
        {"app_label": "cases", "model_name": "testimonycitation", "field_name": "source",
         "term": term},
    )  # fmt: skip
    assert response.status_code == 200, response.content[:300]
    return [row["text"] for row in response.json()["results"]]


def test_the_source_picker_names_title_outlet_and_date(editor_client):
    outlet = OutletFactory(name="The Verge", domain="theverge.com")
    SourceFactory(
        title="Musk testifies",
        outlet=outlet,
        published_at=dt.datetime(2026, 4, 30, 15, 0, tzinfo=dt.UTC),
    )
    SourceFactory(title="Undated order", outlet=outlet, published_at=None)
    assert _pick_sources(editor_client) == [
        "Musk testifies · The Verge · 30 Apr 2026",
        "Undated order · The Verge · publication date unknown",
    ]


def test_the_source_picker_finds_a_source_by_title_outlet_or_address(editor_client):
    outlet = OutletFactory(name="Courthouse News", domain="courthousenews.com")
    SourceFactory(title="Jury seated", outlet=outlet, url="https://courthousenews.com/jury-42")
    SourceFactory(title="Something else")
    for term in ("jury", "courthouse news", "jury-42"):
        assert [text.split(" · ")[0] for text in _pick_sources(editor_client, term)] == [
            "Jury seated"
        ], term


def test_the_source_picker_needs_a_logged_in_member(client):
    SourceFactory(title="Musk testifies")
    response = client.get(
        reverse("admin:articles_source_autocomplete"),
        {"app_label": "cases", "model_name": "testimonycitation", "field_name": "source"},
    )
    assert response.status_code == 302
    assert "Musk testifies" not in response.content.decode()


def test_the_source_picker_answers_only_for_sources(editor_client):
    response = editor_client.get(
        reverse("admin:articles_source_autocomplete"),
        {"app_label": "cases", "model_name": "caserole", "field_name": "party"},
    )
    assert response.status_code == 403


def test_the_testimony_form_cites_each_source_on_one_line_named_like_the_picker(editor_client):
    outlet = OutletFactory(name="Reuters", domain="reuters.com")
    source = SourceFactory(
        title="Musk says OpenAI", outlet=outlet, published_at=dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    )
    testimony = TestimonyFactory(excerpt="Partly.", cite=source)
    html = editor_client.get(
        reverse("admin:cases_testimony_change", args=[testimony.pk])
    ).content.decode()
    citations = html[html.index('id="citations-group"') :]
    assert 'class="tabular' in citations[:600], "citations are a one-line-a-row table"
    assert "Musk says OpenAI · Reuters · 1 May 2026" in citations
    assert reverse("admin:articles_source_autocomplete") in citations
    # The wording box: one line, saying when to fill it; the script folds it when empty.
    box = re.search(r"<textarea[^>]*citations-0-wording[^>]*>", citations).group(0)
    assert 'rows="1"' in box and "citation-wording" in box
    assert "admin-extra/wording.js" in html
    # Rarely-used details are folded away.
    assert "collapse" in html[html.index("Context and proceeding details") - 300 :][:300]


def test_the_testimony_candidate_list_shows_the_latest_found_first(editor_client):
    source = SourceFactory(title="An interview")
    speaker = PartyFactory(name="Elon Musk")
    older = TestimonyCandidate.objects.create(
        source=source, speaker=speaker, quote="Found long ago.", sentence="Found long ago.",
        quote_key=quote_key("Found long ago."), position=1,
    )  # fmt: skip
    TestimonyCandidate.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - dt.timedelta(days=3)
    )
    TestimonyCandidate.objects.create(
        source=source, speaker=speaker, quote="Found today.", sentence="Found today.",
        quote_key=quote_key("Found today."), position=2,
    )  # fmt: skip
    html = editor_client.get(reverse("admin:articles_testimonycandidate_changelist")).content
    assert _order(html.decode(), "Found long ago.", "Found today.") == [
        "Found today.",
        "Found long ago.",
    ]


def test_the_case_suggestion_list_shows_the_latest_suggested_first(editor_client):
    source = SourceFactory(title="A report")
    # The model's own order (best score first) would put the earlier suggestion first.
    CaseSuggestion.objects.create(
        source=source, case=CaseFactory(short_title="Earlier v. Suggested"), score=5, reason="5"
    )
    CaseSuggestion.objects.create(
        source=source, case=CaseFactory(short_title="Later v. Suggested"), score=1, reason="1"
    )
    html = editor_client.get(reverse("admin:articles_casesuggestion_changelist")).content
    assert _order(html.decode(), "Earlier v. Suggested", "Later v. Suggested") == [
        "Later v. Suggested",
        "Earlier v. Suggested",
    ]
