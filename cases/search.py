"""Full-text search over the published cases, events, testimony and sources.

`search()` is the one public entry point; the search page and the REST API both call it and
render its dataclasses. It runs a fixed number of queries whatever the data size: one counting
the matches per kind, one UNION ALL over the four tables returning the page's (kind, pk) ranked
by relevance, then one query per kind present on the page that loads those rows with their
highlighted snippets (plus one for the cases a page's sources report on).

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
(PostgreSQL refuses otherwise). Like any index, it cannot reach other tables: a testimony's
witness name or a case's court are not part of its document.

Snippets. `ts_headline` returns raw document text and silently drops whatever its parser takes
for an HTML tag (which would alter a quote), and sources hold text fetched from the open web. So
`<`, `>` and `&` are swapped for private-use stand-ins while it runs, matches are marked with
two more private-use characters, and `_marked()` restores and escapes everything before turning
only the markers into <mark></mark>. Listing an outlet's sources (no query) has nothing to
highlight: their text is shown as it is, cut short (`_excerpt()`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
)
from django.db import models
from django.db.models import Count, F, FloatField, Func, Prefetch, QuerySet, Value
from django.db.models.functions import Cast, Concat, Left, Replace, TruncDate
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from articles.models import Source

from .dates import Precision, format_partial_date, iso_partial_date
from .models import Case, Event, Testimony

SEARCH_CONFIG = "english"
MAX_QUERY_LENGTH = 200
MAX_LIMIT = 100
# As in articles/0003_search_indexes: PostgreSQL records word positions only up to 16,383, about
# the first 100,000 characters of English, and caps a tsvector at 1 MB; snippets look as far.
SOURCE_TEXT_INDEXED_CHARS = 100_000

# ts_headline marks matches with these; they are turned into <mark> only after escaping.
_OPEN, _CLOSE = "\ue000", "\ue001"
_MARKS = re.compile(f"([{_OPEN}{_CLOSE}])")
# ts_headline drops whatever its parser takes for an HTML tag or entity ("<b>", "&amp;"), which
# would silently alter quotes; these stand in for the three characters while it runs.
_STAND_INS = {"&": "\ue002", "<": "\ue003", ">": "\ue004"}
_RESTORE = str.maketrans({v: k for k, v in _STAND_INS.items()})


class Kind(models.TextChoices):
    """What a search hit is. Also the values of the `kind=` filter."""

    CASE = "case", _("Case")
    EVENT = "event", _("Event")
    TESTIMONY = "testimony", _("Testimony")
    SOURCE = "source", _("Source")


KIND_PLURALS = {
    Kind.CASE: _("Cases"),
    Kind.EVENT: _("Events"),
    Kind.TESTIMONY: _("Testimony"),
    Kind.SOURCE: _("Sources"),
}


class SearchError(ValueError):
    """Input the search cannot run with. `str()` is a message telling the reader what to do."""


class EmptyQuery(SearchError):
    """Nothing to search for: not an error on a search page, where it is the starting state."""


# --- The indexed documents -------------------------------------------------------------------

# Each searchable model's `search_document` GeneratedField (cases.models.search_document).
DOCUMENT = F("search_document")


# --- Results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseRef:
    """A published case a hit belongs to (events, testimony) or reports on (sources)."""

    title: str
    url: str


@dataclass(frozen=True)
class SearchHit:
    """One published entry matching the query, ready to render.

    `title_html`, `snippet_html` and `detail_html` are escaped HTML whose only tags are <mark>
    around the matched words; `snippet` is the same text without marks, for plain-text clients.
    """

    kind: str
    pk: int
    url: str
    title: str
    title_html: SafeString
    snippet: str
    snippet_html: SafeString
    detail_html: SafeString
    date: dt.date | None
    date_precision: str
    date_display: str
    meta: str
    cases: tuple[CaseRef, ...] = ()
    rank: float = 0.0

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)

    @property
    def date_iso(self) -> str:
        """'2026-05', for <time datetime>: ISO 8601 at the date's precision."""
        return iso_partial_date(self.date, self.date_precision)


