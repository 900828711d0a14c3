"""The case page: header, parties, visual timeline, entries, filters, pages, drafts."""

import datetime as dt

import pytest
from django.urls import reverse

from cases.models import CaseRole, Event
from core.dates import Precision
from core.publishing import PublicationState
from tests.factories import (
    ApplicationAreaFactory,
    CaseFactory,
    CaseRoleFactory,
    CauseOfActionFactory,
    EventFactory,
    OutletFactory,
    PartyFactory,
    SourceFactory,
    TestimonyFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db
DRAFT = PublicationState.DRAFT


def _grow(case, count: int) -> None:
    """`count` days with an event, a statement and a source each."""
    for index in range(count):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=index * 3)
        EventFactory(
            case=case, date=day, importance=Event.Importance.MAJOR if index % 7 else "minor"
        )
        TestimonyFactory(case=case, date=day)
        source = SourceFactory(published_at=dt.datetime.combine(day, dt.time(8), tzinfo=dt.UTC))
        source.cases.add(case)


def _url(case, **params) -> str:
    return reverse("cases:case-detail", kwargs={"slug": case.slug})


@pytest.fixture
def musk_case():
    case = CaseFactory(
        short_title="Musk v. OpenAI",
        caption="Elon Musk et al. v. Samuel Altman et al.",
        docket_number="4:24-cv-04722-YGR",
        courtlistener_docket_id=69013420,
        filed_on=dt.date(2024, 8, 5),
    )
    case.topics.add(TopicFactory(name="Model distillation", slug="model-distillation"))
    musk, openai = PartyFactory(name="Elon Musk"), PartyFactory(name="OpenAI")
    savitt, judge = PartyFactory(name="William Savitt"), PartyFactory(name="Yvonne Gonzalez Rogers")
    CaseRoleFactory(case=case, party=musk, role=CaseRole.Role.PLAINTIFF)
    CaseRoleFactory(case=case, party=openai, role=CaseRole.Role.DEFENDANT)
    CaseRoleFactory(case=case, party=openai, role=CaseRole.Role.COUNTER_CLAIMANT)
    CaseRoleFactory(case=case, party=savitt, role=CaseRole.Role.COUNSEL, represents=openai)
    CaseRoleFactory(case=case, party=judge, role=CaseRole.Role.JUDGE)
    return case


def test_the_header_names_court_docket_judge_status_filing_and_topics(client, musk_case):
    response = client.get(_url(musk_case))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Musk v. OpenAI</h1>" in html
    assert "Elon Musk et al. v. Samuel Altman et al." in html
    assert 'href="https://www.courtlistener.com/docket/69013420/' in html
    assert "4:24-cv-04722-YGR" in html
    assert "Yvonne Gonzalez Rogers" in html
    assert "5 August 2024" in html
    assert 'href="/topics/model-distillation/"' in html


def test_a_docket_number_without_a_courtlistener_id_is_not_a_link(client):
    case = CaseFactory(docket_number="1:23-cv-11195", courtlistener_docket_id=None)
    html = client.get(_url(case)).content.decode()
    assert "1:23-cv-11195" in html and "courtlistener.com" not in html


def test_parties_are_grouped_by_side_with_their_counsel(client, musk_case):
    parties = client.get(_url(musk_case)).context["parties"]
    sides = {side.title: [p.party.name for p in side.parties] for side in parties.sides}
    assert sides == {"Plaintiffs": ["Elon Musk"], "Defendants": ["OpenAI"]}
    openai = parties.sides[1].parties[0]
    assert [role.party.name for role in openai.counsel] == ["William Savitt"]
    assert openai.role_labels == ["Defendant", "Counter-claimant"]
    assert [role.party.name for role in parties.judges] == ["Yvonne Gonzalez Rogers"]


def test_related_cases_show_only_when_published(client, musk_case):
    CaseFactory(short_title="Musk v. OpenAI (9th Cir.)", appeal_of=musk_case)
    CaseFactory(short_title="Secret draft appeal", appeal_of=musk_case, state=DRAFT)
    html = client.get(_url(musk_case)).content.decode()
    assert "Musk v. OpenAI (9th Cir.)" in html
    assert "Secret draft appeal" not in html


def test_testimony_shows_witness_setting_counsel_verbatim_sources_and_both_wordings(
    client, musk_case
):
    musk = PartyFactory(name="Elon Musk", slug="elon-musk")
    savitt = PartyFactory(name="William Savitt", slug="william-savitt")
    statement = TestimonyFactory(
        case=musk_case,
        witness=musk,
        examining_counsel=savitt,
        phase="cross",
        excerpt="Partly.",
        cite=SourceFactory(outlet=OutletFactory(name="Techlusive")),
    )
    statement.citations.create(
        source=SourceFactory(outlet=OutletFactory(name="Shmews")), wording="Partially."
    )
    statement.citations.create(
        source=SourceFactory(outlet=OutletFactory(name="Draft Outlet"), state=DRAFT)
    )
    html = client.get(_url(musk_case)).content.decode()
    assert "“Partly.”" in html and "Partially." in html
    assert "trial, cross-examination by" in html and "William Savitt" in html
    assert "Verbatim quote" in html
    assert "2 independent sources" in html
    assert "Sources word it differently" in html
    assert "Draft Outlet" not in html
    assert f'href="/testimony/{statement.pk}/"' in html


def test_entries_are_grouped_by_year_and_month_with_dates_at_their_precision(client, musk_case):
    EventFactory(case=musk_case, date=dt.date(2024, 11, 1), date_precision=Precision.MONTH)
    EventFactory(case=musk_case, date=dt.date(2026, 4, 27), title="Jury selection begins")
    html = client.get(_url(musk_case)).content.decode()
    assert '<time datetime="2024-11">November 2024</time>' in html
    assert "2024-11-01" not in html
    assert '<time datetime="2026-04-27">27 April 2026</time>' in html
    assert html.index(">2024</h3>") < html.index(">2026</h3>")


