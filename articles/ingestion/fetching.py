"""Fetch a web page safely for ingestion: the SSRF-aware HTTP client of the `articles` app.

Curators paste URLs from anywhere, and the worker that fetches them sits inside our network, so
a URL must never make it talk to a private service (a database, a cloud metadata endpoint at
169.254.169.254, an admin port on localhost). Every hop is therefore:

1. checked (http or https only, a host name),
2. resolved with DNS here, every address vetted (public unicast only, unless the setting
   INGEST_ALLOW_PRIVATE_NETWORKS is on, which only tests and local development set),
3. connected to *the vetted IP itself* (urllib3 pool on the IP, with the Host header, TLS SNI
   and certificate check on the name), so a DNS answer that changes between the check and the
   connection (DNS rebinding) cannot redirect us,

and redirects are followed by hand (at most INGEST_MAX_REDIRECTS), each new location going
through the same three steps. Bodies are streamed and dropped past INGEST_MAX_BYTES.

A connection whose answer was read to the end is kept open for the next page from the same
vetted address (HTTP keep-alive, for INGEST_KEEPALIVE_SECONDS): a batch of articles from one
outlet pays the TCP and TLS handshakes once. The name is still resolved and vetted for every
page, and a kept connection is only used when the vetted address is the one it was opened to.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin

from urllib3.exceptions import HTTPError as Urllib3HTTPError
from urllib3.exceptions import ProtocolError
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from .connections import FetchPolicy, done_with, open_request, target_of
from .errors import InvalidTarget, NetworkError, TooLarge, TooManyRedirects, UnsupportedContent

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
CHUNK = 256 * 1024


@dataclass
class FetchedPage:
    """The final answer after redirects. `body` is empty when the body was not asked for."""

    url: str
    status: int
    content_type: str = ""
    charset: str | None = None
    body: bytes = b""
    redirects: list[str] = field(default_factory=list)
    # The answer's headers (an API client reads Retry-After from a 429).
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_html(self) -> bool:
        return self.content_type in HTML_TYPES

    def text(self) -> str | bytes:
        """The body decoded with the declared charset, or raw bytes for the extractor to sniff."""
        if self.charset:
            try:
                return self.body.decode(self.charset, errors="replace")
            except LookupError:  # an unknown charset name
                return self.body
        return self.body


def _content_type(response) -> tuple[str, str | None]:
    raw = response.headers.get("Content-Type", "")
    media, _, params = raw.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip().strip('"').strip("'")
    return media.strip().lower(), charset


def _read_body(response, url: str, policy: FetchPolicy, started: float) -> bytes:
    """Stream the body, refusing it past the size cap or the overall deadline."""
    cap = policy.max_bytes
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > cap:
        raise TooLarge(
            f"The page is {int(declared):,} bytes, over the {cap:,}-byte limit (INGEST_MAX_BYTES).",
            url=url,
        )
    # A trickle of bytes can keep every single read under the read timeout: bound the total too.
    deadline = started + policy.connect_timeout + 2 * policy.read_timeout
    chunks: list[bytes] = []
    size = 0
    try:
        # read1: what one read from the socket gives, so the deadline is checked as bytes come
        # in (read(CHUNK) would wait, read after read, for a whole CHUNK to trickle in).
        while chunk := response.read1(CHUNK, decode_content=True):
            size += len(chunk)
            if size > cap:
                raise TooLarge(
                    f"The page is larger than the {cap:,}-byte limit (INGEST_MAX_BYTES); "
                    "stopped reading it.",
                    url=url,
                )
            if time.monotonic() > deadline:
                raise NetworkError("The page took too long to download.", url=url)
            chunks.append(chunk)
    except Urllib3Timeout as exc:
        raise NetworkError("The server stopped sending the page (read timeout).", url=url) from exc
    except (ProtocolError, Urllib3HTTPError, OSError) as exc:
        raise NetworkError(f"The download broke off: {exc}", url=url) from exc
    return b"".join(chunks)


def _redirect_target(current: str, location: str) -> str:
    """The absolute URL a Location header points to. HTTP headers arrive decoded as Latin-1;
    servers send a path in another script as UTF-8 bytes, so those are read back as UTF-8."""
    with contextlib.suppress(UnicodeError):  # not UTF-8 after all: keep it as it came
        location = location.encode("latin-1").decode("utf-8")
    try:
        return urljoin(current, location.strip())
    except ValueError as exc:
        raise InvalidTarget(
            f"The site redirected to an address that is not a valid URL: “{location[:200]}”.",
            url=current,
        ) from exc


def fetch(
    url: str,
    *,
    policy: FetchPolicy | None = None,
    read_body: bool = True,
    method: str = "GET",
    extra_headers: Mapping[str, str] | None = None,
    accept: frozenset[str] = HTML_TYPES,
) -> FetchedPage:
    """Fetch `url`, following up to `policy.max_redirects` redirects, each hop vetted.

    Returns the final page whatever its status (callers decide what a 404 means); raises a
    FetchError subclass for everything else. With `read_body=False` only the status and headers
    are read (link checks); otherwise the body must be HTML and within the size cap.

    An API client (dockets.client) passes `extra_headers` (Accept, Authorization), sent only
    to the first URL's host (a redirect elsewhere does not carry a token), and the media types
    it `accept`s instead of HTML.
    """
    policy = policy or FetchPolicy.from_settings()
    redirects: list[str] = []
    current = url
    started = time.monotonic()
    first_host = target_of(url).host
    for _hop in range(policy.max_redirects + 1):
        target = target_of(current)
        headers = extra_headers if target.host == first_host else None
        opened = open_request(target, current, policy, method, headers)
        response = opened.response
        read_to_end = method == "HEAD"  # a HEAD answer has no body
        try:
            location = response.headers.get("Location")
            if response.status in REDIRECT_STATUSES and location:
                redirects.append(current)
                current = _redirect_target(current, location)
                continue
            media, charset = _content_type(response)
            page = FetchedPage(
                url=current,
                status=response.status,
                content_type=media,
                charset=charset,
                redirects=redirects,
                headers=dict(response.headers),
            )
            if read_body and response.status < 400:
                if page.content_type not in accept:
                    raise UnsupportedContent(
                        f"The URL returned “{media or 'no content type'}”, not an HTML page: "
                        "only web pages can be extracted. Add this source by hand.",
                        url=current,
                        status=response.status,
                    )
                page.body = _read_body(response, current, policy, started)
                read_to_end = True
            return page
        finally:
            done_with(opened, read_to_end=read_to_end, policy=policy)
    raise TooManyRedirects(
        f"More than {policy.max_redirects} redirects, starting at {url[:200]}; "
        f"the last one pointed to {current[:200]}.",
        url=url,
    )