@dataclass(frozen=True)
class SearchResults:
    """A page of hits, with the number of matches of every kind (for labelled filters)."""

    query: str
    kinds: frozenset[str]
    outlet: str | None
    hits: list[SearchHit]
    total: int
    counts: dict[str, int] = field(default_factory=dict)
    offset: int = 0
    limit: int = 20

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
    text = " ".join(text.replace(_OPEN, " ").replace(_CLOSE, " ").split())
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
    Kind.SOURCE: _Spec(Kind.SOURCE, Source.objects.public, lambda: TruncDate("published_at")),
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
    counts = _count(searchable, tsquery, outlet)
    total = sum(counts[k] for k in selected if k in counts)
    results = SearchResults(
        query=query,
        kinds=parse_kinds(kinds),
        outlet=outlet,
        hits=[],
        total=total,
        counts=counts,
        offset=offset,
        limit=limit,
    )
    if offset >= total:
        return results

    page_kinds = [k for k in Kind.values if k in selected and counts.get(k)]
    page = _page(page_kinds, tsquery, outlet, limit, offset)
    return dataclasses.replace(results, hits=_hydrate(page, tsquery))


def _count(kinds: list[str], tsquery, outlet) -> dict[str, int]:
    """Matches per kind in one query: a UNION ALL of one COUNT per table."""
    parts = [
        _matching(_SPECS[kind], tsquery, outlet)
        .annotate(hit_kind=Value(kind))
        .values("hit_kind")
        .annotate(n=Count("pk"))
        for kind in kinds
    ]
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    counts = {kind: 0 for kind in kinds}
    counts.update({row["hit_kind"]: row["n"] for row in combined})
    return counts


def _page(kinds, tsquery, outlet, limit, offset) -> list[tuple[str, int, float]]:
    """(kind, pk, rank) of the page's hits: most relevant first, then newest, in one query."""
    parts = []
    for kind in kinds:
        spec = _SPECS[kind]
        rank = (
            SearchRank(DOCUMENT, tsquery, normalization=Value(1))
            if tsquery is not None
            else Cast(Value(0.0), FloatField())
        )
        parts.append(
            _matching(spec, tsquery, outlet)
            .annotate(hit_kind=Value(kind), hit_pk=F("pk"), hit_rank=rank)
            .annotate(hit_date=spec.sort_date())
            .values("hit_kind", "hit_pk", "hit_rank", "hit_date")
        )
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    combined = combined.order_by(
        F("hit_rank").desc(), F("hit_date").desc(nulls_last=True), "hit_kind", "hit_pk"
    )
    return [
        (row["hit_kind"], row["hit_pk"], float(row["hit_rank"] or 0.0))
        for row in combined[offset : offset + limit]
    ]


def _hydrate(page, tsquery: SearchQuery | None) -> list[SearchHit]:
    """Load the page's rows (one query per kind on the page) and build hits in page order."""
    by_kind: dict[str, list[int]] = {}
    for kind, pk, _rank in page:
        by_kind.setdefault(kind, []).append(pk)
    built: dict[tuple[str, int], SearchHit] = {}
    ranks = {(kind, pk): rank for kind, pk, rank in page}
    for kind, pks in by_kind.items():
        for obj in _HYDRATORS[kind](pks, tsquery):
            built[(kind, obj.pk)] = _HIT_BUILDERS[kind](obj, ranks[(kind, obj.pk)])
    # A row unpublished between the page query and this one is simply left out.
    return [built[(kind, pk)] for kind, pk, _rank in page if (kind, pk) in built]


# --- Loading and highlighting ----------------------------------------------------------------


