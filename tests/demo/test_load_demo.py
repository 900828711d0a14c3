"""`manage.py load_demo`: the real cases of the research notes, loaded faithfully and idempotently.

The dataset is loaded once for the whole module (inside a transaction rolled back at the end),
and each test runs in its own savepoint on top of it, so tests that write leave no trace.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from articles.models import Outlet, Source
from articles.urlnorm import normalize_url, url_host
from cases import models as case_models  # not `import Testimony`: pytest collects Test*
from cases.models import Case, CaseRole, Event, EventCitation, Party
from core.dates import Precision
from core.publishing import PublicationState
from demo.checks import dataset_problems
from demo.dataset import read_dataset
from demo.loader import DemoDataError, load_demo

pytestmark = pytest.mark.django_db

RESEARCH_DIR = Path(settings.BASE_DIR).parent / "shared" / "research"
RESEARCH_FILES = (RESEARCH_DIR / "ai-cases.md", RESEARCH_DIR / "ai-cases-2.md")
# URLs the research names only to say they must not be used (a trashed WordPress page; a page
# the corrections say to ignore): the dataset leaves them out.
NOT_TO_CITE = {
    normalize_url("https://piedmontexedra.com/2025/03/__trashed-355"),
    normalize_url("https://www.voyaigestrategy.com/news/reddit-sues-anthropic"),
}
PUBLISHED = PublicationState.PUBLISHED
DRAFT = PublicationState.DRAFT
DATASET = read_dataset()


@pytest.fixture(scope="module", autouse=True)
def demo_output(demo_data) -> str:
    """The demo data, loaded once for the module (tests/conftest.py)."""
    return demo_data


@pytest.fixture
def research_urls() -> set[str]:
    """Every URL of both research files that may be cited, normalized as the Source model
    stores them."""
    missing = [path for path in RESEARCH_FILES if not path.exists()]
    if missing:
        pytest.skip(f"The research files are not at {missing} (shared/ is not beside the repo).")
    text = "\n".join(path.read_text(encoding="utf-8") for path in RESEARCH_FILES)
    urls = {normalize_url(url.rstrip(".,;:")) for url in re.findall(r"https?://[^\s)]+", text)}
    return urls - NOT_TO_CITE


def snapshot() -> dict[str, list[dict]]:
    """Every row of every table the loader touches, history and M2M tables included."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in ("cases", "articles"):
            tables[model._meta.label] = list(model.objects.order_by("pk").values())
    return tables


def history_rows() -> int:
    return sum(
        model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in ("cases", "articles")
        and model.__name__.startswith("Historical")
    )


def musk_event(date: dt.date) -> Event:
    return Event.objects.get(case__slug="musk-v-openai", date=date)


# --- The command ------------------------------------------------------------------------------


def test_the_command_prints_one_line_per_case_with_counts_and_a_summary(demo_output):
    lines = demo_output.splitlines()
    for case in DATASET.cases:
        assert any(line.strip().startswith(f"{case['short_title']}:") for line in lines)
    assert "Musk v. OpenAI: 13 roles, 13 events (7 published), 5 testimony (4 published)" in (
        demo_output
    )
    assert lines[-1].startswith(f"Demo data loaded: {len(DATASET.cases)} cases")
    assert "0 updated" in lines[-1]


def test_a_second_run_changes_no_row_and_adds_no_history(demo_output):
    before, history_before = snapshot(), history_rows()
    assert history_before > 0

    out = StringIO()
    call_command("load_demo", stdout=out)

    assert history_rows() == history_before
    assert snapshot() == before
    assert "— 0 created, 0 updated" in out.getvalue().splitlines()[-1]


def test_the_dataset_passes_its_own_checks():
    assert dataset_problems(DATASET) == []


