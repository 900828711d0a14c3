"""The whole demo dataset (both research parts) is worth publishing: every source has a title,
an outlet and a date, no URL is a placeholder or a deleted page, [U] facts are drafts, every
published entry cites a published source, statuses say what the research says, and every case
of part 2 carries its facets."""

from __future__ import annotations

import pytest

from articles.models import Source
from articles.urlnorm import normalize_url, url_host
from cases import models as case_models  # not `import Testimony`: pytest collects Test*
from cases.models import Case, Event
from core.publishing import PublicationState
from demo.dataset import DATA_FILES, read_dataset

DATASET = read_dataset()
PART_2 = read_dataset(DATA_FILES[1])
PLACEHOLDERS = ("example.com", "example.org", "example.net", "__trashed", "localhost", "todo")

# Statuses the research states (its "Status:" lines and the corrections to part 1).
STATUS_IN_RESEARCH = {
    "musk-v-openai": "on_appeal",  # judgment for the defendants, then Musk's appeal
    "thomson-reuters-v-ross": "on_appeal",
    "xai-v-openai-trade-secrets": "dismissed",
    "bartz-v-anthropic": "settled",
    "getty-v-stability-ai-us": "dismissed",
    "getty-v-stability-ai-uk": "on_appeal",
    "doe-v-github": "on_appeal",
    "raw-story-v-openai": "dismissed",
    "britannica-v-perplexity": "filed",
    "warner-bros-v-midjourney": "filed",
    "gema-v-openai": "on_appeal",
    "garcia-v-character-technologies": "settled",
    "walters-v-openai": "decided",
    "in-re-clearview-ai": "settled",
    "ftc-v-rite-aid": "settled",
    "texas-ag-v-pieces": "settled",
    "hendrix-v-apple": "filed",
}


def every_fact():
    for case in DATASET.cases:
        for kind in ("events", "testimony"):
            for fact in case.get(kind, []):
                yield case, kind, fact


def cited_urls() -> set[str]:
    urls = set(DATASET.source_details)
    for case in DATASET.cases:
        urls.update(case.get("sources", []))
    for _case, _kind, fact in every_fact():
        urls.update(fact.get("sources", []))
    return urls


def test_every_source_of_the_dataset_has_a_title_an_outlet_and_a_date():
    for url in cited_urls():
        details = DATASET.source_details.get(url, {})
        assert details.get("title"), url
        assert details.get("published_at"), url
        assert DATASET.outlets.get(url_host(normalize_url(url))), url


def test_no_url_is_a_placeholder_or_a_deleted_page():
    for url in cited_urls():
        assert not any(mark in url.lower() for mark in PLACEHOLDERS), url


def test_the_dataset_has_the_41_research_cases_and_the_mdl_they_join():
    slugs = [case["slug"] for case in DATASET.cases]
    assert len(slugs) == 42 == len(set(slugs))
    assert len(PART_2.cases) == 31


def test_statuses_agree_with_what_the_research_says():
    status = {case["slug"]: case["status"] for case in DATASET.cases}
    assert {slug: status[slug] for slug in STATUS_IN_RESEARCH} == STATUS_IN_RESEARCH


def test_every_case_of_part_2_carries_its_facets():
    causes = {row["slug"] for row in DATASET.causes_of_action}
    areas = {row["slug"] for row in DATASET.application_areas}
    for case in PART_2.cases:
        assert case["causes_of_action"] and set(case["causes_of_action"]) <= causes, case["slug"]
        assert case["application_areas"] and set(case["application_areas"]) <= areas, case["slug"]
        assert case["ai_systems"], case["slug"]
        assert case["jurisdiction_type"] in {"federal", "state", "foreign"}, case["slug"]
        assert isinstance(case["is_class_action"], bool), case["slug"]


@pytest.mark.django_db
def test_uncertain_facts_load_as_drafts_and_published_entries_cite_published_sources(demo_data):
    uncertain = [(case, kind, fact) for case, kind, fact in every_fact() if fact.get("uncertain")]
    assert len(uncertain) >= 25
    for case, kind, fact in uncertain:
        model = Event if kind == "events" else case_models.Testimony
        lookup = {"title": fact["title"]} if kind == "events" else {"excerpt": fact["excerpt"]}
        entry = model.objects.get(case__slug=case["slug"], **lookup)
        assert entry.state == PublicationState.DRAFT, (case["slug"], fact)

    published = [*Event.objects.published(), *case_models.Testimony.objects.published()]
    assert len(published) >= 120
    for entry in published:
        assert entry.citations.filter(source__state=PublicationState.PUBLISHED).exists(), entry


@pytest.mark.django_db
def test_loaded_cases_carry_their_facets_and_sources_their_dates(demo_data):
    getty_uk = Case.objects.get(slug="getty-v-stability-ai-uk")
    assert set(getty_uk.causes_of_action.values_list("slug", flat=True)) == {
        "copyright",
        "database-right",
        "trademark",
    }
    assert list(getty_uk.application_areas.values_list("name", flat=True)) == ["Image generation"]
    assert (getty_uk.jurisdiction_type, getty_uk.has_published_opinion) == ("foreign", True)
    assert Case.objects.get(slug="mobley-v-workday").is_class_action
    assert not Source.objects.filter(published_at__isnull=True).exists()
    assert not Source.objects.filter(title="").exists()
    national_archives = Source.objects.get(url__contains="nationalarchives.gov.uk")
    assert national_archives.kind == Source.Kind.COURT_DOCUMENT
