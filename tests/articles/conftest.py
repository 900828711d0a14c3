"""Fixtures for ingestion tests: a real local HTTP server, a fake DNS, and a network guard.

The fetcher is tested against real sockets. The guard wraps every socket connection the test
process makes: anything that is not loopback is refused (the machine is offline, and a test must
never send a packet to 10.x or 169.254.169.254 even if the fetcher had a bug), and every attempt
is recorded so SSRF tests can prove no connection was even tried.
"""

from __future__ import annotations

import contextlib
import ipaddress
import pathlib
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cases.models import Party
from tests.factories import CaseFactory, CaseRoleFactory, PartyFactory

PAGES = pathlib.Path(__file__).parent / "pages"
TECHLUSIVE_PATH = "/news/musk-reveals-xai-relied-on-openai-models-partly-to-train-grok-1660301/"


def page(name: str) -> bytes:
    return (PAGES / name).read_bytes()


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    handler: Callable[[BaseHTTPRequestHandler], None] | None = None
    # Answers one after another (e.g. 500, 500, 200); the last one repeats.
    sequence: list[Route] = field(default_factory=list)


@dataclass
class Hit:
    method: str
    path: str
    headers: dict[str, str]


class PageServer:
    """A threaded HTTP server on 127.0.0.1 serving the routes a test declares."""

    def __init__(self, host: str = "127.0.0.1", tls=None) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self._counts: dict[str, int] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # as web servers do: no 40 ms wait on a kept connection

            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def do_HEAD(self) -> None:
                self.do_GET()

            def do_GET(self) -> None:
                server.hits.append(Hit(self.command, self.path, dict(self.headers.items())))
                route = server.routes.get(self.path)
                if route is None:
                    route = Route(status=404, body=b"<html><body>Not found</body></html>")
                if route.sequence:
                    index = server._counts.get(self.path, 0)
                    server._counts[self.path] = index + 1
                    route = route.sequence[min(index, len(route.sequence) - 1)]
                if route.delay:
                    time.sleep(route.delay)
                if route.handler:
                    route.handler(self)
                    return
                self.send_response(route.status)
                headers = {"Content-Type": "text/html; charset=utf-8", **route.headers}
                for key, value in headers.items():
                    self.send_header(key, value)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                if self.command != "HEAD":
                    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                        self.wfile.write(route.body)

        family = socket.AF_INET6 if ":" in host else socket.AF_INET

        class Server(ThreadingHTTPServer):
            address_family = family
            daemon_threads = True

            def handle_error(self, request, client_address) -> None:
                pass  # a client that hung up on purpose (timeouts, size caps) is not an error

        self.httpd = Server((host, 0), Handler)
        self.scheme = "https" if tls else "http"
        if tls:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.host = host
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    def url(self, path: str = "/", host: str | None = None) -> str:
        name = host or (f"[{self.host}]" if ":" in self.host else self.host)
        return f"{self.scheme}://{name}:{self.port}{path}"

    def add(self, path: str, body: bytes | str = b"", **kwargs) -> str:
        if isinstance(body, str):
            body = body.encode()
        self.routes[path] = Route(body=body, **kwargs)
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        return self.add(path, status=status, headers={"Location": to})

    def paths(self) -> list[str]:
        return [hit.path for hit in self.hits]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    pages = PageServer()
    yield pages
    pages.close()


@dataclass
class TLSServer:
    server: PageServer
    ca_file: str
    sni: list[str]


@pytest.fixture
def tls_server(tmp_path):
    """An HTTPS server whose certificate is for news.example, signed by a throwaway key."""
    import ssl
    import subprocess

    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    command = [
        "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-keyout", str(key), "-out", str(cert), "-subj", "/CN=news.example",
        "-addext", "subjectAltName=DNS:news.example",
    ]  # fmt: skip
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=30)
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"openssl could not make a test certificate: {exc}")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    sni: list[str] = []
    context.sni_callback = lambda sock, name, ctx: sni.append(name)
    pages = PageServer(tls=context)
    yield TLSServer(pages, str(cert), sni)
    pages.close()


@pytest.fixture
def server_v6():
    try:
        pages = PageServer("::1")
    except OSError:
        pytest.skip("IPv6 loopback is not available on this machine")
    yield pages
    pages.close()