def test_a_second_run_restores_known_fields_but_keeps_curators_additions_and_editors_decisions(
    demo_output,
):
    bartz_ruling = Event.objects.get(case__slug="bartz-v-anthropic", date=dt.date(2025, 6, 23))
    wsbtv = Source.objects.get(url__contains="wsbtv.com")
    bartz_ruling.citations.create(source=wsbtv)  # a curator added a source (any will do here)
    bartz_ruling.state = PUBLISHED  # and an editor published it
    bartz_ruling.made_public_at = timezone.now()
    bartz_ruling.save()
    wsbtv.authors = "A. Reporter"  # filled in by ingestion (the dataset does not know it)
    wsbtv.save()
    musk = Case.objects.get(slug="musk-v-openai")
    musk.summary = "Vandalised."
    musk.save()

    out = StringIO()
    call_command("load_demo", stdout=out)

    bartz_ruling.refresh_from_db()
    wsbtv.refresh_from_db()
    musk.refresh_from_db()
    assert bartz_ruling.state == PUBLISHED
    assert wsbtv.authors == "A. Reporter"
    assert musk.summary.startswith("Elon Musk claims")
    assert "— 0 created, 1 updated" in out.getvalue().splitlines()[-1]


def test_an_inconsistent_dataset_is_refused_with_a_message_saying_what_to_fix():
    before = snapshot()
    data = copy.deepcopy(DATASET)
    musk = data.cases[0]
    musk["events"][0]["kind"] = "party"
    musk["events"][1]["topics"] = ["no-such-topic"]
    musk["testimony"][0]["wording"] = {"https://example.org/x": "Partially."}
    musk["events"][2]["date"] = "2024-02-31"
    with pytest.raises(DemoDataError) as err:
        load_demo(data)
    message = str(err.value)
    assert "'party' is not one of" in message
    assert "unknown topic 'no-such-topic'" in message
    assert "which it does not cite" in message
    assert "not a real date" in message
    assert "fix demo/data/cases.json" in message
    assert snapshot() == before


def test_a_row_breaking_a_model_rule_rolls_the_whole_load_back(demo_output):
    data = copy.deepcopy(DATASET)
    kadrey = next(case for case in data.cases if case["slug"] == "kadrey-v-meta")
    kadrey["docket_number"] = "3:24-cv-05417"  # Bartz's docket number in the same court
    kadrey["summary"] = "Changed."
    with pytest.raises(DemoDataError, match="already has this docket number"):
        load_demo(data)
    kadrey_case = Case.objects.get(slug="kadrey-v-meta")
    assert kadrey_case.docket_number == "3:23-cv-03417-VC"


# --- Publication rules ------------------------------------------------------------------------


def test_every_published_event_and_testimony_cites_a_source_and_has_a_published_case(
    demo_output,
):
    published = [*Event.objects.published(), *case_models.Testimony.objects.published()]
    assert len(published) >= 20
    for entry in published:
        assert entry.citations.exists(), entry
        assert entry.case.is_published, entry
        assert all(citation.source.is_published for citation in entry.citations.all()), entry


def test_published_entries_cite_only_urls_of_the_research_file(demo_output, research_urls):
    cited = set(
        EventCitation.objects.filter(event__state=PUBLISHED).values_list("source__url", flat=True)
    ) | set(
        case_models.TestimonyCitation.objects.filter(testimony__state=PUBLISHED).values_list(
            "source__url", flat=True
        )
    )
    assert cited
    assert cited <= research_urls


def test_every_url_of_the_research_file_is_a_source_under_its_hosts_outlet(
    demo_output, research_urls
):
    assert set(Source.objects.values_list("url", flat=True)) == research_urls
    for source in Source.objects.select_related("outlet"):
        assert source.outlet.domain == url_host(source.url)
        assert source.outlet.name and source.outlet.name != source.outlet.domain
    assert Outlet.objects.count() == len({url_host(url) for url in research_urls})


@pytest.mark.parametrize(
    ("case", "date", "title"),
    [
        ("musk-v-openai", dt.date(2026, 1, 7), "Judge rules the case goes to a jury trial"),
        ("musk-v-openai", dt.date(2026, 5, 11), "Satya Nadella testifies"),
        ("nyt-v-microsoft", dt.date(2026, 4, 2), "Summary-judgment briefing closes"),
        ("bartz-v-anthropic", dt.date(2026, 5, 14), "Final approval of the settlement held back"),
        ("andersen-v-stability-ai", dt.date(2026, 9, 8), "Trial date"),
    ],
)
def test_uncertain_events_are_loaded_as_drafts(demo_output, case, date, title):
    event = Event.objects.get(case__slug=case, date=date, title=title)
    assert event.state == DRAFT
    assert "[U]" in event.history.earliest().history_change_reason