def _headline(expression, tsquery: SearchQuery, *, whole: bool = False) -> SearchHeadline:
    options: dict = {"start_sel": _OPEN, "stop_sel": _CLOSE, "config": SEARCH_CONFIG}
    if whole:
        options["highlight_all"] = True
    else:
        options.update(max_words=35, min_words=15, max_fragments=2, fragment_delimiter=" … ")
    if isinstance(expression, str):
        expression = F(expression)
    for char, stand_in in _STAND_INS.items():
        expression = Replace(expression, Value(char), Value(stand_in))
    return SearchHeadline(expression, tsquery, **options)


def _with_headlines(qs: QuerySet, tsquery, **fields) -> QuerySet:
    """Annotate `hl_<name>` headlines of the matches (none without a query)."""
    if tsquery is None:
        return qs
    return qs.annotate(
        **{
            f"hl_{name}": _headline(expr, tsquery, whole=whole)
            for name, (expr, whole) in fields.items()
        }
    )


def _load_cases(pks, tsquery):
    qs = _SPECS[Kind.CASE].public().filter(pk__in=pks).select_related("court")
    return _with_headlines(
        qs, tsquery, title=("short_title", True), caption=("caption", True), body=("summary", False)
    )


def _load_events(pks, tsquery):
    qs = _SPECS[Kind.EVENT].public().filter(pk__in=pks).select_related("case")
    if tsquery is not None:
        qs = qs.defer("description")
    return _with_headlines(qs, tsquery, title=("title", True), body=("description", False))


def _load_testimony(pks, tsquery):
    qs = _SPECS[Kind.TESTIMONY].public().filter(pk__in=pks).select_related("case", "witness")
    return _with_headlines(qs, tsquery, body=("excerpt", False), context=("context", False))


def _load_sources(pks, tsquery):
    qs = (
        _SPECS[Kind.SOURCE]
        .public()
        .filter(pk__in=pks)
        .select_related("outlet")
        .prefetch_related(
            Prefetch(
                "cases",
                queryset=Case.objects.public().only("pk", "slug", "short_title"),
                to_attr="public_cases",
            )
        )
    )
    if tsquery is not None:
        qs = qs.defer("text")
    body = Left(
        Concat("summary", Value("\n"), "text", output_field=models.TextField()),
        SOURCE_TEXT_INDEXED_CHARS,
    )
    return _with_headlines(qs, tsquery, title=("title", True), body=(body, False))


_HYDRATORS: dict[str, Callable] = {
    Kind.CASE: _load_cases,
    Kind.EVENT: _load_events,
    Kind.TESTIMONY: _load_testimony,
    Kind.SOURCE: _load_sources,
}


def _marked(text: str) -> SafeString:
    """Escape `text` completely, then turn the match markers into <mark>…</mark>.

    The markers are private-use characters, so nothing in the (untrusted) text can open or
    close a tag; unbalanced markers are ignored, so the output is always well-formed.
    """
    out: list[str] = []
    open_ = False
    for part in _MARKS.split(text or ""):
        if part == _OPEN:
            if not open_:
                out.append("<mark>")
                open_ = True
        elif part == _CLOSE:
            if open_:
                out.append("</mark>")
                open_ = False
        elif part:
            out.append(escape(re.sub(r"\s+", " ", part.translate(_RESTORE))))
    if open_:
        out.append("</mark>")
    return mark_safe("".join(out).strip())  # every piece above is escaped


def _unmarked(text: str) -> str:
    return " ".join(_MARKS.sub("", text or "").translate(_RESTORE).split())


def _excerpt(text: str, *, whole: bool = False, width: int = 240) -> str:
    """`text` with its whitespace collapsed, cut to `width` characters unless `whole`."""
    text = " ".join((text or "").split())
    if whole or len(text) <= width:
        return text
    return text[:width] + " …"


def _hl(obj, name: str, text: Callable[[], str], *, whole=False) -> str:
    """The marked headline `name` from PostgreSQL if annotated, else `text()` as an excerpt
    (called only then: with a query the long text columns are not even loaded)."""
    value = getattr(obj, f"hl_{name}", None)
    if value is not None:
        return value
    return _excerpt(text(), whole=whole)


