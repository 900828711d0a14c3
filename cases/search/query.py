"""Full-text search over the published cases, events, testimony and sources.

`search()` is the one public entry point; the search page and the REST API both call it and
render its dataclasses. It runs a fixed number of queries whatever the data size: one UNION ALL
over the four tables returning the candidates, (kind, pk, rank, date) of at most COUNT_LIMIT + 1
matches of each kind, then one query per kind present on the page that loads those rows with
their highlighted snippets (plus one for the cases a page's sources report on).

Why candidates and not every match. A common word can match hundreds of thousands of rows, and
counting them exactly, or ranking all of them to show twenty, costs time in proportion: at
1,000,000 entries "order" matched 266,667 rows (27 %) and its first page took 820 ms, against
28 ms at 10,000 (bench/bench_scale.py; 31 ms at 1,000,000 now).
So each kind's matches are taken most recently added first (an index scan that stops early) and
only the first COUNT_LIMIT are counted and ranked; a kind with more reports COUNT_LIMIT with
`more` naming it, the page and API say "more than", and the hits are the most relevant of those
most recent matches. Up to COUNT_LIMIT matches (nearly every real search) nothing changes: the
counts are exact and every match is ranked.

How it is indexed (PostgreSQL). Each table has a `search_document` tsvector column that
PostgreSQL computes itself on every write (GENERATED ALWAYS AS (…) STORED) and a GIN index on it,
both added by migrations cases/0004_search_indexes and articles/0003_search_indexes. Weights:
titles and captions A, excerpts and summaries B, descriptions, context and authors C, the text
of sources D. Why this and not the two usual choices:
- a `search_vector` field kept up to date by the service layer goes stale whenever a write
  skips the service (admin edits, `QuerySet.update()`, data migrations, the shell); a
  generated column cannot, since the database computes it;
- a GIN index on the SearchVector *expression* also cannot go stale, but it stores no vectors,
  so ranking (and often counting) re-runs to_tsvector over every matching row: ranking 2,000
  sources of 5 KB that share a common word takes about 80 times longer than reading stored
  vectors (seconds rather than tens of milliseconds; bench/bench_search.py measures it), and
  PostgreSQL, which costs to_tsvector as cheap, even prefers scanning the table to the index.
The migrations add the column with SQL; the models declare it as a `GeneratedField` (state
only), deferred by their default managers, so queries name it like any field. A migration that
changes the type of an indexed column must drop and re-add `search_document` around it
(PostgreSQL refuses otherwise).

A generated column, like any index, cannot reach other tables, yet readers search a statement
by who made it ("Musk distillation") and by how each source words it ("Partially" for one
curated as "Partly."). So testimony's document also covers `search_extra` (weight C), a column
holding the witness's name and aliases and its published sources' wordings, which the write
services keep (cases.models.search: one UPDATE after a write of a testimony, a citation, a
party or a source's publication; `refresh_search_extra()` for writers that bypass them). The
alternatives cost more where it matters: matching a join (witness name OR excerpt) at query
time cannot use one GIN index for both terms, so a common word would make PostgreSQL scan; and
an extra UNION branch per related table would grow every search. Keeping a copy can go stale
only through writes that bypass the services, which the demo loaders and the migration that
filled it (cases/0015) rebuild. A case's court is still not part of its document.

The hits themselves (loading, highlighting, the entry each wraps) are built in
cases.search.hits.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import models
from django.db.models import F, FloatField, Func, QuerySet, Value
from django.db.models.functions import Cast

from articles.models import Source
from cases.models import Case, Event, Testimony
from cases.search.hits import CLOSE, KIND_PLURALS, OPEN, SEARCH_CONFIG, Kind, SearchHit, hydrate
from cases.timeline.streams import UTCDate

__all__ = [
    "KIND_PLURALS",
    "COUNT_LIMIT",
    "MAX_LIMIT",
    "MAX_QUERY_LENGTH",
    "EmptyQuery",
    "Kind",
    "SearchError",
    "SearchHit",
    "SearchResults",
    "clean_query",
    "parse_kinds",
    "search",
]

MAX_QUERY_LENGTH = 200
MAX_LIMIT = 100
# Matches of one kind that are counted and ranked; beyond it the count is "more than".
COUNT_LIMIT = 1_000


class SearchError(ValueError):
    """Input the search cannot run with. `str()` is a message telling the reader what to do."""


class EmptyQuery(SearchError):
    """Nothing to search for: not an error on a search page, where it is the starting state."""


# --- The indexed documents -------------------------------------------------------------------

# Each searchable model's `search_document` GeneratedField (cases.models.search_document).
DOCUMENT = F("search_document")


# --- Results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchResults:
    """A page of hits, with the number of matches of every kind (for labelled filters).

    `more`: the kinds with more than COUNT_LIMIT matches, whose count is COUNT_LIMIT and whose
    hits are the most relevant of their COUNT_LIMIT most recently added matches."""

    query: str
    kinds: frozenset[str]
    outlet: str | None
    hits: list[SearchHit]
    total: int
    counts: dict[str, int] = field(default_factory=dict)
    offset: int = 0
    limit: int = 20
    more: frozenset[str] = frozenset()

    @property
    def exact(self) -> bool:
        """Whether `total` counts every match of the selected kinds, not only COUNT_LIMIT."""
        return not self.more & (self.kinds or frozenset(Kind.values))

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.hits) < self.total

    @property
    def has_previous(self) -> bool:
        return self.offset > 0


# --- Input -----------------------------------------------------------------------------------


def clean_query(raw: str | None) -> str:
    """The query as searched: control characters dropped, whitespace collapsed, length capped.

    Raises SearchError for a query over MAX_QUERY_LENGTH characters (PostgreSQL would cope, but
    a query that long is a paste accident or abuse, and its cost grows with its length).
    """
    text = "".join(
        " " if unicodedata.category(char) in ("Cc", "Cs") else char for char in raw or ""
    )
    text = " ".join(text.replace(OPEN, " ").replace(CLOSE, " ").split())
    if len(text) > MAX_QUERY_LENGTH:
        raise SearchError(
            f"Your search is {len(text)} characters long; the limit is {MAX_QUERY_LENGTH}. "
            "Keep the few words that matter most and search again."
        )
    return text


def parse_kinds(values: Iterable[str] | None) -> frozenset[str]:
    """`kind=` values (repeated or comma-separated) as a set; empty means every kind."""
    kinds: set[str] = set()
    for value in values or ():
        for part in str(value).split(","):
            part = part.strip().lower()
            if not part:
                continue
            if part not in Kind.values:
                choices = ", ".join(Kind.values)
                raise SearchError(f"There is no kind “{part[:40]}” to search: choose {choices}.")
            kinds.add(part)
    return frozenset(kinds)


# --- Per-kind specification ------------------------------------------------------------------


@dataclass(frozen=True)
class _Spec:
    kind: Kind
    public: Callable[[], QuerySet]  # what the public may see (the model's public())
    sort_date: Callable[[], models.Expression]


_SPECS: dict[str, _Spec] = {
    Kind.CASE: _Spec(Kind.CASE, Case.objects.public, lambda: F("filed_on")),
    Kind.EVENT: _Spec(Kind.EVENT, Event.objects.public, lambda: F("date")),
    Kind.TESTIMONY: _Spec(Kind.TESTIMONY, Testimony.objects.public, lambda: F("date")),
    Kind.SOURCE: _Spec(Kind.SOURCE, Source.objects.public, lambda: UTCDate("published_at")),
}


_QUOTED_OR_WORD = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def _plain_terms(query: str) -> tuple[list[str], list[str]]:
    """Websearch syntax read as words and "phrases" to find and -words to leave out: a query
    with only the latter is refused with a hint (PostgreSQL would find nothing for it)."""
    wanted: list[str] = []
    unwanted: list[str] = []
    for minus, phrase, word in _QUOTED_OR_WORD.findall(query):
        if phrase or minus:
            term, negate = phrase.strip(), bool(minus)
        else:
            negate = word.startswith("-") and len(word) > 1
            term = word[1:] if negate else word
            if term.lower() == "or":
                continue
        if term:
            (unwanted if negate else wanted).append(term)
    return wanted, unwanted


def _matching(spec: _Spec, tsquery: SearchQuery | None, outlet: str | None):
    """The public rows of one kind that match (all of them when only an outlet is given)."""
    qs = spec.public().order_by()
    if outlet is not None:
        qs = qs.filter(outlet__domain=outlet)
    if tsquery is None:
        return qs
    # A query with nothing to look for ("-word", "a or -b") could only be answered by computing
    # every row's vector; querytree() is 'T' for those, and since it is a constant the planner
    # drops the scan instead of running it.
    return (
        qs.alias(
            document=DOCUMENT,
            indexable=Func(tsquery, function="querytree", output_field=models.TextField()),
        )
        .filter(document=tsquery)
        .exclude(indexable="T")
    )


# --- The search ------------------------------------------------------------------------------


def search(
    query: str,
    *,
    kinds: Iterable[str] | None = None,
    outlet: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResults:
    """Published entries matching `query` (PostgreSQL websearch syntax: words, "a phrase",
    -excluded, or), best first, `limit` of them from `offset`.

    `kinds` restricts the hits to some of Kind's values (empty or None: all); `outlet` (a
    domain such as 'techlusive.in') restricts them to that outlet's sources and, with an empty
    query, lists its sources newest first. Raises EmptyQuery when there is nothing to search
    for and SearchError for input it cannot run with (an overlong query, an unknown kind, a
    limit out of range); their messages can be shown to the reader as they are.
    """
    query = clean_query(query)
    selected = parse_kinds(kinds) or frozenset(Kind.values)
    if outlet is not None:
        outlet = outlet.strip().lower()
        selected &= {Kind.SOURCE}
    if not query and not outlet:
        raise EmptyQuery("Type a word or two to search cases, events, testimony and sources.")
    wanted, unwanted = _plain_terms(query)
    if unwanted and not wanted:
        raise SearchError(
            "This search only says what to leave out: add a word to look for, e.g. "
            f"“ruling {query}”."
        )
    if not 1 <= limit <= MAX_LIMIT:
        raise SearchError(f"Ask for between 1 and {MAX_LIMIT} results at a time.")
    if offset < 0:
        raise SearchError("The offset cannot be negative.")

    tsquery = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG) if query else None
    searchable = [k for k in Kind.values if outlet is None or k == Kind.SOURCE]
    found = _candidates(searchable, selected, tsquery, outlet)
    counts = {kind: 0 for kind in searchable}
    for kind, _pk, _rank in found:
        counts[kind] += 1
    more = frozenset(kind for kind, n in counts.items() if n > COUNT_LIMIT)
    counts = {kind: min(n, COUNT_LIMIT) for kind, n in counts.items()}
    # A kind with more has one candidate too many, its least recently added: it only told
    # that there are more, and is not shown.
    extra = {(kind, min(pk for k, pk, _rank in found if k == kind)) for kind in more}
    page = [hit for hit in found if hit[0] in selected and hit[:2] not in extra]
    return SearchResults(
        query=query,
        kinds=parse_kinds(kinds),
        outlet=outlet,
        hits=hydrate(page[offset : offset + limit], tsquery),
        total=sum(counts[k] for k in selected if k in counts),
        counts=counts,
        offset=offset,
        limit=limit,
        more=more,
    )


def _candidates(
    kinds: list[str], selected: frozenset[str], tsquery, outlet
) -> list[tuple[str, int, float]]:
    """(kind, pk, rank) of up to COUNT_LIMIT + 1 matches of each kind, the most recently added
    ones, in one query: best first (most relevant, then newest), those of the kinds not
    selected last and unranked (they are only counted)."""
    parts = []
    for kind in kinds:
        spec = _SPECS[kind]
        rank = (
            SearchRank(DOCUMENT, tsquery, normalization=Value(1))
            if tsquery is not None and kind in selected
            else Cast(Value(0.0), FloatField())
        )
        parts.append(
            _matching(spec, tsquery, outlet)
            .annotate(hit_kind=Value(kind), hit_pk=F("pk"), hit_rank=rank)
            .annotate(hit_date=spec.sort_date())
            .values("hit_kind", "hit_pk", "hit_rank", "hit_date")
            .order_by("-pk")[: COUNT_LIMIT + 1]
        )
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    # At most 4 × (COUNT_LIMIT + 1) rows, sorted here: a slice cannot be reordered in SQL.
    rows = sorted(
        combined,
        key=lambda row: (
            row["hit_kind"] not in selected,
            -(row["hit_rank"] or 0.0),
            -(row["hit_date"] or dt.date.min).toordinal(),
            row["hit_kind"],
            row["hit_pk"],
        ),
    )
    return [(row["hit_kind"], row["hit_pk"], float(row["hit_rank"] or 0.0)) for row in rows]
