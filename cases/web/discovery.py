"""How people and machines find the site and check on it: the search page, iCalendar feeds,
robots.txt and the health check. Thin views: the work is in search.py and calendars.py.
"""

from __future__ import annotations

import logging
import math

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from articles.models import Outlet
from cases.models import Case
from cases.search import query as search_service
from cases.web.calendars import build_calendar, upcoming_events
from core.site import site_url
from core.text import nul_in_parameters

logger = logging.getLogger(__name__)

SEARCH_PAGE_SIZE = 20


class _BadRequest(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def _page_number(raw: str | None) -> int:
    if raw in (None, ""):
        return 1
    try:
        page = int(raw)
    except ValueError:
        page = 0
    if page < 1:
        raise _BadRequest("Page numbers are whole numbers from 1: check the page= in the address.")
    return page


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """/search/?q=…[&kind=…][&outlet=…][&page=…]: ranked, highlighted, published-only results.

    An empty query shows the form and how to use it (200); input the search cannot run with (an
    overlong query, an unknown kind or outlet, a bad page) gets its message with a 4xx.
    """
    raw_query = request.GET.get("q", "")
    context: dict = {
        "query": raw_query,
        "kinds": [(kind, search_service.KIND_PLURALS[kind]) for kind in search_service.Kind],
        "selected_kinds": [],
        "max_query_length": search_service.MAX_QUERY_LENGTH,
        "outlet": None,
    }
    status = 200
    try:
        # PostgreSQL text cannot hold NUL, and the outlet reaches a query as it is given: refuse
        # it as the API does (the query text is cleaned by the search instead, see clean_query).
        params = request.GET.copy()
        params.pop("q", None)
        if name := nul_in_parameters(params):
            raise _BadRequest(
                f"The {name}= in the address contains a NUL character (%00), which text cannot "
                "hold: remove it from the address."
            )
        page = _page_number(request.GET.get("page"))
        kinds = search_service.parse_kinds(request.GET.getlist("kind"))
        context["selected_kinds"] = sorted(kinds)
        domain = request.GET.get("outlet", "").strip() or None
        if domain is not None:
            outlet = Outlet.objects.filter(domain=domain.strip().lower()).first()
            if outlet is None:
                raise _BadRequest(f"No outlet has the domain “{domain[:100]}”.", status=404)
            context["outlet"] = outlet
        results = search_service.search(
            raw_query,
            kinds=kinds,
            outlet=domain,
            limit=SEARCH_PAGE_SIZE,
            offset=(page - 1) * SEARCH_PAGE_SIZE,
        )
        page_count = max(1, math.ceil(results.total / SEARCH_PAGE_SIZE))
        if page > page_count:
            raise _BadRequest(
                f"There is no page {page}: this search has {page_count} "
                f"page{'s' if page_count != 1 else ''} of results.",
                status=404,
            )
        context.update(
            results=results,
            count_limit=search_service.COUNT_LIMIT,
            page=page,
            page_count=page_count,
            facets=[
                {
                    "kind": kind,
                    "label": plural,
                    "count": results.counts.get(kind, 0),
                    "more": kind in results.more,
                    "selected": kind in kinds,
                }
                for kind, plural in context["kinds"]
            ],
            selected_labels=[
                str(plural).lower() for kind, plural in context["kinds"] if kind in kinds
            ],
        )
    except search_service.EmptyQuery as exc:
        context["message"] = str(exc)
    except search_service.SearchError as exc:
        context["error"] = str(exc)
        status = 400
    except _BadRequest as exc:
        context["error"] = str(exc)
        status = exc.status
    return render(request, "cases/search.html", context, status=status)


def _calendar_response(request: HttpRequest, events, *, name: str, filename: str) -> HttpResponse:
    calendar = build_calendar(events, name=name, absolute=site_url)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def calendar(request: HttpRequest) -> HttpResponse:
    """/calendar.ics: upcoming published dates of every published case."""
    return _calendar_response(
        request,
        upcoming_events(),
        name="AI litigation: upcoming dates",
        filename="ai-litigation-upcoming.ics",
    )


@require_safe
def case_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """/cases/<slug>/calendar.ics: upcoming published dates of one published case."""
    case = get_object_or_404(Case.objects.public(), slug=slug)
    return _calendar_response(
        request,
        upcoming_events(case=case),
        name=f"{case.short_title}: upcoming dates",
        filename=f"{case.slug}-upcoming.ics",
    )


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawl everything public; not the admin, not the API (the same data as the pages, and
    throttled), not search result pages (an endless space of URLs)."""
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /api/",
        f"Disallow: {reverse('cases:search')}",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers a real query, 503 when it does not; never cached."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            ok = cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        ok = False
    if ok:
        return JsonResponse({"status": "ok", "database": "ok"})
    return JsonResponse({"status": "unavailable", "database": "error"}, status=503)
