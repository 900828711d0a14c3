"""The fetcher against a real local HTTP server: limits, redirects, statuses and SSRF refusals."""

import contextlib
import gzip
import time

import pytest

from articles.ingestion.connections import FetchPolicy, is_public_address
from articles.ingestion.errors import (
    BlockedAddress,
    FetchError,
    InvalidTarget,
    NetworkError,
    TooLarge,
    TooManyRedirects,
    UnsupportedContent,
)
from articles.ingestion.fetching import fetch
from tests.articles.conftest import TECHLUSIVE_PATH, Route, page

ARTICLE = page("techlusive-musk-xai.html")


def test_a_page_is_fetched_with_a_clear_user_agent(server, settings):
    url = server.add(TECHLUSIVE_PATH, ARTICLE)
    result = fetch(url)
    assert result.status == 200
    assert result.body == ARTICLE
    assert result.is_html and result.charset == "utf-8"
    assert server.hits[0].headers["User-Agent"] == settings.INGEST_USER_AGENT
    assert "AILitigationTrackerBot" in settings.INGEST_USER_AGENT


def test_a_gzip_encoded_page_is_decoded(server):
    url = server.add("/gz", gzip.compress(ARTICLE), headers={"Content-Encoding": "gzip"})
    assert fetch(url).body == ARTICLE


def test_a_redirect_chain_of_five_hops_is_followed_to_the_end(server):
    server.add("/final", ARTICLE)
    for hop in range(5):
        server.redirect(f"/hop{hop}", f"/hop{hop + 1}" if hop < 4 else "/final", status=301)
    result = fetch(server.url("/hop0"))
    assert result.url == server.url("/final")
    assert len(result.redirects) == 5
    assert result.body == ARTICLE


def test_a_sixth_redirect_is_refused(server):
    for hop in range(6):
        server.redirect(f"/hop{hop}", f"/hop{hop + 1}")
    server.add("/hop6", ARTICLE)
    with pytest.raises(TooManyRedirects, match="More than 5 redirects"):
        fetch(server.url("/hop0"))
    assert "/hop6" not in server.paths()


def test_a_slow_response_times_out_with_a_retryable_error(server):
    url = server.add("/slow", ARTICLE, delay=1.5)
    policy = FetchPolicy(allow_private=True, read_timeout=0.3, connect_timeout=1)
    with pytest.raises(NetworkError, match="did not answer within the time limit") as err:
        fetch(url, policy=policy)
    assert err.value.retryable