def test_the_uncertain_altman_quote_is_a_draft(demo_output):
    quote = case_models.Testimony.objects.get(excerpt__contains="wrap my head")
    assert quote.state == DRAFT
    assert quote.witness.slug == "samuel-altman"
    assert quote.citations.get().source.url.startswith("https://efinder.lk/")
    assert quote.citations.get().source.state == DRAFT  # cited only by a draft


def test_facts_without_a_source_url_are_drafts_without_invented_citations(demo_output):
    bartz_ruling = Event.objects.get(case__slug="bartz-v-anthropic", date=dt.date(2025, 6, 23))
    assert bartz_ruling.state == DRAFT
    assert not bartz_ruling.citations.exists()
    assert "no source URL" in bartz_ruling.history.earliest().history_change_reason
    # The Stein quote shares its day with a sourced ruling, but the research ties no URL to it.
    stein = case_models.Testimony.objects.get(
        witness__slug="sidney-stein", case__slug="authors-guild-v-openai"
    )
    assert stein.state == DRAFT
    assert not stein.citations.exists()
    assert musk_event(dt.date(2026, 4, 27)).state == DRAFT  # jury selection: no URL at hand


def test_the_uncorroborated_simplabots_quote_is_never_published(demo_output):
    simplabots = Source.objects.get(url__contains="simplabots.com")
    assert simplabots.state == DRAFT
    assert "UNCORROBORATED" in simplabots.summary
    assert not case_models.Testimony.objects.published().filter(sources=simplabots).exists()
    assert not Event.objects.published().filter(sources=simplabots).exists()


# --- Musk v. OpenAI ---------------------------------------------------------------------------


def test_musks_partly_answer_is_published_with_its_five_sources(demo_output):
    partly = case_models.Testimony.objects.get(excerpt="Partly.")
    assert partly.state == PUBLISHED
    assert partly.case.slug == "musk-v-openai"
    assert partly.witness.name == "Elon Musk"
    assert (partly.date, partly.date_precision) == (dt.date(2026, 4, 30), Precision.DAY)
    assert partly.setting == case_models.Testimony.Setting.TRIAL
    assert partly.phase == case_models.Testimony.Phase.CROSS
    assert partly.examining_counsel.name == "William Savitt"
    assert "So that's a yes" in partly.context
    assert "distilled OpenAI's models" in partly.context
    assert list(partly.topics.values_list("name", flat=True)) == ["Model distillation"]

    wordings = {c.source.outlet.domain: c.wording for c in partly.citations.all()}
    assert set(wordings) == {
        "thelgtm.dev",
        "techlusive.in",
        "ai-tldr.dev",
        "aipedia.wiki",
        "shmews.com",
    }
    assert wordings["shmews.com"] == "Partially."
    assert {w for domain, w in wordings.items() if domain != "shmews.com"} == {""}


def test_the_techlusive_source_has_its_title_author_and_indian_publication_time(demo_output):
    techlusive = Source.objects.get(outlet__domain="techlusive.in")
    assert (
        techlusive.title == "Elon Musk reveals xAI relied on OpenAI models “partly” to train Grok"
    )
    assert techlusive.authors == "Shubham Arora"
    assert techlusive.published_at == dt.datetime(
        2026, 5, 1, 17, 10, tzinfo=ZoneInfo("Asia/Kolkata")
    )
    assert techlusive.state == PUBLISHED
    assert list(techlusive.cases.values_list("slug", flat=True)) == ["musk-v-openai"]
    # Without a headline in the research or the URL, the title says what the source is cited for.
    assert Source.objects.get(outlet__domain="shmews.com").title == (
        "Musk v. OpenAI: Musk cross-examined about model distillation"
    )


def test_the_standard_practice_quote_is_published_testimony_from_the_same_cross(demo_output):
    quote = case_models.Testimony.objects.get(
        excerpt="It is standard practice to use other AIs to validate your AI."
    )
    assert quote.state == PUBLISHED
    assert quote.examining_counsel.slug == "william-savitt"
    assert quote.citations.count() == 5