class NetworkGuard:
    """Records every socket connect; refuses non-loopback ones; can route fake public IPs."""

    def __init__(self) -> None:
        self.attempts: list[tuple[str, int]] = []
        self.routes: dict[str, str] = {}  # fake public IP -> loopback IP

    def route(self, public_ip: str, to: str = "127.0.0.1") -> None:
        self.routes[public_ip] = to

    def check(self, address) -> tuple:
        if not isinstance(address, tuple):  # AF_UNIX sockets
            return address
        host, port = address[0], address[1]
        self.attempts.append((host, port))
        if host in self.routes:
            return (self.routes[host], port, *address[2:])
        if not ipaddress.ip_address(host.split("%")[0]).is_loopback:
            raise ConnectionRefusedError(f"test network guard: refused connection to {host}")
        return address

    def outside_attempts(self) -> list[tuple[str, int]]:
        return [a for a in self.attempts if not ipaddress.ip_address(a[0]).is_loopback]


@pytest.fixture(autouse=True)
def no_kept_connections():
    """Each test starts and ends without connections kept from another test's servers."""
    from articles.ingestion.connections import close_kept_connections

    close_kept_connections()
    yield
    close_kept_connections()


@pytest.fixture(autouse=True)
def network_guard(monkeypatch) -> NetworkGuard:
    guard = NetworkGuard()
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def connect(sock, address):
        return real_connect(sock, guard.check(address))

    def connect_ex(sock, address):
        return real_connect_ex(sock, guard.check(address))

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    return guard


class FakeDNS:
    """Name → addresses for getaddrinfo; unknown names fail like NXDOMAIN (never a real query)."""

    def __init__(self) -> None:
        self.names: dict[str, list[str]] = {}
        self.queries: list[str] = []

    def add(self, name: str, *addresses: str) -> None:
        self.names[name.lower()] = list(addresses)


@pytest.fixture(autouse=True)
def fake_dns(monkeypatch) -> FakeDNS:
    dns = FakeDNS()
    real = socket.getaddrinfo

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        name = host.decode() if isinstance(host, bytes) else host
        if name is None:
            return real(host, port, family, type, proto, flags)
        dns.queries.append(name)
        try:
            ipaddress.ip_address(name.split("%")[0])
            return real(host, port, family, type, proto, flags)  # a literal: no DNS
        except ValueError:
            pass
        if name.lower() == "localhost":
            return real(host, port, family, type, proto, flags)
        addresses = dns.names.get(name.lower().rstrip("."))
        if addresses is None:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        results = []
        for address in addresses:
            fam = socket.AF_INET6 if ":" in address else socket.AF_INET
            sockaddr = (address, port or 0, 0, 0) if fam == socket.AF_INET6 else (address, port)
            results.append((fam, socket.SOCK_STREAM, 6, "", sockaddr))
        return results

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return dns


@pytest.fixture
def no_private_networks(settings):
    """Production behaviour: the fetcher refuses private and loopback addresses."""
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = False
    return settings


@dataclass
class DemoParties:
    musk: Party
    openai: Party
    altman: Party
    xai: Party
    savitt: Party
    microsoft: Party
    case: object


@pytest.fixture
def demo_parties(db) -> DemoParties:
    """The parties of Musk v. OpenAI as the demo data names them, with their aliases."""
    musk = PartyFactory(name="Elon Musk", slug="elon-musk", aliases="Musk")
    openai = PartyFactory(
        name="OpenAI", slug="openai", kind=Party.Kind.ORGANIZATION, aliases="OpenAI Inc."
    )
    altman = PartyFactory(name="Samuel Altman", slug="sam-altman", aliases="Sam Altman\nAltman")
    xai = PartyFactory(name="xAI", slug="xai", kind=Party.Kind.ORGANIZATION, aliases="X.AI Corp.")
    savitt = PartyFactory(name="William Savitt", slug="william-savitt", aliases="Savitt")
    microsoft = PartyFactory(name="Microsoft", slug="microsoft", kind=Party.Kind.ORGANIZATION)
    case = CaseFactory(short_title="Musk v. OpenAI", slug="musk-v-openai")
    for party, role in [
        (musk, "plaintiff"),
        (xai, "plaintiff"),
        (openai, "defendant"),
        (altman, "defendant"),
        (microsoft, "defendant"),
        (savitt, "counsel"),
    ]:
        CaseRoleFactory(case=case, party=party, role=role)
    return DemoParties(musk, openai, altman, xai, savitt, microsoft, case)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run on_commit callbacks (queued fetches) as a real commit would, inside test transactions."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run