def _case_ref(case: Case) -> CaseRef:
    return CaseRef(title=case.short_title, url=case.get_absolute_url())


def _case_hit(case: Case, rank) -> SearchHit:
    title = _hl(case, "title", lambda: case.short_title, whole=True)
    body = _hl(case, "body", lambda: case.summary)
    caption = _hl(case, "caption", lambda: case.caption, whole=True)
    meta = " · ".join(
        filter(None, [str(case.court), case.docket_number, case.get_status_display()])
    )
    return SearchHit(
        kind=Kind.CASE,
        pk=case.pk,
        url=case.get_absolute_url(),
        title=case.short_title,
        title_html=_marked(title),
        snippet=_unmarked(body),
        snippet_html=_marked(body),
        detail_html=_marked(caption),
        date=case.filed_on,
        date_precision=case.filed_on_precision,
        date_display=case.filed_display,
        meta=meta,
        rank=rank,
    )


def _event_hit(event: Event, rank) -> SearchHit:
    title = _hl(event, "title", lambda: event.title, whole=True)
    body = _hl(event, "body", lambda: event.description)
    return SearchHit(
        kind=Kind.EVENT,
        pk=event.pk,
        url=event.get_absolute_url(),
        title=event.title,
        title_html=_marked(title),
        snippet=_unmarked(body),
        snippet_html=_marked(body),
        detail_html=mark_safe(""),
        date=event.date,
        date_precision=event.date_precision,
        date_display=event.date_display,
        meta=str(event.get_kind_display()),
        cases=(_case_ref(event.case),),
        rank=rank,
    )


def _testimony_hit(testimony: Testimony, rank) -> SearchHit:
    body = _hl(testimony, "body", lambda: testimony.excerpt)
    context = _hl(testimony, "context", lambda: testimony.context)
    meta = " · ".join(
        filter(
            None,
            [
                str(testimony.get_setting_display()),
                str(testimony.get_phase_display()) if testimony.phase else "",
                "" if testimony.is_verbatim else str(_("paraphrase")),
            ],
        )
    )
    return SearchHit(
        kind=Kind.TESTIMONY,
        pk=testimony.pk,
        url=testimony.get_absolute_url(),
        title=testimony.witness.name,
        title_html=_marked(testimony.witness.name),
        snippet=_unmarked(body),
        snippet_html=_marked(body),
        detail_html=_marked(context),
        date=testimony.date,
        date_precision=testimony.date_precision,
        date_display=testimony.date_display,
        meta=meta,
        cases=(_case_ref(testimony.case),),
        rank=rank,
    )


def _source_hit(source: Source, rank) -> SearchHit:
    title_text = source.title or source.url
    title = _hl(source, "title", lambda: source.title, whole=True) or title_text
    body = _hl(source, "body", lambda: f"{source.summary}\n{source.text}")
    published = timezone.localdate(source.published_at) if source.published_at else None
    meta = " · ".join(filter(None, [source.outlet_name, str(source.get_kind_display())]))
    return SearchHit(
        kind=Kind.SOURCE,
        pk=source.pk,
        url=source.get_absolute_url(),
        title=title_text,
        title_html=_marked(title),
        snippet=_unmarked(body),
        snippet_html=_marked(body),
        detail_html=mark_safe(""),
        date=published,
        date_precision=Precision.DAY,
        date_display=format_partial_date(published, Precision.DAY),
        meta=meta,
        cases=tuple(_case_ref(case) for case in source.public_cases),
        rank=rank,
    )


_HIT_BUILDERS: dict[str, Callable] = {
    Kind.CASE: _case_hit,
    Kind.EVENT: _event_hit,
    Kind.TESTIMONY: _testimony_hit,
    Kind.SOURCE: _source_hit,
}
