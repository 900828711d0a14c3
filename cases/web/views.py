"""Public pages: home, case list, case/party/topic timelines, permalinks, sources.

Views stay thin: reads come from cases.selectors and cases.timeline, which only ever return
published data and run a fixed number of queries (pinned in tests/cases/test_views_*.py).
"""

from __future__ import annotations

import csv
from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from cases import selectors
from cases.models import Case, Event, Party, Testimony, Topic
from cases.timeline.builder import build_timeline
from cases.timeline.entries import Entry, EntryKind, citation_text
from cases.timeline.header import case_header
from cases.timeline.overview import timeline_overview
from cases.timeline.scopes import TimelineScope, case_scope, citing_scope, party_scope, topic_scope
from cases.tracker import csv_rows, header_links, tracker_rows
from cases.web.filters import CaseFilter
from cases.web.query import BadInput, TimelineQuery, timeline_context
from core.site import site_url

CASES_PER_PAGE = 25


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "cases/bad_request.html", {"message": message}, status=400)


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


def _viewer(request: HttpRequest):
    """The logged-in user, whose drafts a preview may show (if they see drafts); None for an
    anonymous reader, so public pages never ask for permissions."""
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _preview(response: HttpResponse) -> HttpResponse:
    """A preview of a draft, for a user who sees drafts ("View on site" in the admin): kept by
    no cache (core.pagecache stores nothing marked private or no-store) and indexed by no
    search engine. Its template shows the "Draft, not public" banner (`preview` in context)."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


def case_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The case page: header with facets, latest development, next date, counsel and related
    cases, parties, visual timeline and the entries (14 queries). A draft case is previewed
    to a user who sees drafts, with its draft entries."""
    case = selectors.case_for_page(slug, viewer=_viewer(request))
    preview = not case.is_published
    viewer = request.user if preview else None
    try:
        query = TimelineQuery.from_request(request, CASE_KINDS)
    except BadInput as exc:
        return _bad_request(request, str(exc))
    related = selectors.related_cases(case)
    # An MDL or lead case rolls its (published) member cases' entries into its timeline.
    scope = case_scope(case, members=selectors.member_cases(case, related))
    overview = timeline_overview(scope, viewer=viewer)
    context = {
        "case": case,
        "header": case_header(case, timezone.localdate(), viewer=viewer),
        "parties": selectors.case_parties(case),
        "related": related,
        "overview": overview,
        "preview": preview,
        # An MDL page names each entry's case: its members' entries are rolled into it.
        "rolled_up": bool(scope.members),
        **timeline_context(query, query.page(scope, viewer=viewer), CASE_KINDS),
    }
    response = render(request, "cases/case_detail.html", context)
    return _preview(response) if preview else response


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
        **timeline_context(query, query.page(scope), CROSS_CASE_KINDS),
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
        **timeline_context(query, query.page(scope), CROSS_CASE_KINDS),
    }
    return render(request, "cases/topic_detail.html", context)


def _entry_or_404(request: HttpRequest, scope: TimelineScope, kind: str) -> tuple[Entry, bool]:
    """The one entry of `scope` and whether it is a preview: a published entry of a published
    case for anyone (2 queries), else, for a user who sees drafts, the draft (or the entry of
    a draft case) as a preview."""
    page = build_timeline(scope, kinds=[kind], page_size=1)
    if page.entries:
        return page.entries[0], False
    viewer = _viewer(request)
    if viewer is not None:
        page = build_timeline(scope, kinds=[kind], page_size=1, viewer=viewer)
        if page.entries:
            return page.entries[0], True
    raise Http404(f"There is no published {kind} with this number.")


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An event's permalink with a ready-to-copy citation (2 queries)."""
    scope = TimelineScope(events=Event.objects.filter(pk=pk))
    return _entry_page(request, *_entry_or_404(request, scope, EntryKind.EVENT))


def testimony_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A statement's permalink: witness, setting, wordings, sources, citation (2 queries)."""
    scope = TimelineScope(testimony=Testimony.objects.filter(pk=pk))
    return _entry_page(request, *_entry_or_404(request, scope, EntryKind.TESTIMONY))


def _entry_page(request: HttpRequest, entry: Entry, preview: bool) -> HttpResponse:
    url = request.build_absolute_uri(entry.url)
    timeline_url = (
        f"{entry.case.url}?{urlencode({'from': entry.date.isoformat()})}#{entry.anchor}"
        if entry.case
        else ""
    )
    response = render(
        request,
        "cases/entry_detail.html",
        {
            "entry": entry,
            "absolute_url": url,
            "citation": citation_text(entry, url),
            "timeline_url": timeline_url,
            "preview": preview,
        },
    )
    return _preview(response) if preview else response


def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A source, its outlet and date, the cases it reports on and every entry citing it. A
    draft source is previewed to a user who sees drafts, with the draft entries citing it."""
    source = selectors.source_for_page(pk, viewer=_viewer(request))
    preview = not source.is_published
    try:
        query = TimelineQuery.from_request(request, CROSS_CASE_KINDS)
    except BadInput as exc:
        return _bad_request(request, str(exc))
    page = query.page(citing_scope(source.pk), viewer=request.user if preview else None)
    context = {
        "source": source,
        "cases": selectors.source_cases(source),
        "preview": preview,
        **timeline_context(query, page, CROSS_CASE_KINDS),
    }
    response = render(request, "cases/source_detail.html", context)
    return _preview(response) if preview else response