def test_the_kind_filter_shows_only_that_kind(client, musk_case):
    EventFactory(case=musk_case, title="An event")
    TestimonyFactory(case=musk_case, excerpt="A statement")
    response = client.get(_url(musk_case), {"kind": "testimony"})
    assert response.status_code == 200
    assert {e.kind for e in response.context["timeline"].entries} == {"testimony"}
    assert "A statement" in response.content.decode()
    assert '<a href="?kind=testimony#entries" aria-current="true">' in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kind": "rumour"}, "There is no entry kind"),
        ({"after": "2026-13-01.day.event.1"}, "is not valid"),
        ({"before": "junk"}, "is not valid"),
        ({"from": "2026-02-31"}, "not a real date"),
        ({"from": "May"}, "use YYYY, YYYY-MM or YYYY-MM-DD"),
        ({"after": "2026-01-01.day.event.1", "latest": "1"}, "not both"),
        ({"after": "9999-12-31.day.event.1"}, "is not valid"),
        ({"before": "9999-12-31.day.source.1"}, "is not valid"),
        ({"after": "2026-01-01.day.event.99999999999999999999999"}, "is not valid"),
        ({"from": "9999-12-31"}, "outside the dates"),
    ],
)
def test_bad_timeline_parameters_get_a_400_that_explains(client, musk_case, params, message):
    response = client.get(_url(musk_case), params)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("day", "precision"),
    [
        (dt.date(9999, 12, 31), Precision.DAY),
        (dt.date(9998, 12, 31), Precision.DAY),
        (dt.date(9999, 12, 1), Precision.MONTH),
        (dt.date(1, 1, 1), Precision.YEAR),
        (dt.date(50, 1, 1), Precision.YEAR),
    ],
)
def test_dates_stored_outside_the_accepted_years_do_not_break_the_pages(client, day, precision):
    """Such dates are refused on input now; ones stored earlier still show, and the visual
    timeline keeps to the years it can lay out."""
    case = CaseFactory(slug="odd")
    party = PartyFactory(slug="odd-party")
    CaseRoleFactory(case=case, party=party)
    topic = TopicFactory(slug="odd-topic")
    for importance in ("major", "minor"):
        EventFactory(case=case, date=dt.date(2024, 5, 1), importance=importance).topics.add(topic)
        odd = EventFactory(case=case, title=f"Odd {importance}", importance=importance)
        odd.topics.add(topic)
        Event.objects.filter(pk=odd.pk).update(date=day, date_precision=precision)
    for url in (_url(case), party.get_absolute_url(), topic.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Odd major" in response.content.decode()


def test_pages_follow_each_other_by_date(client, musk_case):
    _grow(musk_case, 30)  # 90 entries: two pages of 50
    first = client.get(_url(musk_case)).context
    assert first["pager"]["next"] and not first["pager"]["previous"]
    second = client.get(_url(musk_case) + first["pager"]["next"])
    assert second.status_code == 200
    last_of_first = first["timeline"].entries[-1].sort_key
    assert second.context["timeline"].entries[0].sort_key > last_of_first
    jump = client.get(_url(musk_case), {"from": "2024-03"}).context["timeline"].entries
    assert jump[0].date >= dt.date(2024, 3, 1)


def test_the_visual_timeline_is_an_svg_with_lanes_and_numbered_major_events(client, musk_case):
    EventFactory(case=musk_case, date=dt.date(2025, 3, 4), importance="major", title="PI denied")
    TestimonyFactory(case=musk_case, date=dt.date(2026, 4, 30))
    html = client.get(_url(musk_case)).content.decode()
    assert '<svg viewBox="0 0 1000' in html
    assert "chart__bars--testimony" in html and "chart__bars--event" in html
    assert 'class="chart__flag chart__flag--row0"' in html
    assert "PI denied" in html


def test_drafts_appear_nowhere_on_the_page(client, musk_case):
    EventFactory(case=musk_case, title="DRAFT event", state=DRAFT)
    EventFactory(
        case=musk_case,
        title="DRAFT major",
        importance="major",
        state=DRAFT,
        date=dt.date(2030, 1, 1),
    )
    TestimonyFactory(case=musk_case, excerpt="DRAFT statement", state=DRAFT)
    source = SourceFactory(title="DRAFT source", state=DRAFT)
    source.cases.add(musk_case)
    public = EventFactory(
        case=musk_case, title="public", cite=SourceFactory(title="DRAFT cited", state=DRAFT)
    )
    public.citations.create(source=SourceFactory(title="Published report"))
    html = client.get(_url(musk_case)).content.decode()
    assert "public" in html
    assert "DRAFT" not in html
    assert "2030" not in html  # the draft's date does not stretch the visual timeline


def test_a_draft_or_unknown_case_is_a_404(client):
    draft = CaseFactory(state=DRAFT)
    assert client.get(_url(draft)).status_code == 404
    assert client.get("/cases/no-such-case/").status_code == 404


@pytest.mark.parametrize("size", [2, 40])
def test_the_case_page_runs_fourteen_queries_whatever_its_size(
    client, musk_case, size, django_assert_num_queries
):
    CaseFactory(appeal_of=musk_case)
    _grow(musk_case, size)
    # Its causes of action and areas of application are one query each.
    musk_case.causes_of_action.add(*(CauseOfActionFactory() for _ in range(3)))
    musk_case.application_areas.add(ApplicationAreaFactory())
    # The header's latest development and next date are one more.
    with django_assert_num_queries(14):
        response = client.get(_url(musk_case))
    assert response.status_code == 200
