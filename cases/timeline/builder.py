"""Timelines: the read model behind every public timeline (and the API's timeline endpoint).

A timeline is not a table. It merges the *published* events, testimony and sources of a scope —
a case, a party, a topic across cases, or anything else expressed as three querysets — into one
stream in date order:

    date, then the vaguer precision first ("2026" < "May 2026" < "4 May 2026"),
    then the entry kind ("event" < "source" < "testimony"), then the id.

Each entry carries its kind, date and precision, title, text, url (its page here), its case and its
citations (the cited sources that are published, named by their outlet). A source's date is its
publication's, or, when that is unknown, the day it was first seen here (its
``source.publication_date_known`` is then False, and readers are told). The entry types
live in cases.timeline.entries, the scopes in cases.timeline.scopes.

Cost does not grow with the scope's size:

* A page costs one query per entry kind (at most 3) plus one for the citations of the
  entries on the page: never more than four queries.
* Pages are cut by a keyset cursor on the ordering key (date, precision, kind, id), never by
  OFFSET, so the first page of a 50,000-entry case reads about as many rows as that of a
  100-entry case: each kind's query is an index range scan (``event_case_timeline_idx``,
  ``testimony_case_timeline_idx``, ``source_state_placed_idx``) stopped by LIMIT, and
  each kind after the first is also bounded by the date the kinds before already fill the
  page to (the "horizon").
* Rows are read with ``values()`` and an explicit column list, so big text columns
  (``Source.text``) are never loaded.

`timeline_overview()` feeds the visual timeline in three queries that read a bounded number
of index entries: the span (first and last dates: index seeks), activity per month (or
quarter, year, decade) counted only up to a cap, and the latest major events. A GROUP BY over
every entry would be exact but grows with the case (25-55 ms at 50,000 entries here). The
major-events query is bounded only once an index covers importance (see the bench note).

Public API (used by cases.views and the REST API):

    case_scope(case) / party_scope(party) / topic_scope(topic) / citing_scope(source_id)
    build_timeline(scope, kinds=..., after=..., before=..., latest=..., page_size=...,
                   viewer=... [previews only])
        -> TimelinePage(entries, next_cursor, previous_cursor)
    latest_entries(scope, limit=...) -> list[Entry], newest first (the feeds)
    day_after_period(day, precision) -> the day after a partial date's period (newest-first jumps)
    timeline_overview(scope, viewer=... [previews only]) -> TimelineOverview
    Cursor.decode(text) / cursor.encode(); InvalidCursor
    group_by_month(entries) -> list[YearGroup]; citation_text(entry, url)
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable

from articles.models import Source
from cases.timeline.entries import Cursor, Entry, TimelinePage
from cases.timeline.rows import entries_from_rows
from cases.timeline.scopes import TimelineScope
from cases.timeline.streams import MAX_PAGE_SIZE, scope_case_ref, scope_streams
from core.dates import period_end
from core.publishing import sees_drafts

DEFAULT_PAGE_SIZE = 50


# --------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------


def build_timeline(
    scope: TimelineScope,
    *,
    kinds: Iterable[str] | None = None,
    after: Cursor | None = None,
    before: Cursor | None = None,
    latest: bool = False,
    page_size: int = DEFAULT_PAGE_SIZE,
    viewer=None,
) -> TimelinePage:
    """One page of a scope's timeline, oldest entry first.

    - no position: the first page (the oldest entries);
    - ``after=cursor``: the page following that position (``Cursor.start_of(date)`` jumps to
      a date);
    - ``before=cursor``: the page preceding that position;
    - ``latest=True``: the last page (the newest entries).

    `kinds` restricts the entry kinds (EntryKind values); None means all. At most four queries.

    `viewer` is for previews only: a user whose visible drafts (`visible_to(viewer)`) the page
    includes, each marked `is_draft`, with the draft sources they cite. Public pages, feeds
    and the API leave it out and so show only what is published.
    """
    if after is not None and (before is not None or latest):
        raise ValueError("Pass either after= or before=/latest=, not both.")
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    backwards = before is not None or latest
    # Each kind read bounds the window of the next (the horizon): events first, as they are
    # usually the most numerous, sources last.
    streams = scope_streams(scope, kinds, viewer)
    fetched: list[list[tuple]] = []
    horizon: dt.date | None = None
    for stream in streams:
        rows = stream.rows(
            after=after,
            before=before,
            descending=backwards,
            limit=page_size + 1,
            horizon=horizon,
        )
        fetched.append([(stream.row_key(row), stream, row) for row in rows])
        keys = sorted((item[0] for items in fetched for item in items), reverse=backwards)
        if len(keys) > page_size:
            horizon = keys[page_size][0]
    merged = list(heapq.merge(*fetched, key=lambda item: item[0], reverse=backwards))
    more = len(merged) > page_size
    picked = merged[:page_size]
    if backwards:
        picked.reverse()
    entries = entries_from_rows(
        [(stream.kind, row) for _key, stream, row in picked],
        scope_case_ref(scope),
        draft_citations=viewer is not None and sees_drafts(viewer, Source),
    )
    first = entries[0].cursor if entries else None
    last = entries[-1].cursor if entries else None
    if backwards:
        next_cursor = last if before is not None else None
        previous_cursor = first if more else None
    else:
        next_cursor = last if more else None
        previous_cursor = first if after is not None else None
    return TimelinePage(entries, next_cursor, previous_cursor)


def day_after_period(day: dt.date, precision: str) -> dt.date:
    """The day after the period a partial date names ("May 2026" ends before 1 June 2026):
    newest first, ``before=Cursor.start_of(day_after_period(...))`` opens on that period's
    entries."""
    return period_end(day, precision) + dt.timedelta(days=1)


def latest_entries(scope: TimelineScope, *, limit: int = DEFAULT_PAGE_SIZE) -> list[Entry]:
    """The `limit` newest entries of a scope, newest first: its timeline's last page, reversed
    (at most four queries). The feeds' items."""
    return build_timeline(scope, latest=True, page_size=limit).entries[::-1]