def test_a_trickle_of_bytes_is_stopped_at_the_overall_deadline(server):
    """Every byte comes within the read timeout, but the whole page never would."""

    def trickle(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", "40")
        handler.end_headers()
        try:
            for _ in range(40):
                handler.wfile.write(b"x")
                handler.wfile.flush()
                time.sleep(0.2)
        except (BrokenPipeError, ConnectionResetError):
            pass

    url = server.add("/trickle", handler=trickle)
    policy = FetchPolicy(allow_private=True, connect_timeout=0.3, read_timeout=0.3)
    started = time.monotonic()
    with pytest.raises(NetworkError, match="took too long to download") as err:
        fetch(url, policy=policy)
    # The deadline is 0.9 s (connect + 2 × read); the page alone would take 8 s.
    assert time.monotonic() - started < 2.5
    assert err.value.retryable


def test_an_oversized_page_with_a_declared_length_is_refused_before_reading(server):
    url = server.add("/big", b"x" * 50_000)
    policy = FetchPolicy(allow_private=True, max_bytes=10_000)
    with pytest.raises(TooLarge, match="50,000 bytes, over the 10,000-byte limit"):
        fetch(url, policy=policy)


def test_an_oversized_streamed_page_is_cut_off_at_the_cap(server):
    sent = []

    def endless(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Connection", "close")  # no length: read until the cap
        handler.end_headers()
        try:
            for _ in range(200):  # up to 12.8 MB if nobody stopped reading
                handler.wfile.write(b"<p>" + b"a" * 65_530 + b"</p>")
                sent.append(1)
        except (BrokenPipeError, ConnectionResetError):
            pass

    url = server.add("/stream", handler=endless)
    policy = FetchPolicy(allow_private=True, max_bytes=200_000)
    with pytest.raises(TooLarge, match="stopped reading"):
        fetch(url, policy=policy)
    assert len(sent) < 200


def test_a_pdf_is_refused_with_a_readable_reason(server):
    url = server.add("/doc.pdf", b"%PDF-1.7", headers={"Content-Type": "application/pdf"})
    with pytest.raises(UnsupportedContent, match="application/pdf.*not an HTML page"):
        fetch(url)


@pytest.mark.parametrize("status", [404, 410, 500])
def test_error_statuses_are_returned_for_the_caller_to_judge(server, status):
    url = server.add("/x", b"<html>error</html>", status=status)
    assert fetch(url).status == status


def _hang_up(handler) -> None:
    """Close the connection without answering, as a server dropping an idle one does."""
    handler.close_connection = True


class TestKeptConnections:
    """A connection whose answer was read to the end carries the next page from its address."""

    def test_pages_from_one_address_share_one_connection(self, server, network_guard):
        urls = [server.add(f"/story-{n}", ARTICLE) for n in range(3)]
        assert [fetch(url).body for url in urls] == [ARTICLE] * 3
        assert len(network_guard.attempts) == 1
        assert server.paths() == ["/story-0", "/story-1", "/story-2"]

    @pytest.mark.parametrize(
        "first",
        ["/missing", "/redirect", "/big", "/doc.pdf"],
        ids=["error page", "redirect", "over the cap", "not html"],
    )
    def test_a_connection_whose_answer_was_not_read_to_the_end_is_not_reused(
        self, server, network_guard, first
    ):
        """Unread or cut-off bytes must never be taken for the next page's answer (nor for
        the next hop of a redirect)."""
        server.add("/missing", b"<html>" + b"gone " * 1000 + b"</html>", status=404)
        server.redirect("/redirect", "/missing")
        server.add("/big", b"x" * 300_000)
        server.add("/doc.pdf", b"%PDF-1.7" * 1000, headers={"Content-Type": "application/pdf"})
        story = server.add("/story", ARTICLE)
        policy = FetchPolicy(allow_private=True, max_bytes=200_000)
        with contextlib.suppress(FetchError):
            fetch(server.url(first), policy=policy)
        assert len(network_guard.attempts) == len(server.hits)  # one connection per request
        assert fetch(story, policy=policy).body == ARTICLE
        assert len(network_guard.attempts) == len(server.hits)

    def test_an_idle_connection_is_kept_only_for_the_keepalive_time(self, server, network_guard):
        url = server.add("/story", ARTICLE)
        brief = FetchPolicy(allow_private=True, keepalive=0.2)
        fetch(url, policy=brief)
        fetch(url, policy=brief)
        assert len(network_guard.attempts) == 1
        time.sleep(0.3)
        fetch(url, policy=brief)
        assert len(network_guard.attempts) == 2
        never = FetchPolicy(allow_private=True, keepalive=0)
        fetch(url, policy=never)
        fetch(url, policy=never)
        assert len(network_guard.attempts) == 4

    def test_https_pages_from_one_site_share_one_tls_session(
        self, tls_server, fake_dns, network_guard
    ):
        fake_dns.add("news.example", "93.184.216.34")
        network_guard.route("93.184.216.34")
        pages = tls_server.server
        urls = [
            pages.add(f"/story-{n}", ARTICLE).replace("127.0.0.1", "news.example") for n in (1, 2)
        ]
        policy = FetchPolicy(ca_certs=tls_server.ca_file)
        assert [fetch(url, policy=policy).body for url in urls] == [ARTICLE, ARTICLE]
        assert tls_server.sni == ["news.example"]  # one handshake
        assert network_guard.outside_attempts() == [("93.184.216.34", pages.port)]

    def test_a_server_closing_after_its_answer_gets_a_new_connection(self, server, network_guard):
        url = server.add("/story", ARTICLE, headers={"Connection": "close"})
        assert fetch(url).body == fetch(url).body == ARTICLE
        assert len(network_guard.attempts) == 2

    def test_a_kept_connection_dropped_as_the_request_goes_out_is_replaced_once(
        self, server, network_guard
    ):
        url = server.add(
            "/story",
            sequence=[Route(body=ARTICLE), Route(handler=_hang_up), Route(body=ARTICLE)],
        )
        fetch(url)
        assert fetch(url).body == ARTICLE  # the hang-up, then the same GET on a new connection
        assert len(server.hits) == 3
        assert len(network_guard.attempts) == 2

    def test_a_new_connection_dropped_without_an_answer_is_a_network_error(self, server):
        url = server.add("/story", handler=_hang_up)
        with pytest.raises(NetworkError, match="connection to 127.0.0.1 failed") as err:
            fetch(url)
        assert err.value.retryable
        assert len(server.hits) == 1  # not sent again: only a kept connection is

    def test_a_kept_connection_never_skips_the_address_check(
        self, server, fake_dns, network_guard, no_private_networks
    ):
        """The name is looked up and vetted for every page: a connection kept to its old
        address is neither used for a private one nor for another public one."""
        fake_dns.add("news.example", "93.184.216.34")
        network_guard.route("93.184.216.34")
        network_guard.route("93.184.216.35")
        url = server.add("/story", ARTICLE).replace("127.0.0.1", "news.example")
        fetch(url)
        fake_dns.add("news.example", "10.1.2.3")  # rebinding to the inside
        with pytest.raises(BlockedAddress, match="10.1.2.3"):
            fetch(url)
        fake_dns.add("news.example", "93.184.216.35")
        fetch(url)
        assert network_guard.outside_attempts() == [
            ("93.184.216.34", server.port),
            ("93.184.216.35", server.port),
        ]
        assert len(server.hits) == 2


def test_a_host_name_in_another_script_is_looked_up_and_sent_in_its_idna_form(server, fake_dns):
    fake_dns.add("xn--e1afmkfd.example", "127.0.0.1")
    server.add("/a", ARTICLE)
    result = fetch(server.url("/a", host="пример.example"))
    assert result.body == ARTICLE
    assert fake_dns.queries[0] == "xn--e1afmkfd.example"  # then urllib3 connects to the IP
    assert server.hits[0].headers["Host"] == f"xn--e1afmkfd.example:{server.port}"


def test_a_redirect_to_a_path_in_another_script_sent_as_utf8_is_followed(server):
    server.add("/caf%C3%A9", ARTICLE)
    # The server sends the header's raw UTF-8 bytes; http.client reads headers as Latin-1.
    server.redirect("/old", "/café".encode().decode("latin-1"))
    result = fetch(server.url("/old"))
    assert server.paths() == ["/old", "/caf%C3%A9"]
    assert result.body == ARTICLE


@pytest.mark.parametrize("location", ["http://[oops/", "http://exa mple.org/"])
def test_a_redirect_to_an_address_that_is_no_url_is_refused_readably(
    server, network_guard, location
):
    server.redirect("/r", location)
    with pytest.raises(InvalidTarget):
        fetch(server.url("/r"))
    assert server.paths() == ["/r"]


@pytest.mark.parametrize("url", ["ftp://example.org/file", "file:///etc/passwd", "http:///path"])
def test_only_http_and_https_urls_with_a_host_are_fetched(url, network_guard):
    with pytest.raises(InvalidTarget):
        fetch(url)
    assert network_guard.attempts == []


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "::1",
        "10.0.0.1",
        "10.255.3.4",
        "169.254.169.254",
        "192.168.1.1",
        "0.0.0.0",
        "fec0::1",  # IPv6 site-local (deprecated, still routed in some networks)
    ],
)
def test_non_public_addresses_are_not_public(address):
    import ipaddress

    assert not is_public_address(ipaddress.ip_address(address))


