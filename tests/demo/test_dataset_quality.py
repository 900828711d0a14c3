"""The whole demo dataset (both research parts) is worth publishing: every source has a title
and an outlet, and a date only when the research or its URL gives one (never a guess); no URL is
a placeholder or a deleted page, [U] facts are drafts, every published entry cites a published
source, statuses say what the research says, and every case of part 2 carries its facets."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from articles.models import Source
from articles.urlnorm import normalize_url, url_host
from cases import models as case_models  # not `import Testimony`: pytest collects Test*
from cases.models import Case, Event
from core.publishing import PublicationState
from demo.checks import (
    DATE_FROM_RESEARCH,
    DATE_FROM_URL,
    DATE_NOT_GIVEN,
    LATEST_FACT_GUESS,
    dataset_problems,
    url_date,
)
from demo.dataset import DATA_FILES, read_dataset
from demo.rules import published_at

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


def test_every_source_of_the_dataset_has_a_title_and_an_outlet():
    for url in cited_urls():
        details = DATASET.source_details.get(url, {})
        assert details.get("title"), url
        assert DATASET.outlets.get(url_host(normalize_url(url))), url


def test_a_source_has_a_date_only_when_the_research_or_its_url_gives_one():
    dated = undated = 0
    for url in cited_urls():
        details = DATASET.source_details[url]
        comment, value = details.get("comment", ""), details.get("published_at")
        assert LATEST_FACT_GUESS not in comment, url
        if value is None:
            undated += 1
            assert DATE_NOT_GIVEN in comment and url_date(url) is None, url
        else:
            dated += 1
            assert DATE_FROM_RESEARCH in comment or DATE_FROM_URL in comment, url
    assert undated >= 200 and dated >= 40  # the research dates a fifth of its sources


def test_a_date_said_to_be_in_the_url_is_the_date_the_url_holds():
    in_url = {
        url: details
        for url, details in DATASET.source_details.items()
        if DATE_FROM_URL in details.get("comment", "")
    }
    assert len(in_url) >= 35
    for url, details in in_url.items():
        assert published_at(details["published_at"]).date() == url_date(url), url
    gigazine = "https://gigazine.net/gsc_news/en/20240710-judge-dismisses-dmca-copyright-github-copilot-suit"
    assert DATASET.source_details[gigazine]["published_at"] == "2024-07-10"


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://gigazine.net/gsc_news/en/20240710-judge-dismisses-suit", dt.date(2024, 7, 10)),
        ("https://www.jlaplaw.com/blog/2026/5/30/midjourney-answers", dt.date(2026, 5, 30)),
        ("https://vuink.com/post/x/books/2024/feb/14/two-openai-suits", dt.date(2024, 2, 14)),
        ("https://www.folioapp.co.uk/story/5?date=2026-04-08", dt.date(2026, 4, 8)),
        ("https://patentlyo.com/patent/2024/11/openai-dismisses-standing.html", None),
        ("https://www.biometricupdate.com/202505/us-lawsuit-concludes", None),
        ("https://docs.justia.com/cases/federal/dedce/1:2023cv00135/81407/17", None),
        ("https://www.example.org/2024/13/45/not-a-day", None),
    ],
)
def test_url_date_reads_a_whole_day_and_nothing_less(url, day):
    assert url_date(url) == day


def test_the_dataset_checks_refuse_a_guessed_or_unexplained_date():
    url = "https://news.example.org/story"
    data = dataclasses.replace(
        PART_2,
        source_details={
            url: {"title": "T", "published_at": "2024-05-01", "comment": "date: not given."},
            url + "/2": {"title": "T", "published_at": "2024-05-01"},
            url + "/2024/05/02/x": {"title": "T", "published_at": None},
        },
        outlets={**PART_2.outlets, "news.example.org": "News"},
    )
    problems = "\n".join(dataset_problems(data))
    assert "the comment says no date is given, yet published_at is set" in problems
    assert f"{url}/2: where does published_at come from?" in problems
    assert "the URL holds a date (2024-05-02): use it, and say so" in problems


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
    assert not Source.objects.filter(title="").exists()
    gigazine = Source.objects.get(url__contains="gigazine.net")
    assert gigazine.published_at.date() == dt.date(2024, 7, 10)
    undated = Source.objects.public().filter(published_at__isnull=True)
    assert undated.count() >= 100  # shown at the day first seen, publication date unknown
    national_archives = Source.objects.get(url__contains="nationalarchives.gov.uk")
    assert national_archives.kind == Source.Kind.COURT_DOCUMENT
