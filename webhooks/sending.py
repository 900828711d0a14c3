"""One signed POST to a webhook endpoint, through the ingestion fetcher's SSRF guard.

The target URL is vetted with articles.ingestion.connections (http/https only, no user info,
every address the host resolves to public unless INGEST_ALLOW_PRIVATE_NETWORKS), and the
request goes to the vetted address itself, so a DNS answer that changes between the check and
the connection cannot point it at a private address. Redirects are not followed.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass

import urllib3
from django.conf import settings
from django.core.exceptions import ValidationError
from urllib3.exceptions import HTTPError as Urllib3HTTPError

from articles.ingestion.connections import FetchPolicy, resolve, target_of
from articles.ingestion.errors import BlockedAddress, InvalidTarget, NetworkError

SIGNATURE_HEADER = "X-Tracker-Signature"
TIMESTAMP_HEADER = "X-Tracker-Timestamp"
EVENT_HEADER = "X-Tracker-Event"
DELIVERY_HEADER = "X-Tracker-Delivery"


def signature(secret: str, timestamp: int | str, body: bytes) -> str:
    """'sha256=' + hex HMAC-SHA256 with `secret` over '<timestamp>.<body>'. A receiver computes
    the same, compares in constant time, and refuses a timestamp older than a few minutes."""
    message = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def vet_url(url: str) -> list[str]:
    """The URL's vetted addresses; ValidationError (readable) when it may not be a target."""
    try:
        target = target_of(url)
        return resolve(target.host, target.port, FetchPolicy.from_settings())
    except (InvalidTarget, BlockedAddress, NetworkError) as exc:
        raise ValidationError(str(exc)) from exc


@dataclass(frozen=True)
class Answer:
    status: int | None  # the HTTP status, None when no answer came
    error: str  # empty on a 2xx
    retryable: bool
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """POST `body` to `url` once; never raises for the receiver's or the network's trouble."""
    started = time.monotonic()

    def answer(status, error, retryable=True):
        return Answer(status, error, retryable, int((time.monotonic() - started) * 1000))

    try:
        target = target_of(url)
        addresses = resolve(target.host, target.port, FetchPolicy.from_settings())
    except (InvalidTarget, BlockedAddress) as exc:
        return answer(None, str(exc), retryable=False)
    except NetworkError as exc:
        return answer(None, str(exc))
    timeout = urllib3.Timeout(
        connect=settings.WEBHOOK_CONNECT_TIMEOUT, read=settings.WEBHOOK_READ_TIMEOUT
    )
    if target.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            addresses[0],
            target.port,
            retries=False,
            maxsize=1,
            cert_reqs="CERT_REQUIRED",
            server_hostname=target.host,
            assert_hostname=target.host,
        )
    else:
        pool = urllib3.HTTPConnectionPool(addresses[0], target.port, retries=False, maxsize=1)
    try:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body,
            headers={
                "Host": target.host_header,
                "User-Agent": settings.INGEST_USER_AGENT,
                "Content-Type": "application/json",
                **headers,
            },
            timeout=timeout,
            redirect=False,
            retries=False,
            preload_content=False,
            assert_same_host=False,
        )
        response.read(64 * 1024)  # the receiver's answer is not kept: read a little, then close
        response.close()
    except (Urllib3HTTPError, OSError) as exc:
        return answer(None, f"The connection to {target.host} failed: {exc}"[:1000])
    finally:
        pool.close()
    if 200 <= response.status < 300:
        return answer(response.status, "")
    return answer(response.status, f"The endpoint answered HTTP {response.status}.")
