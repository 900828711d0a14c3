"""The timeline read model: order, drafts, keyset pages, fixed query counts, the overview."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import models as domain
from cases.models import Event
from cases.timeline.builder import build_timeline
from cases.timeline.entries import Cursor, EntryKind, InvalidCursor, citation_text, group_by_month
from cases.timeline.overview import timeline_overview
from cases.timeline.scopes import case_scope, citing_scope, party_scope, topic_scope
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
DRAFT = PublicationState.DRAFT


def _source_on(case, day: dt.date, **extra):
    source = SourceFactory(
        published_at=dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC), **extra
    )
    source.cases.add(case)
    return source


def _all_pages(scope, **kwargs):
    """Walk a timeline forwards page by page; return the entries and the number of pages."""
    page = build_timeline(scope, **kwargs)
    entries, pages = list(page.entries), 1
    while page.next_cursor:
        page = build_timeline(scope, after=Cursor.decode(page.next_cursor.encode()), **kwargs)
        entries += page.entries
        pages += 1
    return entries, pages


@pytest.fixture
def busy_case():
    """A case with entries of every kind and precision, several on the same day."""
    case = CaseFactory()
    day = dt.date(2025, 3, 1)
    for offset in range(6):
        EventFactory(case=case, date=day + dt.timedelta(days=offset))
        TestimonyFactory(case=case, date=day + dt.timedelta(days=offset))
        _source_on(case, day + dt.timedelta(days=offset))
    EventFactory(case=case, date=dt.date(2025, 1, 1), date_precision=Precision.YEAR)
    EventFactory(case=case, date=dt.date(2025, 3, 1), date_precision=Precision.MONTH)
    TestimonyFactory(case=case, date=dt.date(2025, 3, 1), date_precision=Precision.MONTH)
    return case


def test_entries_merge_by_date_then_vaguer_precision_then_kind_then_id(busy_case):
    entries = build_timeline(case_scope(busy_case), page_size=100).entries
    keys = [entry.sort_key for entry in entries]
    assert keys == sorted(keys)
    assert len(entries) == 21
    first_march = [(e.kind, e.precision) for e in entries if e.date == dt.date(2025, 3, 1)]
    assert first_march == [
        ("event", "month"),
        ("testimony", "month"),
        ("event", "day"),
        ("source", "day"),
        ("testimony", "day"),
    ]
    assert entries[0].precision == Precision.YEAR and entries[0].date_display == "2025"


def test_paging_forwards_and_backwards_visits_every_entry_once_in_order(busy_case):
    scope = case_scope(busy_case)
    everything = [e.sort_key for e in build_timeline(scope, page_size=100).entries]
    forwards, pages = _all_pages(scope, page_size=4)
    assert [e.sort_key for e in forwards] == everything
    assert pages == 6

    page = build_timeline(scope, latest=True, page_size=4)
    backwards = list(page.entries)
    while page.previous_cursor:
        page = build_timeline(scope, before=page.previous_cursor, page_size=4)
        backwards = page.entries + backwards
    assert [e.sort_key for e in backwards] == everything


def test_the_first_page_has_no_previous_and_the_last_no_next(busy_case):
    scope = case_scope(busy_case)
    first = build_timeline(scope, page_size=5)
    assert first.previous_cursor is None and first.next_cursor is not None
    last = build_timeline(scope, latest=True, page_size=5)
    assert last.next_cursor is None and last.previous_cursor is not None


def test_a_start_date_jumps_to_the_first_entry_on_or_after_it(busy_case):
    page = build_timeline(
        case_scope(busy_case), after=Cursor.start_of(dt.date(2025, 3, 3)), page_size=3
    )
    assert [e.date for e in page.entries] == [dt.date(2025, 3, 3)] * 3
    assert page.previous_cursor is not None


def test_kinds_restrict_the_timeline(busy_case):
    entries = build_timeline(case_scope(busy_case), kinds=["testimony"], page_size=100).entries
    assert {e.kind for e in entries} == {"testimony"} and len(entries) == 7


def test_sources_of_the_same_day_are_ordered_by_id_across_a_page_boundary():
    case = CaseFactory()
    day = dt.date(2025, 5, 5)
    # Published later in the day but created first: the day's order is by id, not by time.
    late = SourceFactory(published_at=dt.datetime.combine(day, dt.time(23), tzinfo=dt.UTC))
    early = SourceFactory(published_at=dt.datetime.combine(day, dt.time(1), tzinfo=dt.UTC))
    for source in (late, early):
        source.cases.add(case)
    entries, _pages = _all_pages(case_scope(case), page_size=1)
    assert [e.id for e in entries] == [late.pk, early.pk]


def test_drafts_never_appear_nor_entries_of_draft_cases():
    case = CaseFactory()
    EventFactory(case=case, title="public")
    EventFactory(case=case, title="hidden", state=DRAFT)
    TestimonyFactory(case=case, state=DRAFT)
    _source_on(case, dt.date(2025, 1, 2), state=DRAFT)
    draft_case = CaseFactory(state=DRAFT)
    EventFactory(case=draft_case)
    entries = build_timeline(case_scope(case)).entries
    assert [e.title for e in entries] == ["public"]
    assert build_timeline(case_scope(draft_case)).entries == []
    assert timeline_overview(case_scope(draft_case)).is_empty


def test_a_published_entry_citing_a_draft_source_does_not_show_that_source():
    case = CaseFactory()
    draft_source = SourceFactory(state=DRAFT, title="secret draft")
    event = EventFactory(case=case, cite=draft_source)
    public = SourceFactory(title="public article")
    event.citations.create(source=public)
    (entry,) = build_timeline(case_scope(case), kinds=["event"]).entries
    assert [c.title for c in entry.citations] == ["public article"]


def test_testimony_counts_distinct_outlets_and_keeps_differing_wordings():
    case = CaseFactory()
    techlusive, lgtm, shmews = (OutletFactory(name=n) for n in ("Techlusive", "LGTM", "Shmews"))
    testimony = TestimonyFactory(case=case, excerpt="Partly.", cite=False)
    for outlet, wording in [(techlusive, ""), (techlusive, ""), (lgtm, ""), (shmews, "Partially.")]:
        domain.TestimonyCitation.objects.create(
            testimony=testimony, source=SourceFactory(outlet=outlet), wording=wording
        )
    (entry,) = build_timeline(case_scope(case), kinds=["testimony"]).entries
    details = entry.testimony
    assert details.independent_sources == 3
    assert details.worded_differently
    assert [(w.text, w.outlets) for w in details.wordings] == [
        ("Partly.", ("Techlusive", "LGTM")),
        ("Partially.", ("Shmews",)),
    ]


def test_entries_carry_what_the_page_shows():
    case = CaseFactory(short_title="Musk v. OpenAI", docket_number="4:24-cv-04722-YGR")
    witness, counsel = PartyFactory(name="Elon Musk"), PartyFactory(name="William Savitt")
    source = SourceFactory(outlet=OutletFactory(name="Techlusive"))
    TestimonyFactory(
        case=case,
        witness=witness,
        examining_counsel=counsel,
        phase=domain.Testimony.Phase.CROSS,
        is_verbatim=True,
        excerpt="Partly.",
        cite=source,
    )
    (entry,) = build_timeline(case_scope(case)).entries
    assert entry.url == f"/testimony/{entry.id}/"
    assert entry.title == "Elon Musk, trial testimony"
    assert entry.testimony.examining_counsel.name == "William Savitt"
    assert entry.testimony.phase_label == "Cross-examination"
    assert entry.citations[0].outlet == "Techlusive"
    assert entry.case.short_title == "Musk v. OpenAI"
    text = citation_text(entry, "https://tracker.example/testimony/1/")
    assert text.startswith("“Partly.” — Elon Musk, trial testimony (cross-examination by")
    assert "Musk v. OpenAI, No. 4:24-cv-04722-YGR" in text
    assert "reported by Techlusive" in text


def test_a_page_costs_four_queries_whatever_the_case_size(django_assert_num_queries):
    small, large = CaseFactory(), CaseFactory()
    for case, count in ((small, 3), (large, 60)):
        for index in range(count):
            day = dt.date(2024, 1, 1) + dt.timedelta(days=index)
            EventFactory(case=case, date=day)
            TestimonyFactory(case=case, date=day)
            _source_on(case, day)
    for case in (small, large):
        with django_assert_num_queries(4):
            build_timeline(case_scope(case), page_size=50)


def test_timeline_pages_never_read_the_source_text():
    case = CaseFactory()
    EventFactory(case=case, cite=_source_on(case, dt.date(2025, 1, 1), text="HUGE " * 1000))
    with CaptureQueriesContext(connection) as queries:
        build_timeline(case_scope(case))
        timeline_overview(case_scope(case))
    assert queries.captured_queries
    assert not any('"articles_source"."text"' in q["sql"] for q in queries.captured_queries)


def test_party_timeline_has_their_testimony_and_the_events_of_their_cases():
    musk = PartyFactory(name="Elon Musk")
    theirs, other = CaseFactory(), CaseFactory()
    CaseRoleFactory(case=theirs, party=musk)
    EventFactory(case=theirs, title="in their case")
    EventFactory(case=other, title="elsewhere")
    TestimonyFactory(case=other, witness=musk, excerpt="said elsewhere")
    TestimonyFactory(case=theirs, excerpt="someone else spoke")
    entries = build_timeline(party_scope(musk)).entries
    assert {e.title if e.event else e.text for e in entries} == {
        "in their case",
        "said elsewhere",
    }
    assert {e.case.id for e in entries} == {theirs.pk, other.pk}


def test_topic_timeline_spans_cases_and_skips_draft_cases():
    topic = TopicFactory(name="Model distillation")
    first, second, hidden = CaseFactory(), CaseFactory(), CaseFactory(state=DRAFT)
    for case in (first, second, hidden):
        EventFactory(case=case).topics.add(topic)
    TestimonyFactory(case=second).topics.add(topic)
    EventFactory(case=first)  # not tagged
    entries = build_timeline(topic_scope(topic)).entries
    assert len(entries) == 3
    assert {e.case.id for e in entries} == {first.pk, second.pk}


def test_citing_scope_lists_the_entries_that_cite_a_source():
    source = SourceFactory()
    event = EventFactory(cite=source)
    testimony = TestimonyFactory(cite=source)
    EventFactory()
    entries = build_timeline(citing_scope(source.pk)).entries
    assert {(e.kind, e.id) for e in entries} == {("event", event.pk), ("testimony", testimony.pk)}


@pytest.mark.parametrize(
    "text",
    ["", "nonsense", "2026-02-31.day.event.1", "2026-01-01.week.event.1", "2026-01-01.day.x.1"],
)
def test_a_damaged_cursor_is_refused_with_a_message(text):
    with pytest.raises(InvalidCursor, match="Start again from the first page"):
        Cursor.decode(text)


def test_a_cursor_survives_its_url_form():
    cursor = Cursor(dt.date(2026, 4, 30), "day", "testimony", 42)
    assert Cursor.decode(cursor.encode()) == cursor


def test_grouping_puts_year_only_entries_first_in_their_year(busy_case):
    entries = build_timeline(case_scope(busy_case), page_size=100).entries
    (year,) = group_by_month(entries)
    assert [month.label for month in year.months] == ["2025", "March 2025"]
    assert len(year.months[0].entries) == 1


def test_the_overview_counts_up_to_its_cap_and_lists_the_latest_major_events():
    case = CaseFactory()
    for day in range(1, 8):
        EventFactory(case=case, date=dt.date(2025, 1, day))
    EventFactory(case=case, date=dt.date(2025, 3, 2), importance=Event.Importance.MAJOR, title="A")
    EventFactory(case=case, date=dt.date(2025, 4, 2), importance=Event.Importance.MAJOR, title="B")
    TestimonyFactory(case=case, date=dt.date(2025, 4, 9))
    overview = timeline_overview(case_scope(case), cap=5, major_limit=1)
    assert (overview.first, overview.last, overview.unit) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 4, 9),
        "month",
    )
    counts = {b.start: (b.counts["event"], b.counts["testimony"]) for b in overview.buckets}
    assert [counts[dt.date(2025, month, 1)] for month in (1, 2, 3, 4)] == [
        (5, 0),
        (0, 0),
        (1, 0),
        (1, 1),
    ]
    assert sum(event for event, _testimony in counts.values()) == 7
    assert [e.title for e in overview.major_events] == ["B"]
    assert overview.more_major_events


def test_a_short_span_is_drawn_over_at_least_twelve_months():
    case = CaseFactory()
    EventFactory(case=case, date=dt.date(2026, 4, 27))
    EventFactory(case=case, date=dt.date(2026, 4, 30))
    overview = timeline_overview(case_scope(case))
    assert len(overview.buckets) == 12 and overview.unit == "month"
    assert overview.buckets[0].start < dt.date(2026, 4, 1) < overview.buckets[-1].end
    assert (overview.first, overview.last) == (dt.date(2026, 4, 27), dt.date(2026, 4, 30))


def test_long_spans_use_coarser_buckets():
    case = CaseFactory()
    EventFactory(case=case, date=dt.date(2001, 1, 1))
    EventFactory(case=case, date=dt.date(2026, 6, 1))
    overview = timeline_overview(case_scope(case))
    assert overview.unit == "year" and len(overview.buckets) == 26


def test_the_overview_costs_three_queries_whatever_the_size(django_assert_num_queries):
    for count in (2, 80):
        case = CaseFactory()
        for index in range(count):
            EventFactory(case=case, date=dt.date(2020, 1, 1) + dt.timedelta(days=index * 9))
            _source_on(case, dt.date(2020, 1, 1) + dt.timedelta(days=index * 5))
        with django_assert_num_queries(3):
            timeline_overview(case_scope(case))


def test_entry_kinds_sort_in_timeline_order():
    assert list(EntryKind.values) == sorted(EntryKind.values)
