"""Search hits: the entries a search page shows, with their rank and the matched words marked.

A hit wraps the same Entry that timelines, feeds and calendars show, built from rows by the
same builders (cases.timeline_rows); it adds only what a search has: the rank, escaped HTML
snippets with the matches in <mark>, a line of context and, for a source, every published case
it reports on. `hydrate()` loads a page of hits in one query per kind (plus one for the cases of
its sources), with PostgreSQL's ts_headline marking the matches.

Snippets. `ts_headline` returns raw document text and silently drops whatever its parser takes
for an HTML tag (which would alter a quote), and sources hold text fetched from the open web. So
`<`, `>` and `&` are swapped for private-use stand-ins while it runs, matches are marked with
two more private-use characters, and `_marked()` restores and escapes everything before turning
only the markers into <mark></mark>. Listing an outlet's sources (no query) has nothing to
highlight: their text is shown as it is, cut short (`_excerpt()`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db import models
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Concat, Left, Replace
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from articles.models import Source
from cases.models import Case, Event, Testimony
from cases.models.search import published_wordings
from cases.timeline.entries import KIND_PLURALS as ENTRY_KIND_PLURALS
from cases.timeline.entries import CaseRef, Entry, EntryKind
from cases.timeline.rows import (
    CASE_FIELDS,
    EVENT_FIELDS,
    SOURCE_FIELDS,
    TESTIMONY_FIELDS,
    case_ref,
    event_entry,
    source_entry,
    testimony_entry,
)
from cases.timeline.streams import UTCDate

SEARCH_CONFIG = "english"
# As in articles/0003_search_indexes: PostgreSQL records word positions only up to 16,383, about
# the first 100,000 characters of English, and caps a tsvector at 1 MB; snippets look as far.
SOURCE_TEXT_INDEXED_CHARS = 100_000

# ts_headline marks matches with these; they are turned into <mark> only after escaping.
OPEN, CLOSE = "\ue000", "\ue001"
_MARKS = re.compile(f"([{OPEN}{CLOSE}])")
# ts_headline drops whatever its parser takes for an HTML tag or entity ("<b>", "&amp;"), which
# would silently alter quotes; these stand in for the three characters while it runs.
_STAND_INS = {"&": "\ue002", "<": "\ue003", ">": "\ue004"}
_RESTORE = str.maketrans({v: k for k, v in _STAND_INS.items()})


class Kind(models.TextChoices):
    """What a search hit is, and the values of the `kind=` filter: a case, or one of the
    timeline's entry kinds (the same values and labels as EntryKind).

    A separate type rather than a fourth EntryKind: a case is found by search but is on no
    timeline, so cursors, the timeline API's and pages' `kind=` and the streams must not accept
    it; and EntryKind's values are the timeline's sort order, while search lists cases first.
    """

    CASE = "case", _("Case")
    EVENT = EntryKind.EVENT.value, EntryKind.EVENT.label
    TESTIMONY = EntryKind.TESTIMONY.value, EntryKind.TESTIMONY.label
    SOURCE = EntryKind.SOURCE.value, EntryKind.SOURCE.label


KIND_PLURALS = {Kind.CASE: _("Cases"), **ENTRY_KIND_PLURALS}


@dataclass(frozen=True)
class SearchHit:
    """One published entry matching the query, ready to render.

    `title_html`, `snippet_html` and `detail_html` are escaped HTML whose only tags are <mark>
    around the matched words; `snippet` is the same text without marks, for plain-text clients.
    `cases`: the published cases the entry belongs to (a source: every one it reports on).
    `wording_html` (`wording` plain): for a statement found by how one of its sources words it
    and not by its own excerpt, those wordings with the matches marked; else empty.
    The entry carries no citations: a hit lists none.
    """

    entry: Entry
    rank: float
    title_html: SafeString
    snippet: str
    snippet_html: SafeString
    detail_html: SafeString
    meta: str
    cases: tuple[CaseRef, ...] = ()
    wording: str = ""
    wording_html: SafeString = mark_safe("")

    @property
    def kind_label(self) -> str:
        return str(Kind(self.entry.kind).label)

    @property
    def title(self) -> str:
        """What the hit is listed under: its entry's title, a statement's witness."""
        testimony = self.entry.testimony
        return testimony.witness.name if testimony is not None else self.entry.title


# --- Loading and highlighting ----------------------------------------------------------------


def _headline(expression, tsquery: SearchQuery, *, whole: bool = False) -> SearchHeadline:
    options: dict = {"start_sel": OPEN, "stop_sel": CLOSE, "config": SEARCH_CONFIG}
    if whole:
        options["highlight_all"] = True
    else:
        options.update(max_words=35, min_words=15, max_fragments=2, fragment_delimiter=" … ")
    if isinstance(expression, str):
        expression = F(expression)
    for char, stand_in in _STAND_INS.items():
        expression = Replace(expression, Value(char), Value(stand_in))
    return SearchHeadline(expression, tsquery, **options)


def _with_headlines(qs: QuerySet, tsquery, **fields) -> tuple[QuerySet, tuple[str, ...]]:
    """Annotate `hl_<name>` headlines of the matches (none without a query); with their names."""
    if tsquery is None:
        return qs, ()
    headlines = {
        f"hl_{name}": _headline(expr, tsquery, whole=whole)
        for name, (expr, whole) in fields.items()
    }
    return qs.annotate(**headlines), tuple(headlines)


def _load_cases(pks, tsquery) -> list[Case]:
    qs = Case.objects.public().filter(pk__in=pks).select_related("court")
    qs, _names = _with_headlines(
        qs, tsquery, title=("short_title", True), caption=("caption", True), body=("summary", False)
    )
    return list(qs)


def _load_events(pks, tsquery) -> list[dict]:
    qs, names = _with_headlines(
        Event.objects.public().filter(pk__in=pks),
        tsquery,
        title=("title", True),
        body=("description", False),
    )
    return list(qs.values(*EVENT_FIELDS, *CASE_FIELDS, *names))


def _load_testimony(pks, tsquery) -> list[dict]:
    """Testimony with headlines of its excerpt, context, witness and its published sources'
    wordings (a subquery in the same query): what a statement may have been found by."""
    qs, names = _with_headlines(
        Testimony.objects.public().filter(pk__in=pks),
        tsquery,
        body=("excerpt", False),
        context=("context", False),
        witness=("witness__name", True),
        wording=(published_wordings(), True),
    )
    return list(qs.values(*TESTIMONY_FIELDS, *CASE_FIELDS, *names))


def _load_sources(pks, tsquery) -> list[dict]:
    """Sources with their text's headline (with a query) or its start (without one), and with
    `cases`: the published cases each reports on (one more query)."""
    body = Left(
        Concat("summary", Value("\n"), "text", output_field=models.TextField()),
        SOURCE_TEXT_INDEXED_CHARS,
    )
    qs = Source.objects.public().filter(pk__in=pks).annotate(tl_date=UTCDate("published_at"))
    qs, names = _with_headlines(qs, tsquery, title=("title", True), body=(body, False))
    if tsquery is None:
        qs, names = qs.annotate(plain_body=body), ("plain_body",)
    rows = list(qs.values(*SOURCE_FIELDS, *names))
    reported = (
        Source.cases.through.objects.filter(
            source_id__in=[row["id"] for row in rows], case__in=Case.objects.public()
        )
        .order_by("case__short_title", "case_id")
        .values("source_id", *CASE_FIELDS)
    )
    cases: dict[int, list[CaseRef]] = {}
    for link in reported:
        cases.setdefault(link["source_id"], []).append(case_ref(link))
    for row in rows:
        row["cases"] = tuple(cases.get(row["id"], ()))
    return rows


def _marked(text: str) -> SafeString:
    """Escape `text` completely, then turn the match markers into <mark>…</mark>.

    The markers are private-use characters, so nothing in the (untrusted) text can open or
    close a tag; unbalanced markers are ignored, so the output is always well-formed.
    """
    out: list[str] = []
    open_ = False
    for part in _MARKS.split(text or ""):
        if part == OPEN:
            if not open_:
                out.append("<mark>")
                open_ = True
        elif part == CLOSE:
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


def _hl(found: dict, name: str, text: str, *, whole=False) -> str:
    """The marked headline `name` from PostgreSQL if annotated, else `text` as an excerpt."""
    value = found.get(f"hl_{name}")
    if value is not None:
        return value
    return _excerpt(text, whole=whole)


def _hit(entry: Entry, rank: float, title: str, body: str, detail: str = "", **rest) -> SearchHit:
    return SearchHit(
        entry=entry,
        rank=rank,
        title_html=_marked(title),
        snippet=_unmarked(body),
        snippet_html=_marked(body),
        detail_html=_marked(detail),
        **rest,
    )


def _case_hit(case: Case, rank: float) -> SearchHit:
    # A case is on no timeline, so it has no row builder: its entry is made here.
    entry = Entry(
        kind=Kind.CASE,
        id=case.pk,
        date=case.filed_on,
        precision=case.filed_on_precision,
        title=case.short_title,
        text=case.summary,
        url=case.get_absolute_url(),
        case=None,
        made_public_at=case.made_public_at,
        updated_at=case.updated_at,
    )
    found = {name: getattr(case, name, None) for name in ("hl_title", "hl_body", "hl_caption")}
    meta = " · ".join(
        filter(None, [str(case.court), case.docket_number, case.get_status_display()])
    )
    return _hit(
        entry,
        rank,
        title=_hl(found, "title", case.short_title, whole=True),
        body=_hl(found, "body", case.summary),
        detail=_hl(found, "caption", case.caption, whole=True),
        meta=meta,
    )


def _event_hit(row: dict, rank: float) -> SearchHit:
    entry = event_entry(row, (), case_ref(row))
    return _hit(
        entry,
        rank,
        title=_hl(row, "title", entry.title, whole=True),
        body=_hl(row, "body", entry.text),
        meta=entry.event.kind_label,
        cases=(entry.case,),
    )


def _testimony_hit(row: dict, rank: float) -> SearchHit:
    entry = testimony_entry(row, (), case_ref(row))
    testimony = entry.testimony
    meta = " · ".join(
        filter(
            None,
            [
                testimony.setting_label,
                testimony.phase_label,
                "" if testimony.is_verbatim else _("paraphrase"),
            ],
        )
    )
    body = _hl(row, "body", entry.text)
    # Found by a source's wording ("Partially" for a statement curated as "Partly."): show it.
    wording = row.get("hl_wording") or ""
    if OPEN in body or OPEN not in wording:
        wording = ""
    return _hit(
        entry,
        rank,
        title=_hl(row, "witness", testimony.witness.name, whole=True),
        body=body,
        detail=_hl(row, "context", testimony.context),
        meta=meta,
        cases=(entry.case,),
        wording=_unmarked(wording),
        wording_html=_marked(wording),
    )


def _source_hit(row: dict, rank: float) -> SearchHit:
    entry = source_entry(row, None)
    source = entry.source
    title = _hl(row, "title", row["title"], whole=True) or entry.title
    return _hit(
        entry,
        rank,
        title=title,
        body=_hl(row, "body", row.get("plain_body", "")),
        meta=" · ".join(filter(None, [source.outlet_name, source.kind_label])),
        cases=row["cases"],
    )


_KINDS: dict[str, tuple[Callable, Callable]] = {
    Kind.CASE: (_load_cases, _case_hit),
    Kind.EVENT: (_load_events, _event_hit),
    Kind.TESTIMONY: (_load_testimony, _testimony_hit),
    Kind.SOURCE: (_load_sources, _source_hit),
}


def hydrate(page: Iterable[tuple[str, int, float]], tsquery: SearchQuery | None) -> list[SearchHit]:
    """The hits of a page of (kind, pk, rank), in page order: one query per kind on the page
    (and one for the cases its sources report on)."""
    page = list(page)
    by_kind: dict[str, list[int]] = {}
    for kind, pk, _rank in page:
        by_kind.setdefault(kind, []).append(pk)
    ranks = {(kind, pk): rank for kind, pk, rank in page}
    built: dict[tuple[str, int], SearchHit] = {}
    for kind, pks in by_kind.items():
        load, build = _KINDS[kind]
        for found in load(pks, tsquery):
            pk = found.pk if isinstance(found, Case) else found["id"]
            built[(kind, pk)] = build(found, ranks[(kind, pk)])
    # A row unpublished between the page query and this one is simply left out.
    return [built[(kind, pk)] for kind, pk, _rank in page if (kind, pk) in built]