def test_musk_v_openai_has_its_court_judge_parties_and_counsel(demo_output):
    musk = Case.objects.get(slug="musk-v-openai")
    assert musk.caption == "Elon Musk et al. v. Samuel Altman et al."
    assert musk.docket_number == "4:24-cv-04722-YGR"
    assert musk.court.courtlistener_id == "cand"
    # Judgment for the defendants, then Musk's appeal (corrections to part 1).
    assert (musk.filed_on, musk.status) == (dt.date(2024, 8, 5), Case.Status.ON_APPEAL)
    roles = {(r.party.slug, r.role) for r in musk.roles.select_related("party")}
    assert {
        ("elon-musk", "plaintiff"),
        ("xai", "plaintiff"),
        ("samuel-altman", "defendant"),
        ("gregory-brockman", "defendant"),
        ("openai", "defendant"),
        ("microsoft", "defendant"),
        ("reid-hoffman", "defendant"),
        ("dee-templeton", "defendant"),
        ("openai", "counter_claimant"),
        ("yvonne-gonzalez-rogers", "judge"),
        ("william-savitt", "counsel"),
    } <= roles
    savitt = musk.roles.get(party__slug="william-savitt")
    assert savitt.represents.slug == "openai"
    assert musk.events.count() == 13
    assert musk.testimony.count() == 5


def test_judges_statements_are_testimony_from_a_hearing_or_a_ruling(demo_output):
    judge_ids = CaseRole.objects.filter(role__in=["judge", "magistrate_judge"]).values("party")
    statements = case_models.Testimony.objects.filter(witness__in=judge_ids)
    assert statements.count() >= 8
    assert set(statements.values_list("setting", flat=True)) <= {"hearing", "ruling"}


# --- Dates, cases, parties --------------------------------------------------------------------


def test_month_and_year_only_dates_keep_their_precision(demo_output):
    amended = musk_event(dt.date(2024, 11, 1))
    assert amended.date_precision == Precision.MONTH
    assert amended.date_display == "November 2024"
    assert amended.title.startswith("Amended complaint")
    ross = Case.objects.get(slug="thomson-reuters-v-ross")
    assert (ross.filed_on, ross.filed_on_precision) == (dt.date(2020, 5, 1), Precision.MONTH)
    # Sources disagree on the Authors Guild filing day, so only the month is stored.
    assert Case.objects.get(slug="authors-guild-v-openai").filed_display == "September 2023"
    chhabria = case_models.Testimony.objects.get(witness__slug="vince-chhabria")
    assert chhabria.date_display == "2025"
    # The day of the jury-trial hearing is disputed (7 or 8 January): its quote keeps the month.
    hearing = case_models.Testimony.objects.get(excerpt__startswith="I think there's plenty")
    assert (hearing.date_display, hearing.state) == ("January 2026", PUBLISHED)


def test_all_the_research_cases_are_published_with_a_court_and_a_judge(demo_output):
    cases = Case.objects.published().exclude(slug="in-re-openai-copyright-litigation")
    assert cases.count() == 41
    for case in cases.filter(slug__in=[c["slug"] for c in DATASET.cases[:11]]):
        assert case.roles.filter(role="judge").exists(), case
        assert case.summary, case
    assert Case.objects.get(slug="xai-v-openai-trade-secrets").docket_number == ""
    mdl = Case.objects.get(slug="in-re-openai-copyright-litigation")
    assert set(mdl.member_cases.values_list("slug", flat=True)) == {
        "nyt-v-microsoft",
        "authors-guild-v-openai",
        "tremblay-v-openai",
        "ziff-davis-v-openai",
    }
    assert Case.objects.filter(events__state=PUBLISHED).distinct().count() >= 7


def test_aliases_are_whole_names_that_find_mentions_without_common_words(demo_output):
    assert Party.objects.get(slug="elon-musk").alias_list == ["Musk"]
    assert set(Party.objects.get(slug="samuel-altman").alias_list) == {"Sam Altman", "Altman"}
    assert "Microsoft" in Party.objects.get(slug="microsoft").names
    assert "xAI" in Party.objects.get(slug="xai").names
    every_alias = {alias for party in Party.objects.all() for alias in party.names}
    assert not every_alias & {"X", "Stein", "Reuters", "Lee", "Orrick", "Times"}


def test_topics_are_attached_where_the_research_makes_them_clear(demo_output):
    distillation = DATASET.topics[0]["slug"]
    musk = Case.objects.get(slug="musk-v-openai")
    assert musk.topics.filter(slug=distillation).exists()
    assert musk_event(dt.date(2026, 4, 30)).topics.filter(slug=distillation).exists()
    assert (
        Case.objects.get(slug="bartz-v-anthropic").topics.filter(slug="class-settlement").exists()
    )
