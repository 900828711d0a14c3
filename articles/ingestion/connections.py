"""The fetcher's connections: the limits of a fetch (FetchPolicy), vetting every address a
host name resolves to, and one request to one vetted address, over a connection kept per
thread for the next page from the same address (see articles.ingestion.fetching for why)."""

from __future__ import annotations

import ipaddress
import os
import socket
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import urlsplit

import urllib3
from django.conf import settings
from urllib3.exceptions import HTTPError as Urllib3HTTPError
from urllib3.exceptions import NewConnectionError, ProtocolError, SSLError
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from articles.urlnorm import InvalidURL, ascii_host

from .errors import BlockedAddress, InvalidTarget, NetworkError


@dataclass(frozen=True)
class FetchPolicy:
    """Limits of one fetch; `from_settings()` reads the INGEST_* settings."""

    allow_private: bool = False
    max_bytes: int = 5 * 1024 * 1024
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    max_redirects: int = 5
    user_agent: str = "AILitigationTrackerBot/1.0"
    ca_certs: str | None = None  # a CA bundle file; None: the system's trusted CAs
    # How long an idle connection is kept for the next page from its address (0: never). Short:
    # servers drop idle connections after a few seconds (Apache after 5), and a NAT on the way
    # may drop one silently, which would cost a read timeout.
    keepalive: float = 4.0

    @classmethod
    def from_settings(cls) -> FetchPolicy:
        return cls(
            allow_private=settings.INGEST_ALLOW_PRIVATE_NETWORKS,
            max_bytes=settings.INGEST_MAX_BYTES,
            connect_timeout=settings.INGEST_CONNECT_TIMEOUT,
            read_timeout=settings.INGEST_READ_TIMEOUT,
            max_redirects=getattr(settings, "INGEST_MAX_REDIRECTS", 5),
            user_agent=settings.INGEST_USER_AGENT,
            keepalive=settings.INGEST_KEEPALIVE_SECONDS,
        )


def is_public_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Globally routable unicast only: no loopback, private, link-local, CGNAT, documentation,
    multicast, reserved or unspecified address, including IPv4 mapped into IPv6."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return is_public_address(ip.ipv4_mapped)
        if ip.sixtofour is not None and not is_public_address(ip.sixtofour):
            return False
        if ip.is_site_local:  # fec0::/10, deprecated but still routed inside some networks
            return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def resolve(host: str, port: int, policy: FetchPolicy) -> list[str]:
    """The host's addresses, every one vetted. Refuses the host if any answer is not public:
    a name with one private answer among public ones is as dangerous as an all-private one."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        not_found = exc.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", -5))
        raise NetworkError(
            f"Could not resolve the host name “{host}” ({exc.strerror}). Check the URL.",
            name_not_found=not_found,
        ) from exc
    except UnicodeError as exc:
        raise InvalidTarget(f"“{host}” is not a valid host name.") from exc
    addresses: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        address = str(sockaddr[0]).split("%", 1)[0]  # drop an IPv6 zone id
        ip = ipaddress.ip_address(address)
        if not policy.allow_private and not is_public_address(ip):
            raise BlockedAddress(
                f"Refused to fetch from “{host}”: it resolves to {ip}, a private, loopback or "
                "otherwise non-public address. Only public web pages can be sources."
            )
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise NetworkError(f"The host name “{host}” has no address.", name_not_found=True)
    return addresses


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    host_header: str


def target_of(url: str) -> Target:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InvalidTarget(f"“{url[:200]}” is not a valid URL ({exc}).", url=url) from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise InvalidTarget(
            f"Only http:// and https:// URLs can be fetched, not “{scheme or 'no scheme'}”.",
            url=url,
        )
    if parts.username or parts.password:
        raise InvalidTarget("URLs with a user name or password are not fetched.", url=url)
    try:
        host = ascii_host(parts.hostname or "")  # DNS and the Host header take ASCII (IDNA)
    except InvalidURL as exc:
        raise InvalidTarget(str(exc), url=url) from exc
    if not host:
        raise InvalidTarget(f"“{url[:200]}” has no host name.", url=url)
    default_port = 443 if scheme == "https" else 80
    port = port or default_port
    shown = f"[{host}]" if ":" in host else host
    host_header = shown if port == default_port else f"{shown}:{port}"
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(scheme, host, port, path, host_header)


KEPT_ADDRESSES = 8  # kept connections per thread, the least recently used closed first


class _Kept(threading.local):
    """This thread's idle kept connections: one urllib3 pool of one connection per (scheme,
    vetted address, port, host name, CA bundle), with the time it was last used, the most
    recently used last."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.pools: OrderedDict[tuple, tuple[urllib3.HTTPConnectionPool, float]] = OrderedDict()


