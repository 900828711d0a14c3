"""Site-wide request guards that run before any view (listed in settings.MIDDLEWARE)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse

from core.text import nul_in_parameters

# The methods some page or endpoint of the site answers. Others (TRACE, CONNECT, WebDAV's …)
# are refused before any view: Django's function views would otherwise answer TRACE with the
# page itself.
KNOWN_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(reverse("api:root"))


def _error(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """The API answers errors in JSON; pages in plain text."""
    if _is_api(request):
        return JsonResponse({"detail": message}, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def refuse_unknown_methods(get_response: Callable[[HttpRequest], HttpResponse]):
    """405 for a method outside KNOWN_METHODS, with the Allow header."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.method not in KNOWN_METHODS:
            response = _error(
                request,
                405,
                f"The {request.method} method is not allowed here; use one of "
                f"{', '.join(KNOWN_METHODS)}.",
            )
            response["Allow"] = ", ".join(KNOWN_METHODS)
            return response
        return get_response(request)

    return middleware


def refuse_nul_in_address(get_response: Callable[[HttpRequest], HttpResponse]):
    """404 for a path holding a NUL character (%00): no address of the site holds one, and a
    slug with it reached PostgreSQL, which cannot hold NUL in text (a 500). In the admin, whose
    list filters pass their values to the database as they come, a NUL in the query is a 400
    (the site's pages and the API refuse it per parameter, naming it)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info:
            message = "Not found: the address contains a NUL character (%00), which none holds."
            if _is_api(request):
                return _error(request, 404, message)
            raise Http404(message)  # the site's 404 page
        if (
            "%00" in request.META.get("QUERY_STRING", "")
            and request.path.startswith(reverse("admin:index"))
            and (name := nul_in_parameters(request.GET))
        ):
            return _error(
                request,
                400,
                f"The {name}= in the address contains a NUL character (%00), which no value "
                "holds: remove it.",
            )
        return get_response(request)

    return middleware
