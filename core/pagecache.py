"""The page cache: an anonymous reader's GET is answered from Django's cache framework, keyed by
the public version (core.models.PublicVersion), so a page is never older than the last change
of public data.

Every change of public data calls public_data_changed() in its transaction (cases.services for
curated data, ingestion for what a fetch or a link check writes on a published source). A
request reads the version first, then the page: a page built while a change commits is stored
under the old version at worst, which no request asks for any more.

Cached: GET and HEAD without a session cookie or an Authorization header, answered 200, with no
cookie set, nothing in Cache-Control that forbids sharing (never_cache, private) and a body under
PAGE_CACHE_MAX_BYTES. Logged-in users, token holders and previews are thus never served nor
stored. The key holds the date too, for pages that show what is upcoming. Keys and the headers a
page varies on are Django's own (get_cache_key, learn_cache_key); ConditionalGetMiddleware, above
this one, answers If-None-Match and If-Modified-Since with 304 from the ETag and the
Last-Modified set here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_cache_key, learn_cache_key, patch_cache_control
from django.utils.http import http_date, quote_etag

from .models import PublicVersion

# Cache-Control directives that say a response is one reader's own or must not be kept.
UNSHARED = ("private", "no-store", "no-cache")


def public_data_changed() -> None:
    """Call inside the transaction of any write that changes what the public can see."""
    PublicVersion.objects.bump()


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.path.startswith(settings.PAGE_CACHE_SKIP_PATHS)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _storable(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    directives = response.get("Cache-Control", "").lower()
    if any(word in directives for word in UNSHARED):
        return False
    return len(response.content) <= settings.PAGE_CACHE_MAX_BYTES


def _last_modified(changed_at: dt.datetime | None, today: dt.date) -> float:
    """The later of the last change and the start of today (upcoming dates move with the day)."""
    midnight = timezone.make_aware(dt.datetime.combine(today, dt.time()))
    latest = max(changed_at, midnight) if changed_at else midnight
    return latest.timestamp()


def page_cache(get_response: Callable[[HttpRequest], HttpResponse]):
    """Middleware: answer from the cache, or store what the view answered."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if not _cacheable_request(request):
            return get_response(request)
        cache = caches[settings.PAGE_CACHE_ALIAS]
        number, changed_at = PublicVersion.objects.current()
        today = timezone.localdate()
        prefix = f"page.{number}.{today.isoformat()}"
        key = get_cache_key(request, prefix, "GET", cache=cache)
        if key is not None and (cached := cache.get(key)) is not None:
            return cached
        response = get_response(request)
        if _storable(response):
            if not response.has_header("Last-Modified"):
                response["Last-Modified"] = http_date(_last_modified(changed_at, today))
            if not response.has_header("ETag"):  # once, not on every hit
                response["ETag"] = quote_etag(
                    hashlib.md5(response.content, usedforsecurity=False).hexdigest()
                )
            # Browsers and proxies may keep it, but ask again each time (a 304 when unchanged).
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            timeout = settings.PAGE_CACHE_SECONDS
            key = learn_cache_key(request, response, timeout, prefix, cache=cache)
            # Only what is sent: a DRF Response would also pickle its data, twice the work for
            # every hit to unpickle.
            sent = HttpResponse(response.content, status=200, headers=dict(response.items()))
            cache.set(key, sent, timeout)
        return response

    return middleware