_kept = _Kept()


class Opened(NamedTuple):
    response: urllib3.BaseHTTPResponse
    pool: urllib3.HTTPConnectionPool
    key: tuple


def _take_pool(key: tuple, target: Target, address: str, policy: FetchPolicy):
    """The kept pool of `key` if it was used within policy.keepalive seconds, else a new one;
    and whether it is a kept one. A pool in use is not kept: two threads never share one."""
    if _kept.pid != os.getpid():  # a forked worker process: the parent's connections are not ours
        _kept.__init__()
    kept = _kept.pools.pop(key, None)
    if kept is not None:
        pool, last_used = kept
        if time.monotonic() - last_used <= policy.keepalive:
            return pool, True
        pool.close()
    if target.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address,
            target.port,
            retries=False,
            maxsize=1,
            cert_reqs="CERT_REQUIRED",
            ca_certs=policy.ca_certs,
            server_hostname=target.host,  # SNI for the name, while connecting to the IP
            assert_hostname=target.host,  # and the certificate must be for the name
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, target.port, retries=False, maxsize=1)
    return pool, False


def done_with(opened: Opened, *, read_to_end: bool, policy: FetchPolicy) -> None:
    """Release a response's connection. One whose answer was read to its end is ready for the
    next request: its pool is kept for the next page from the same address. Any other (a body
    left unread or cut off, an error) is closed, so no leftover bytes reach the next request."""
    if read_to_end and policy.keepalive > 0:
        opened.response.release_conn()
        _kept.pools[opened.key] = (opened.pool, time.monotonic())
        while len(_kept.pools) > KEPT_ADDRESSES:
            _key, (oldest, _used) = _kept.pools.popitem(last=False)
            oldest.close()
    else:
        opened.response.close()
        opened.pool.close()


def close_kept_connections() -> None:
    """Close this thread's kept connections."""
    while _kept.pools:
        _key, (pool, _used) = _kept.pools.popitem()
        pool.close()


def _open(
    target: Target,
    address: str,
    policy: FetchPolicy,
    method: str,
    extra_headers: Mapping[str, str] | None = None,
) -> Opened:
    """Send one request to one vetted address; the response is left unread (streaming).

    A kept connection the server closed while it was idle is noticed before use by urllib3,
    which connects again. If the server closes it just as the request goes out, the request
    (a GET or HEAD: safe to repeat) is sent once more on a new connection."""
    timeout = urllib3.Timeout(connect=policy.connect_timeout, read=policy.read_timeout)
    key = (target.scheme, address, target.port, target.host, policy.ca_certs)
    pool, kept = _take_pool(key, target, address, policy)
    headers = {
        "Host": target.host_header,
        "User-Agent": policy.user_agent,
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
        "Accept-Encoding": "gzip, deflate",
        "Accept-Language": "en;q=1.0, *;q=0.5",
        **(extra_headers or {}),
    }
    while True:
        try:
            response = pool.urlopen(
                method,
                target.path,
                headers=headers,
                timeout=timeout,
                redirect=False,
                retries=False,
                preload_content=False,
                assert_same_host=False,
            )
        except ProtocolError:
            pool.close()
            if not kept:
                raise
            pool, kept = _take_pool(key, target, address, policy)  # a new one: not kept now
            continue
        except BaseException:
            pool.close()
            raise
        return Opened(response, pool, key)


def open_request(
    target: Target,
    url: str,
    policy: FetchPolicy,
    method: str,
    extra_headers: Mapping[str, str] | None = None,
) -> Opened:
    """One request to the first vetted address that connects; `extra_headers` (an API's
    Accept or Authorization) are sent over the defaults."""
    addresses = resolve(target.host, target.port, policy)
    last_error: Exception | None = None
    for address in addresses:
        try:
            return _open(target, address, policy, method, extra_headers)
        except NewConnectionError as exc:  # refused or unreachable: try the next address
            last_error = exc
        except Urllib3Timeout as exc:
            raise NetworkError(
                f"{target.host} did not answer within the time limit "
                f"({policy.connect_timeout:g} s to connect, {policy.read_timeout:g} s to answer).",
                url=url,
            ) from exc
        except SSLError as exc:
            raise NetworkError(f"TLS with {target.host} failed: {exc}", url=url) from exc
        except (ProtocolError, Urllib3HTTPError, OSError) as exc:
            raise NetworkError(f"The connection to {target.host} failed: {exc}", url=url) from exc
    raise NetworkError(
        f"Could not connect to {target.host} on port {target.port}: {last_error}", url=url
    )