def test_public_and_mapped_addresses_are_judged_by_their_ipv4_part():
    import ipaddress

    assert is_public_address(ipaddress.ip_address("93.184.216.34"))
    assert not is_public_address(ipaddress.ip_address("::ffff:127.0.0.1"))
    assert not is_public_address(ipaddress.ip_address("100.64.0.1"))  # carrier-grade NAT


class TestSSRF:
    """With INGEST_ALLOW_PRIVATE_NETWORKS off, nothing private is ever contacted."""

    @pytest.fixture(autouse=True)
    def production(self, no_private_networks):
        pass

    def test_loopback_ipv4_is_refused_and_the_server_receives_nothing(self, server, network_guard):
        url = server.add("/secret", b"<html>admin</html>")
        with pytest.raises(BlockedAddress, match="127.0.0.1.*non-public"):
            fetch(url)
        assert server.hits == []
        assert network_guard.attempts == []

    def test_loopback_ipv6_is_refused_and_the_server_receives_nothing(
        self, server_v6, network_guard
    ):
        url = server_v6.add("/secret", b"<html>admin</html>")
        assert url.startswith("http://[::1]:")
        with pytest.raises(BlockedAddress, match="::1"):
            fetch(url)
        assert server_v6.hits == []
        assert network_guard.attempts == []

    @pytest.mark.parametrize(
        "url",
        [
            "http://10.0.0.5/",
            "http://10.20.30.40:8080/admin",
            "http://169.254.169.254/latest/meta-data/",
            "http://[fd00::1]/",
        ],
    )
    def test_private_and_metadata_addresses_are_refused_before_any_connection(
        self, url, network_guard
    ):
        with pytest.raises(BlockedAddress, match="non-public"):
            fetch(url)
        assert network_guard.attempts == []

    def test_a_host_name_resolving_to_loopback_is_refused(self, server, network_guard):
        server.add("/secret", b"<html>admin</html>")
        with pytest.raises(BlockedAddress, match="“localhost”: it resolves to"):
            fetch(server.url("/secret", host="localhost"))
        assert server.hits == []
        assert network_guard.attempts == []

    def test_a_public_looking_name_resolving_to_a_private_address_is_refused(
        self, fake_dns, network_guard
    ):
        fake_dns.add("intranet.news-site.example", "93.184.216.34", "10.1.2.3")
        with pytest.raises(BlockedAddress, match="10.1.2.3"):
            fetch("https://intranet.news-site.example/story")
        assert network_guard.attempts == []

    def test_a_public_url_redirecting_to_a_private_one_is_stopped_at_the_redirect(
        self, server, fake_dns, network_guard
    ):
        # news.example resolves to a public address, which the guard routes to the local server.
        fake_dns.add("news.example", "93.184.216.34")
        network_guard.route("93.184.216.34")
        server.redirect("/story", server.url("/internal-admin"))
        server.add("/internal-admin", b"<html>secret</html>")
        with pytest.raises(BlockedAddress, match="127.0.0.1"):
            fetch(server.url("/story", host="news.example"))
        assert server.paths() == ["/story"]  # the private hop was never requested
        assert server.hits[0].headers["Host"] == f"news.example:{server.port}"
        assert network_guard.outside_attempts() == [("93.184.216.34", server.port)]

    def test_a_redirect_to_the_metadata_address_is_refused(self, server, fake_dns, network_guard):
        fake_dns.add("news.example", "93.184.216.34")
        network_guard.route("93.184.216.34")
        server.redirect("/story", "http://169.254.169.254/latest/meta-data/")
        with pytest.raises(BlockedAddress, match="169.254.169.254"):
            fetch(server.url("/story", host="news.example"))
        assert ("169.254.169.254", 80) not in network_guard.attempts

    def test_the_connection_goes_to_the_vetted_address_not_a_second_lookup(
        self, server, fake_dns, network_guard
    ):
        # One lookup per hop: a rebinding DNS answering differently the second time is never
        # asked again, because the fetcher connects to the address it checked.
        fake_dns.add("news.example", "93.184.216.34")
        network_guard.route("93.184.216.34")
        server.add("/story", ARTICLE)
        assert fetch(server.url("/story", host="news.example")).status == 200
        assert fake_dns.queries.count("news.example") == 1


