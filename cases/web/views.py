"""Public pages: home, case list, case/party/topic timelines, permalinks, sources.

Views stay thin: reads come from cases.selectors and cases.timeline, which only ever return
published data and run a fixed number of queries (pinned in tests/cases/test_views_*.py).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from cases import selectors
from cases.models import Case, Event, Party, Testimony, Topic
from cases.timeline.builder import DEFAULT_PAGE_SIZE, build_timeline
from cases.timeline.entries import (
    KIND_PLURALS,
    Cursor,
    EntryKind,
    InvalidCursor,
    TimelinePage,
    citation_text,
    group_by_month,
)
from cases.timeline.overview import timeline_overview
from cases.timeline.scopes import TimelineScope, case_scope, citing_scope, party_scope, topic_scope
from cases.tracker import csv_rows, header_links, tracker_rows
from cases.web.filters import CaseFilter
from core.dates import parse_partial_date
from core.site import site_url

CASES_PER_PAGE = 25


class BadInput(ValueError):
    """Query parameters a reader can fix; rendered as a 400 page with the message."""


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "cases/bad_request.html", {"message": message}, status=400)


# --------------------------------------------------------------------------------------------
# Timeline parameters shared by case, party, topic and source pages
# --------------------------------------------------------------------------------------------


@dataclass
class TimelineQuery:
    """What a reader asked of a timeline through the URL: kinds, and where the page starts."""

    kinds: list[str]
    after: Cursor | None = None
    before: Cursor | None = None
    latest: bool = False

    @classmethod
    def from_request(cls, request: HttpRequest, allowed: tuple[str, ...]) -> TimelineQuery:
        kinds = [k for k in request.GET.getlist("kind") if k]
        for kind in kinds:
            if kind not in allowed:
                raise BadInput(
                    f"There is no entry kind “{kind[:40]}”: choose {', '.join(allowed)}."
                )
        query = cls(kinds=kinds)
        try:
            if request.GET.get("after"):
                query.after = Cursor.decode(request.GET["after"])
            if request.GET.get("before"):
                query.before = Cursor.decode(request.GET["before"])
        except InvalidCursor as exc:
            raise BadInput(str(exc)) from None
        if request.GET.get("from"):
            try:
                day, _precision = parse_partial_date(request.GET["from"])
                start = Cursor.start_of(day)
            except ValueError as exc:  # InvalidCursor is a ValueError
                raise BadInput(f"Cannot jump to that date: {exc}") from None
            query.after = query.after or start
        query.latest = request.GET.get("latest") == "1"
        if query.after and (query.before or query.latest):
            raise BadInput("Ask for the page after a position or before it, not both.")
        return query

    def page(self, scope: TimelineScope, page_size: int = DEFAULT_PAGE_SIZE) -> TimelinePage:
        return build_timeline(
            scope,
            kinds=self.kinds or None,
            after=self.after,
            before=self.before,
            latest=self.latest,
            page_size=page_size,
        )

    def url(self, **position: str) -> str:
        """The query string for another page of the same timeline, kinds kept."""
        params: list[tuple[str, str]] = [("kind", kind) for kind in self.kinds]
        params += [(key, value) for key, value in position.items() if value]
        return "?" + urlencode(params) if params else "?"

    def kind_links(self, allowed: tuple[str, ...]) -> list[dict]:
        """The 'All / Events / Testimony / Sources' filter links."""
        links = [{"label": "All", "url": "?", "current": not self.kinds}]
        for kind in allowed:
            links.append(
                {
                    "label": KIND_PLURALS[kind],
                    "url": "?" + urlencode({"kind": kind}),
                    "current": self.kinds == [kind],
                }
            )
        return links


def _timeline_context(
    query: TimelineQuery,
    page: TimelinePage,
    allowed: tuple[str, ...],
) -> dict:
    previous, following = page.previous_cursor, page.next_cursor
    return {
        "timeline": page,
        "groups": group_by_month(page.entries),
        "kind_links": query.kind_links(allowed),
        "pager": {
            "first": query.url() if previous else "",
            "previous": query.url(before=previous.encode()) if previous else "",
            "next": query.url(after=following.encode()) if following else "",
            "latest": query.url(latest="1") if following else "",
        },
    }


# --------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    """Latest entries across cases, upcoming dates, cases by status, topics (7 queries)."""
    today = timezone.localdate()
    latest = build_timeline(selectors.latest_scope(today), latest=True, page_size=8)
    upcoming = build_timeline(selectors.upcoming_scope(today), kinds=[EntryKind.EVENT], page_size=8)
    return render(
        request,
        "cases/home.html",
        {
            "latest": list(reversed(latest.entries)),
            "upcoming": upcoming.entries,
            "status_groups": selectors.cases_by_status(today),
            "topics": selectors.topics_with_counts(),
        },
    )


def _case_filter(request: HttpRequest) -> tuple[CaseFilter, int]:
    """The table's CaseFilter on the tracker rows, its status choices each listed once with
    the number of published cases, and the number of published cases."""
    filterset = CaseFilter(request.GET, queryset=tracker_rows())
    status_counts = dict(
        Case.objects.published()
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    filterset.form.fields["status"].choices = [("", "Any status")] + [
        (value, f"{label} ({status_counts[value]})")
        for value, label in Case.Status.choices
        if value in status_counts
    ]
    return filterset, sum(status_counts.values())


def case_list(request: HttpRequest) -> HttpResponse:
    """The tracker table: published cases filtered and sorted with CaseFilter, 25 a page
    (9 queries, whatever the number of cases)."""
    filterset, total = _case_filter(request)
    if not filterset.is_valid():
        return render(
            request,
            "cases/case_list.html",
            {"filter": filterset, "page": None, "total": total},
            status=400,
        )
    paginator = Paginator(filterset.qs, CASES_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404(
            "There is no such page of cases: go back to the first page of the list."
        ) from None
    params = request.GET.copy()
    params.pop("page", None)
    query = params.copy()
    query.pop("sort", None)
    for case in page.object_list:
        case.activity = selectors.activity_display(case)
    return render(
        request,
        "cases/case_list.html",
        {
            "filter": filterset,
            "page": page,
            "total": total,
            "filtered": any(v for k, v in request.GET.items() if k not in ("sort", "page")),
            "page_query": params.urlencode(),
            "filter_query": query.urlencode(),
            "columns": header_links(filterset.form.cleaned_data.get("sort") or "activity"),
        },
    )


def case_list_csv(request: HttpRequest) -> HttpResponse:
    """Every case of the table with the same filters and order, as CSV (cases.tracker's
    CSV_COLUMNS, documented in docs/tracker.md); streamed, so any number of rows fits."""
    filterset, _total = _case_filter(request)
    if not filterset.is_valid():
        errors = "; ".join(
            f"{filterset.form.fields[name].label}: {' '.join(messages)}"
            for name, messages in filterset.form.errors.items()
        )
        return HttpResponse(
            f"Some filters could not be used: {errors}\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    writer = csv.writer(_Echo())
    rows = csv_rows(filterset.qs, site_url(""))
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="ai-litigation-cases.csv"'
    return response


class _Echo:
    """A file-like object whose write() returns its line (Django's streaming CSV recipe)."""

    def write(self, value: str) -> str:
        return value


CASE_KINDS = (EntryKind.EVENT, EntryKind.TESTIMONY, EntryKind.SOURCE)
CROSS_CASE_KINDS = (EntryKind.EVENT, EntryKind.TESTIMONY)


def case_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The case page: header with facets, parties, visual timeline and the entries (13 queries)."""
    case = selectors.case_for_page(slug)
    try:
        query = TimelineQuery.from_request(request, CASE_KINDS)
    except BadInput as exc:
        return _bad_request(request, str(exc))
    scope = case_scope(case)
    overview = timeline_overview(scope)
    context = {
        "case": case,
        "parties": selectors.case_parties(case),
        "related": selectors.related_cases(case),
        "overview": overview,
        **_timeline_context(query, query.page(scope), CASE_KINDS),
    }
    return render(request, "cases/case_detail.html", context)


def party_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A party's roles in every case, the testimony they gave and their timeline."""
    party = get_object_or_404(Party, slug=slug)
    roles = selectors.party_roles(party)
    try:
        query = TimelineQuery.from_request(request, CROSS_CASE_KINDS)
    except BadInput as exc:
        return _bad_request(request, str(exc))
    if not roles and not selectors.testified_in_public(party):
        raise Http404("No published case involves this party.")
    scope = party_scope(party)
    overview = timeline_overview(scope)
    testimony = build_timeline(scope, kinds=[EntryKind.TESTIMONY], latest=True, page_size=5)
    context = {
        "party": party,
        "roles": roles,
        "testimony": list(reversed(testimony.entries)),
        "more_testimony": testimony.has_previous,
        "overview": overview,
        **_timeline_context(query, query.page(scope), CROSS_CASE_KINDS),
    }
    return render(request, "cases/party_detail.html", context)


def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A topic's cases and its timeline across cases."""
    # A topic has no publication state: it is public once a public entry is tagged with it.
    topic = get_object_or_404(Topic.objects.public(), slug=slug)
    try:
        query = TimelineQuery.from_request(request, CROSS_CASE_KINDS)
    except BadInput as exc:
        return _bad_request(request, str(exc))
    scope = topic_scope(topic)
    overview = timeline_overview(scope)
    context = {
        "topic": topic,
        "cases": selectors.topic_cases(topic),
        "overview": overview,
        **_timeline_context(query, query.page(scope), CROSS_CASE_KINDS),
    }
    return render(request, "cases/topic_detail.html", context)


def _entry_or_404(scope: TimelineScope, kind: str):
    page = build_timeline(scope, kinds=[kind], page_size=1)
    if not page.entries:
        raise Http404(f"There is no published {kind} with this number.")
    return page.entries[0]


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An event's permalink with a ready-to-copy citation (2 queries)."""
    entry = _entry_or_404(TimelineScope(events=Event.objects.filter(pk=pk)), EntryKind.EVENT)
    return _entry_page(request, entry)


def testimony_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A statement's permalink: witness, setting, wordings, sources, citation (2 queries)."""
    entry = _entry_or_404(
        TimelineScope(testimony=Testimony.objects.filter(pk=pk)), EntryKind.TESTIMONY
    )
    return _entry_page(request, entry)


def _entry_page(request: HttpRequest, entry) -> HttpResponse:
    url = request.build_absolute_uri(entry.url)
    timeline_url = (
        f"{entry.case.url}?{urlencode({'from': entry.date.isoformat()})}#{entry.anchor}"
        if entry.case
        else ""
    )
    return render(
        request,
        "cases/entry_detail.html",
        {
            "entry": entry,
            "absolute_url": url,
            "citation": citation_text(entry, url),
            "timeline_url": timeline_url,
        },
    )


def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A source, its outlet and date, the cases it reports on and every entry citing it."""
    source = selectors.source_for_page(pk)
    try:
        query = TimelineQuery.from_request(request, CROSS_CASE_KINDS)
    except BadInput as exc:
        return _bad_request(request, str(exc))
    context = {
        "source": source,
        "cases": selectors.source_cases(source),
        **_timeline_context(query, query.page(citing_scope(source.pk)), CROSS_CASE_KINDS),
    }
    return render(request, "cases/source_detail.html", context)
