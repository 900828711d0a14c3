"""Reading CourtListener's REST API v4 through the ingestion fetcher (its SSRF guard, timeouts
and size cap): JSON pages with the token, cursor pagination by the `next` URL, and patience
with throttling (429 with Retry-After) and passing trouble (5xx, network), retried with
exponential backoff and jitter. Field names stay CourtListener's own."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator
from urllib.parse import urlencode, urljoin

from django.conf import settings

from articles.ingestion.errors import FetchError
from articles.ingestion.fetching import fetch

JSON_TYPES = frozenset({"application/json"})


class CourtListenerError(Exception):
    """A sync that could not read what it needs, with a message for the case's admin page.
    `retryable`: trying later may help (throttling, 5xx, network)."""

    def __init__(self, message: str, *, retryable: bool = False, status: int | None = None):
        super().__init__(message)
        self.retryable = retryable
        self.status = status


class AccessDenied(CourtListenerError):
    """401 or 403: the token is missing, wrong, or may not read this."""


def api_url(path: str, **query) -> str:
    base = settings.COURTLISTENER_API_URL
    url = urljoin(base if base.endswith("/") else base + "/", path)
    return f"{url}?{urlencode(query)}" if query else url


def _wait_seconds(attempt: int, retry_after: str | None) -> float:
    """Retry-After (seconds) when the server says; else exponential backoff with "equal
    jitter" (half fixed, half random). Never more than COURTLISTENER_MAX_WAIT."""
    cap = settings.COURTLISTENER_MAX_WAIT
    if retry_after and retry_after.strip().isdigit():
        return min(cap, float(retry_after.strip()))
    delay = min(cap, settings.COURTLISTENER_RETRY_BACKOFF * (2**attempt))
    return delay / 2 + random.uniform(0, delay / 2)


def _header(headers, name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value
    return None


def _denied_message(status: int, url: str) -> str:
    if not settings.COURTLISTENER_API_TOKEN:
        return (
            f"CourtListener refused access (HTTP {status}) to {url}: no API token is set. Set "
            "COURTLISTENER_API_TOKEN to a token from courtlistener.com (your profile, "
            "“Developer tools”), then sync again."
        )
    return (
        f"CourtListener refused access (HTTP {status}) to {url}: the token in "
        "COURTLISTENER_API_TOKEN is wrong or may not read this docket. Check the token on "
        "courtlistener.com, then sync again."
    )


def get_json(url: str) -> dict:
    """One JSON document, retrying 429, 5xx and network trouble. AccessDenied for 401/403,
    CourtListenerError for anything else that is not an answer."""
    headers = {"Accept": "application/json"}
    if settings.COURTLISTENER_API_TOKEN:
        headers["Authorization"] = f"Token {settings.COURTLISTENER_API_TOKEN}"
    retries = settings.COURTLISTENER_MAX_RETRIES
    for attempt in range(retries + 1):
        try:
            page = fetch(url, extra_headers=headers, accept=JSON_TYPES)
        except FetchError as exc:
            if exc.retryable and attempt < retries:
                time.sleep(_wait_seconds(attempt, None))
                continue
            raise CourtListenerError(
                f"Could not read {url} from CourtListener: {exc}", retryable=exc.retryable
            ) from exc
        if page.status in (401, 403):
            raise AccessDenied(_denied_message(page.status, url), status=page.status)
        if page.status == 429 or page.status >= 500:
            if attempt < retries:
                time.sleep(_wait_seconds(attempt, _header(page.headers, "Retry-After")))
                continue
            raise CourtListenerError(
                f"CourtListener answered HTTP {page.status} to {url} {retries + 1} times in a "
                "row; the sync will be tried again later.",
                retryable=True,
                status=page.status,
            )
        if page.status == 404:
            raise CourtListenerError(
                f"CourtListener has nothing at {url} (HTTP 404): check the case's docket id.",
                status=404,
            )
        if page.status >= 400:
            raise CourtListenerError(
                f"CourtListener answered HTTP {page.status} to {url}.", status=page.status
            )
        try:
            return json.loads(page.body)
        except ValueError as exc:
            raise CourtListenerError(f"CourtListener's answer to {url} is not JSON.") from exc
    raise AssertionError("unreachable")  # pragma: no cover


def get_all(url: str) -> Iterator[dict]:
    """Every result of a list, following the cursor (`next`) page after page."""
    for _page in range(settings.COURTLISTENER_MAX_PAGES):
        answer = get_json(url)
        yield from answer.get("results") or []
        url = answer.get("next")
        if not url:
            return
    raise CourtListenerError(
        f"More than {settings.COURTLISTENER_MAX_PAGES} pages at {url} "
        "(COURTLISTENER_MAX_PAGES); stopped."
    )


def docket(docket_id: int) -> dict:
    return get_json(api_url(f"dockets/{docket_id}/"))


def docket_entries(docket_id: int) -> list[dict]:
    return list(get_all(api_url("docket-entries/", docket=docket_id)))


def parties(docket_id: int) -> list[dict]:
    return list(get_all(api_url("parties/", docket=docket_id)))


def attorneys(docket_id: int) -> list[dict]:
    return list(get_all(api_url("attorneys/", docket=docket_id)))
