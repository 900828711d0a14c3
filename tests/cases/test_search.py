"""Search: published entries only, ranked and highlighted, fixed queries, indexed on PostgreSQL."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Source
from cases import models as case_models
from cases.models import Case, Event
from cases.search import hits as search_hits
from cases.search import query as search_service
from cases.search.query import EmptyQuery, SearchError, search
from core.dates import Precision
from core.publishing import PublicationState
from tests.factories import (
    CaseFactory,
    CourtFactory,
    EventFactory,
    OutletFactory,
    PartyFactory,
    SourceFactory,
    TestimonyFactory,
)

pytestmark = pytest.mark.django_db

DRAFT = PublicationState.DRAFT
SEARCH_URL = reverse("cases:search")


def hits_of(results):
    return [(hit.entry.kind, hit.title) for hit in results.hits]


@pytest.fixture
def musk_case():
    """A small slice of Musk v. OpenAI: one of each kind mentioning distillation."""
    case = CaseFactory(
        short_title="Musk v. OpenAI",
        slug="musk-v-openai",
        summary="Elon Musk says OpenAI abandoned its nonprofit mission.",
    )
    source = SourceFactory(
        title="Musk reveals xAI relied on OpenAI models to train Grok",
        outlet=OutletFactory(name="Techlusive", domain="techlusive.in"),
        text="Under cross-examination Musk conceded that xAI used distillation, partly.",
    )
    source.cases.add(case)
    testimony = TestimonyFactory(
        case=case,
        witness=PartyFactory(name="Elon Musk", slug="elon-musk"),
        excerpt="Partly.",
        context="Asked whether xAI had distilled OpenAI's models: “So that's a yes?”",
        cite=source,
    )
    event = EventFactory(
        case=case,
        title="Musk cross-examined about model distillation",
        date=dt.date(2026, 4, 30),
        cite=source,
    )
    return {"case": case, "source": source, "testimony": testimony, "event": event}


def test_an_empty_query_asks_for_words_instead_of_searching(client):
    with pytest.raises(EmptyQuery):
        search("   ")
    response = client.get(SEARCH_URL, {"q": "  "})
    assert response.status_code == 200
    assert "Type a word or two" in response.content.decode()
    assert 'role="search"' in response.content.decode()
    assert '<label for="search-q">' in response.content.decode()


def test_search_finds_testimony_event_and_source_about_distillation(musk_case):
    results = search("distillation")
    kinds = {hit.entry.kind for hit in results.hits}
    assert kinds == {"event", "testimony", "source"}
    testimony = next(hit for hit in results.hits if hit.entry.kind == "testimony")
    assert testimony.title == "Elon Musk"
    assert testimony.snippet == "Partly."
    assert testimony.entry.url == musk_case["testimony"].get_absolute_url()
    assert [case.short_title for case in testimony.cases] == ["Musk v. OpenAI"]
    assert testimony.entry.date_display == "30 April 2026"
    assert results.counts == {"case": 0, "event": 1, "testimony": 1, "source": 1}


def test_a_case_is_found_by_its_title_and_summary(musk_case):
    results = search("nonprofit mission")
    assert hits_of(results) == [("case", "Musk v. OpenAI")]
    assert results.hits[0].entry.url == reverse(
        "cases:case-detail", kwargs={"slug": "musk-v-openai"}
    )


def test_words_are_stemmed_so_distilled_finds_distillation(musk_case):
    kinds = {hit.entry.kind for hit in search("distilled").hits}
    assert {"event", "testimony", "source"} <= kinds


def test_drafts_never_appear_in_results_or_counts(musk_case):
    draft_case = CaseFactory(short_title="Secret v. Draft", summary="zebra", state=DRAFT)
    EventFactory(case=draft_case, title="zebra in a draft case")
    EventFactory(case=musk_case["case"], title="zebra draft event", state=DRAFT)
    TestimonyFactory(case=musk_case["case"], excerpt="zebra draft testimony", state=DRAFT)
    SourceFactory(title="zebra draft source", state=DRAFT)
    visible = EventFactory(case=musk_case["case"], title="zebra published event")

    results = search("zebra")

    assert hits_of(results) == [("event", "zebra published event")]
    assert results.total == 1
    assert results.counts == {"case": 0, "event": 1, "testimony": 0, "source": 0}
    assert results.hits[0].entry.id == visible.pk


def test_the_index_follows_writes_that_bypass_the_models(musk_case):
    """The search document is computed by the database, so even QuerySet.update() (no save(),
    no service, no signal) is searchable at once."""
    Event.objects.filter(pk=musk_case["event"].pk).update(title="Sanctions hearing")
    assert hits_of(search("sanctions", kinds={"event"})) == [("event", "Sanctions hearing")]
    assert search("distillation", kinds={"event"}).total == 0


def test_a_source_hit_names_only_the_published_cases_it_reports_on(musk_case):
    draft_case = CaseFactory(short_title="Hidden v. Case", state=DRAFT)
    musk_case["source"].cases.add(draft_case)
    hit = next(hit for hit in search("Grok").hits if hit.entry.kind == "source")
    assert [case.short_title for case in hit.cases] == ["Musk v. OpenAI"]
    assert "Techlusive" in hit.meta


def test_a_word_in_a_title_ranks_above_the_same_word_in_a_source_text():
    SourceFactory(title="Court news", text="The court discussed the wombat at length.")
    EventFactory(title="Wombat hearing")
    results = search("wombat")
    assert [hit.entry.kind for hit in results.hits] == ["event", "source"]
    assert results.hits[0].rank > results.hits[1].rank


def test_websearch_syntax_supports_phrases_exclusion_and_or():
    EventFactory(title="Jury selection begins")
    EventFactory(title="Selection of the jury foreperson")
    EventFactory(title="Closing arguments")

    assert [h.title for h in search('"jury selection"').hits] == ["Jury selection begins"]
    assert [h.title for h in search("jury -foreperson").hits] == ["Jury selection begins"]
    assert {h.title for h in search("foreperson or closing").hits} == {
        "Selection of the jury foreperson",
        "Closing arguments",
    }


def test_snippets_mark_matches_and_escape_untrusted_html(client):
    source = SourceFactory(
        title="A <b>bold</b> headline about tarantulas",
        text='<script>alert("x")</script> The tarantula <mark>escaped</mark> & ran. ' * 3,
    )
    hit = search("tarantula").hits[0]
    assert hit.entry.id == source.pk
    assert "<script>" not in hit.snippet_html
    assert "&lt;script&gt;" in hit.snippet_html
    assert "&lt;mark&gt;escaped&lt;/mark&gt;" in hit.snippet_html
    assert re.search(r"<mark>tarantula</mark>", hit.snippet_html, re.I)
    # The only tags left are the marks we added.
    assert set(re.findall(r"</?(\w+)", hit.snippet_html)) == {"mark"}
    assert "&lt;b&gt;bold&lt;/b&gt;" in hit.title_html
    assert re.search(r"<mark>tarantulas</mark>", hit.title_html, re.I)

    page = client.get(SEARCH_URL, {"q": "tarantula"})
    html = page.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_marks_in_a_headline_are_balanced_even_if_the_text_contains_marker_characters():
    marked = search_hits._marked("a \ue001b\ue000c\ue000d <i>")
    assert str(marked) == "a b<mark>cd &lt;i&gt;</mark>"


def test_the_kind_filter_limits_hits_but_keeps_the_counts_of_every_kind(musk_case):
    results = search("distillation", kinds={"testimony"})
    assert hits_of(results) == [("testimony", "Elon Musk")]
    assert results.total == 1
    assert results.counts["event"] == 1


def test_kinds_may_be_repeated_or_comma_separated_and_unknown_kinds_are_explained():
    assert search_service.parse_kinds(["event,source", "testimony"]) == {
        "event",
        "source",
        "testimony",
    }
    with pytest.raises(SearchError, match="choose case, event, testimony, source"):
        search_service.parse_kinds(["events"])


def test_an_overlong_query_is_refused_with_the_limit(client):
    with pytest.raises(SearchError, match="limit is 200"):
        search("word " * 60)
    response = client.get(SEARCH_URL, {"q": "x" * 201})
    assert response.status_code == 400
    assert "the limit is 200" in response.content.decode()


def test_a_query_that_only_excludes_words_asks_for_a_word_to_look_for(client):
    with pytest.raises(SearchError, match="add a word to look for"):
        search("-grok")
    response = client.get(SEARCH_URL, {"q": '-grok -"model weights"'})
    assert response.status_code == 400
    assert "only says what to leave out" in response.content.decode()


def test_queries_the_index_cannot_answer_are_not_run_as_full_scans(musk_case):
    """ "a or -b" matches nearly every row and could only be found by computing every row's
    vector; such queries find nothing instead, and the planner skips the tables entirely."""
    with CaptureQueriesContext(connection) as queries:
        results = search("distillation or -grok")
    assert results.total == 0
    assert len(queries.captured_queries) == 1  # the counts; no page to fetch
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {queries.captured_queries[0]['sql']}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert plan.count("One-Time Filter: false") == 4
    assert "Scan on" not in plan


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"unclosed phrase',
        "-",
        "or",
        "or or or",
        "!!!",
        "((a",
        "a & b | !c",
        "foo:*",
        "<-> <2>",
        "'; DROP TABLE cases_case; --",
        "nul\x00byte",
        "\ue000mark\ue001",
        "the",
        "ü ñ 漢字 🙂",
        "\\",
    ],
)
def test_malformed_queries_never_fail(client, query):
    EventFactory(title="Mark the date")
    response = client.get(SEARCH_URL, {"q": query})
    assert response.status_code == 200
    assert "search-error" not in response.content.decode()


def test_the_search_page_labels_hits_by_kind_with_dates_at_their_precision(client, musk_case):
    EventFactory(
        case=musk_case["case"],
        title="Distillation ruling expected",
        date=dt.date(2026, 5, 1),
        date_precision=Precision.MONTH,
    )
    response = client.get(SEARCH_URL, {"q": "distillation"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "3 results" not in html and "4 results for “distillation”" in html
    assert '<time datetime="2026-05">May 2026</time>' in html
    assert '<time datetime="2026-04-30">30 April 2026</time>' in html
    assert '<p class="search-hit__kind">Testimony</p>' in html
    assert "Testimony (1)" in html and "Events (2)" in html
    assert f'href="{musk_case["testimony"].get_absolute_url()}"' in html


def test_the_search_page_refuses_unknown_kinds_and_bad_pages(client, musk_case):
    assert client.get(SEARCH_URL, {"q": "distillation", "kind": "docket"}).status_code == 400
    assert client.get(SEARCH_URL, {"q": "distillation", "page": "two"}).status_code == 400
    assert client.get(SEARCH_URL, {"q": "distillation", "page": "0"}).status_code == 400
    missing = client.get(SEARCH_URL, {"q": "distillation", "page": "2"})
    assert missing.status_code == 404
    assert "There is no page 2" in missing.content.decode()
    assert client.post(SEARCH_URL, {"q": "x"}).status_code == 405


def test_no_results_says_so_and_offers_to_widen_the_search(client, musk_case):
    response = client.get(SEARCH_URL, {"q": "distillation", "kind": "case"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "No published cases match “distillation”" in html
    assert "search every kind" in html


def test_results_are_paginated(client):
    case = CaseFactory()
    for day in range(1, 26):
        EventFactory(case=case, title=f"Status conference {day}", date=dt.date(2026, 3, day))
    first = search("conference", limit=20)
    second = search("conference", limit=20, offset=20)
    assert (first.total, len(first.hits), first.has_next) == (25, 20, True)
    assert (len(second.hits), second.has_next, second.has_previous) == (5, False, True)
    assert not {h.entry.id for h in first.hits} & {h.entry.id for h in second.hits}

    page2 = client.get(SEARCH_URL, {"q": "conference", "page": 2}).content.decode()
    assert 'rel="prev" href="?q=conference&amp;page=1"' in page2
    assert 'start="21"' in page2


def test_an_outlet_lists_its_published_sources_and_can_be_searched(client):
    outlet = OutletFactory(name="Techlusive", domain="techlusive.in")
    SourceFactory(
        outlet=outlet, title="Older piece", published_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    SourceFactory(outlet=outlet, title="Newer piece on Grok")
    SourceFactory(outlet=outlet, title="Draft piece", state=DRAFT)
    SourceFactory(title="Other outlet piece on Grok")

    listing = search("", outlet="techlusive.in")
    assert [h.title for h in listing.hits] == ["Newer piece on Grok", "Older piece"]
    assert [h.title for h in search("grok", outlet="techlusive.in").hits] == ["Newer piece on Grok"]
    response = client.get(outlet.get_absolute_url())
    assert response.status_code == 200
    assert "Sources from Techlusive" in response.content.decode()
    assert client.get(SEARCH_URL, {"outlet": "nowhere.example"}).status_code == 404
    assert client.get(SEARCH_URL, {"q": "grok", "outlet": ""}).status_code == 200  # no filter


@pytest.mark.parametrize(
    "params",
    [
        {"outlet": "\x00"},
        {"q": "a", "outlet": "a\x00b"},
        {"q": "a", "kind": "event\x00"},
        {"q": "a", "page": "1\x00"},
    ],
)
def test_a_nul_character_in_a_search_parameter_is_a_400_that_says_so(client, params):
    """PostgreSQL text cannot hold NUL: the outlet reached the database as given (a 500). The
    query text itself is cleaned instead (see above)."""
    OutletFactory(domain="a")
    response = client.get(SEARCH_URL, params)
    assert response.status_code == 400
    name = next(name for name in params if "\x00" in params[name])
    assert f"The {name}= in the address contains a NUL character" in response.content.decode()


def _populate(size: int) -> None:
    for n in range(size):
        case = CaseFactory(summary=f"A dispute about otters, number {n}.")
        source = SourceFactory(title=f"Otters in court {n}", text="otters " * 50)
        source.cases.add(case)
        EventFactory(case=case, title=f"Otter hearing {n}", cite=source)
        TestimonyFactory(case=case, excerpt=f"I saw otters, {n} of them.", cite=source)


@pytest.mark.parametrize("size", [2, 12])
def test_search_runs_a_fixed_number_of_queries_whatever_the_data_size(
    django_assert_num_queries, size
):
    _populate(size)
    # the matches (counted and ranked), then one per kind on the page and one for sources' cases
    with django_assert_num_queries(6):
        results = search("otters", limit=100)
    assert results.total == 4 * size
    assert {hit.entry.kind for hit in results.hits} == {"case", "event", "testimony", "source"}


@pytest.mark.parametrize("size", [1, 5])
def test_the_search_page_runs_a_fixed_number_of_queries_whatever_the_data_size(
    client, django_assert_num_queries, size
):
    _populate(size)  # 4 to 20 hits: every kind on the first page
    with django_assert_num_queries(6):
        response = client.get(SEARCH_URL, {"q": "otters"})
    assert response.content.decode().count('<li class="search-hit ') == 4 * size


SEARCH_INDEXES = (
    "case_search_idx",
    "event_search_idx",
    "testimony_search_idx",
    "source_search_idx",
)


def _bulk_filler(rows: int) -> None:
    """`rows` published entries of each kind that do not mention distillation, each event and
    testimony citing a source (the database insists), in a handful of bulk inserts."""
    court, witness = CourtFactory(), PartyFactory()
    published = PublicationState.PUBLISHED
    now = timezone.now()  # published rows record when (a constraint)
    cases = Case.objects.bulk_create(
        Case(
            short_title=f"Filler {n} v. Filler",
            slug=f"filler-{n}",
            court=court,
            summary="A routine dispute over scheduling and discovery.",
            state=published,
            made_public_at=now,
        )
        for n in range(rows)
    )
    sources = Source.objects.bulk_create(
        Source(
            url=f"https://filler.example/{n}",
            title=f"Court roundup {n}",
            text="The court heard routine motions about discovery and scheduling. " * 4,
            state=published,
            made_public_at=now,
        )
        for n in range(rows)
    )
    events = Event.objects.bulk_create(
        Event(
            case=case,
            date=dt.date(2025, 1, 1),
            title="Routine status conference",
            description="The parties reported on discovery.",
            state=published,
            made_public_at=now,
        )
        for case in cases
    )
    testimony = case_models.Testimony.objects.bulk_create(
        case_models.Testimony(
            case=case,
            witness=witness,
            date=dt.date(2025, 1, 2),
            excerpt="I do not recall.",
            state=published,
            made_public_at=now,
        )
        for case in cases
    )
    case_models.EventCitation.objects.bulk_create(
        case_models.EventCitation(event=event, source=source)
        for event, source in zip(events, sources, strict=True)
    )
    case_models.TestimonyCitation.objects.bulk_create(
        case_models.TestimonyCitation(testimony=entry, source=source)
        for entry, source in zip(testimony, sources, strict=True)
    )


def test_every_kind_is_searched_through_its_gin_index(musk_case):
    """EXPLAIN the exact SQL search() runs: every table's search_document GIN index is used
    in the query that finds, counts and ranks the matches."""
    CaseFactory(summary="Distillation of models is at issue.")
    _bulk_filler(300)
    with connection.cursor() as cursor:
        # Fresh rows wait in each GIN index's pending list until a VACUUM, which cannot run in
        # a test's transaction; merge them now, as autovacuum soon would, then gather stats.
        for index in SEARCH_INDEXES:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute("ANALYZE cases_case, cases_event, cases_testimony, articles_source")
    with CaptureQueriesContext(connection) as queries:
        assert search("distillation").total == 4
    with connection.cursor() as cursor:
        # A few hundred short rows fit in a handful of pages, which a sequential scan reads
        # as cheaply as any index: rule that out for this transaction only.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {queries.captured_queries[0]['sql']}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    for index in SEARCH_INDEXES:
        assert f"Bitmap Index Scan on {index}" in plan, f"candidates query plan:\n{plan}"


@pytest.fixture
def more_hearings_than_counted(monkeypatch):
    """COUNT_LIMIT lowered to 3, and 5 published events (oldest first) with one source that
    mention a hearing: more events than are counted, fewer sources."""
    monkeypatch.setattr(search_service, "COUNT_LIMIT", 3)
    source = SourceFactory(title="A report on the hearing")
    case = CaseFactory()
    return [EventFactory(case=case, title=f"Motion hearing {n}", cite=source) for n in range(5)]


def test_a_kind_with_more_matches_than_counted_reports_the_limit_and_says_there_are_more(
    more_hearings_than_counted,
):
    results = search("hearing", limit=10)
    assert results.counts == {"case": 0, "event": 3, "testimony": 0, "source": 1}
    assert (results.total, results.more, results.exact) == (4, {"event"}, False)
    newest = {event.pk for event in more_hearings_than_counted[-3:]}
    assert {hit.entry.id for hit in results.hits if hit.entry.kind == "event"} == newest
    assert len(results.hits) == 4 and not results.has_next


def test_the_count_is_exact_when_the_selected_kinds_are_all_counted(more_hearings_than_counted):
    sources = search("hearing", kinds=["source"])
    assert (sources.total, sources.exact, sources.more) == (1, True, {"event"})
    events = search("hearing", kinds=["event"], limit=2, offset=2)
    assert (events.total, events.exact, len(events.hits), events.has_next) == (3, False, 1, False)


def test_the_search_page_says_more_than_and_marks_the_kind_with_more(
    client, more_hearings_than_counted
):
    html = client.get(SEARCH_URL, {"q": "hearing"}).content.decode()
    assert "More than 4 results for “hearing”" in html
    assert "Only the 3 most recently added matches of a kind are counted" in html
    assert "Events (3+)" in html and "Sources (1)" in html
    exact = client.get(SEARCH_URL, {"q": "hearing", "kind": "source"}).content.decode()
    assert "1 result for “hearing”" in exact and "More than" not in exact