def test_https_connects_to_the_vetted_address_with_the_host_name_for_sni_and_certificate(
    tls_server, fake_dns, network_guard
):
    fake_dns.add("news.example", "93.184.216.34")
    network_guard.route("93.184.216.34")
    url = tls_server.server.add("/story", ARTICLE)
    url = url.replace("127.0.0.1", "news.example")
    policy = FetchPolicy(ca_certs=tls_server.ca_file)
    assert fetch(url, policy=policy).body == ARTICLE
    assert tls_server.sni == ["news.example"]  # not the IP we connected to
    assert network_guard.outside_attempts() == [("93.184.216.34", tls_server.server.port)]


def test_https_with_an_untrusted_certificate_is_refused(tls_server, fake_dns, network_guard):
    fake_dns.add("news.example", "93.184.216.34")
    network_guard.route("93.184.216.34")
    url = tls_server.server.add("/story", ARTICLE).replace("127.0.0.1", "news.example")
    with pytest.raises(NetworkError, match="TLS with news.example failed"):
        fetch(url, policy=FetchPolicy())  # the system's CAs do not know this certificate
    assert tls_server.server.hits == []


def test_https_with_a_certificate_for_another_name_is_refused(tls_server, fake_dns, network_guard):
    fake_dns.add("other.example", "93.184.216.34")
    network_guard.route("93.184.216.34")
    url = tls_server.server.add("/story", ARTICLE).replace("127.0.0.1", "other.example")
    with pytest.raises(NetworkError, match="TLS with other.example failed"):
        fetch(url, policy=FetchPolicy(ca_certs=tls_server.ca_file))
    assert tls_server.server.hits == []
