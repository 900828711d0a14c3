"""What a reader asks of a timeline page through its URL (kinds, order, position), and the
links and context a timeline page renders from it: shared by the case, party, topic and source
pages."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest

from cases.timeline.builder import DEFAULT_PAGE_SIZE, build_timeline, day_after_period
from cases.timeline.entries import (
    KIND_PLURALS,
    Cursor,
    Entry,
    InvalidCursor,
    TimelinePage,
    group_by_month,
)
from cases.timeline.scopes import TimelineScope
from core.dates import parse_partial_date


class BadInput(ValueError):
    """Query parameters a reader can fix; rendered as a 400 page with the message."""


ORDERS = ("oldest", "newest")


@dataclass
class TimelineQuery:
    """What a reader asked of a timeline through the URL: kinds, order, where the page starts.

    Oldest first (the default), a page holds the entries after `after` (or before `before`);
    newest first (``order=newest``), the same pages are shown reversed and start from the
    newest: no position is the latest page, `earliest` (``earliest=1``) the first.
    """

    kinds: list[str]
    after: Cursor | None = None
    before: Cursor | None = None
    latest: bool = False
    earliest: bool = False
    newest_first: bool = False

    @classmethod
    def from_request(cls, request: HttpRequest, allowed: tuple[str, ...]) -> TimelineQuery:
        kinds = [k for k in request.GET.getlist("kind") if k]
        for kind in kinds:
            if kind not in allowed:
                raise BadInput(
                    f"There is no entry kind “{kind[:40]}”: choose {', '.join(allowed)}."
                )
        order = request.GET.get("order", "")
        if order and order not in ORDERS:
            raise BadInput(
                f"There is no order “{order[:40]}”: choose oldest (oldest first) or newest "
                "(newest first)."
            )
        query = cls(kinds=kinds, newest_first=order == "newest")
        try:
            if request.GET.get("after"):
                query.after = Cursor.decode(request.GET["after"])
            if request.GET.get("before"):
                query.before = Cursor.decode(request.GET["before"])
        except InvalidCursor as exc:
            raise BadInput(str(exc)) from None
        if request.GET.get("from") and query.after is None and query.before is None:
            try:
                day, precision = parse_partial_date(request.GET["from"])
                # Newest first, a date's own entries head the page and older ones follow.
                if query.newest_first:
                    query.before = Cursor.start_of(day_after_period(day, precision))
                else:
                    query.after = Cursor.start_of(day)
            except (ValueError, OverflowError) as exc:  # InvalidCursor is a ValueError
                raise BadInput(f"Cannot jump to that date: {exc}") from None
        query.latest = request.GET.get("latest") == "1"
        query.earliest = request.GET.get("earliest") == "1"
        if query.after and (query.before or query.latest):
            raise BadInput("Ask for the page after a position or before it, not both.")
        if query.earliest and (query.after or query.before or query.latest):
            raise BadInput("Ask for the first page or for a position, not both.")
        return query

    def page(
        self, scope: TimelineScope, page_size: int = DEFAULT_PAGE_SIZE, viewer=None
    ) -> TimelinePage:
        """The page asked for, oldest entry first whatever the order (see `in_order`).
        `viewer`: previews of drafts only (build_timeline)."""
        at_start = not (self.after or self.before or self.earliest)
        return build_timeline(
            scope,
            kinds=self.kinds or None,
            after=self.after,
            before=self.before,
            latest=self.latest or (self.newest_first and at_start),
            page_size=page_size,
            viewer=viewer,
        )

    def in_order(self, page: TimelinePage) -> list[Entry]:
        """The page's entries in the order the reader asked for."""
        return page.entries[::-1] if self.newest_first else page.entries

    def _params(self, *, newest_first: bool | None = None) -> list[tuple[str, str]]:
        params: list[tuple[str, str]] = [("kind", kind) for kind in self.kinds]
        if self.newest_first if newest_first is None else newest_first:
            params.append(("order", "newest"))
        return params

    def url(self, **position: str) -> str:
        """The query string for another page of the same timeline, kinds and order kept."""
        params = self._params() + [(key, value) for key, value in position.items() if value]
        return "?" + urlencode(params) if params else "?"

    def kind_links(self, allowed: tuple[str, ...]) -> list[dict]:
        """The 'All / Events / Testimony / Sources' filter links (the order kept)."""
        order = [("order", "newest")] if self.newest_first else []
        links = [{"label": "All", "url": "?" + urlencode(order), "current": not self.kinds}]
        for kind in allowed:
            links.append(
                {
                    "label": KIND_PLURALS[kind],
                    "url": "?" + urlencode([("kind", kind), *order]),
                    "current": self.kinds == [kind],
                }
            )
        return links

    def order_links(self) -> list[dict]:
        """The 'Oldest first | Newest first' toggle, the kinds kept, from the first page."""
        return [
            {
                "label": label,
                "url": "?" + urlencode(self._params(newest_first=newest)),
                "current": self.newest_first == newest,
            }
            for label, newest in (("Oldest first", False), ("Newest first", True))
        ]

    def pager(self, page: TimelinePage) -> dict:
        """Links to the first, preceding, following and last pages, in the reader's order."""
        previous, following = page.previous_cursor, page.next_cursor
        if self.newest_first:
            return {
                "newest_first": True,
                "first": self.url() if following else "",
                "previous": self.url(after=following.encode()) if following else "",
                "next": self.url(before=previous.encode()) if previous else "",
                "latest": self.url(earliest="1") if previous else "",
            }
        return {
            "first": self.url() if previous else "",
            "previous": self.url(before=previous.encode()) if previous else "",
            "next": self.url(after=following.encode()) if following else "",
            "latest": self.url(latest="1") if following else "",
        }


def timeline_context(
    query: TimelineQuery,
    page: TimelinePage,
    allowed: tuple[str, ...],
) -> dict:
    """The template context of a timeline page: its entries by month in the reader's order,
    the kind filter, the order toggle and the pager."""
    return {
        "timeline": page,
        "groups": group_by_month(query.in_order(page)),
        "kind_links": query.kind_links(allowed),
        "order_links": query.order_links(),
        "pager": query.pager(page),
    }
