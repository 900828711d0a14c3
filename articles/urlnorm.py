"""URL normalization, so the same article submitted twice is one Source."""

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# The longest URL a source stores (Source.url and canonical_url): checked after normalization,
# which percent-encodes what the query had in other scripts and so can lengthen a URL.
MAX_URL_LENGTH = 2000
# A host name's labels once in ASCII (IDNA): letters, digits, hyphens (and the underscores a
# few real sub-domains have), at most 63 characters each.
HOST_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")

# Query parameters that only track the reader and never change the page.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "yclid",
        "_ga",
        "_gl",
        "ref",
        "ref_src",
        "ref_url",
        "cmpid",
        "ocid",
        "smid",
        "s_cid",
    }
)


class InvalidURL(ValueError):
    pass


def ascii_host(host: str) -> str:
    """A host name in lower-case ASCII, as DNS and the Host header take it: a name in another
    script becomes its IDNA form ("bücher.example" is "xn--bcher-kva.example"), so both spellings
    are one host. IP literals are returned as they are. Raises InvalidURL for a name that
    cannot be a host (a space, an empty or overlong label)."""
    host = host.lower().rstrip(".")
    if not host or ":" in host:  # none (the caller says so), or an IPv6 literal urlsplit checked
        return host
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise InvalidURL(f"“{host[:100]}” is not a valid host name.") from exc
    if len(host) > 253 or not all(HOST_LABEL.match(label) for label in host.split(".")):
        raise InvalidURL(f"“{host[:100]}” is not a valid host name.")
    return host


def normalize_url(url: str) -> str:
    """Lower-case scheme and host, drop default ports, fragments, tracking parameters and a
    trailing slash; keep everything else as given. Only http and https are accepted."""
    url = (url or "").strip()
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in url):
        raise InvalidURL("The URL contains a control character (a tab, line break or similar).")
    if "\\" in url:  # browsers read it as "/", Python's parser does not: refuse, never guess
        raise InvalidURL(f"'{url[:200]}' contains a backslash; use / in URLs.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InvalidURL(f"'{url[:200]}' is not a valid URL ({exc}).") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise InvalidURL("Only http:// and https:// URLs can be sources.")
    if "@" in parts.netloc:
        raise InvalidURL("URLs with a user name or password can't be sources (they'd be public).")
    host = ascii_host(parts.hostname or "")
    if not host:
        raise InvalidURL(f"'{url[:200]}' has no host name.")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = parts.path or ""
    if len(path) > 1:
        path = path.rstrip("/")
    if path == "/":
        path = ""
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key.lower() not in TRACKING_PARAMS
    ]
    normalized = urlunsplit((scheme, host, path, urlencode(query), ""))
    if len(normalized) > MAX_URL_LENGTH:
        raise InvalidURL(
            f"The URL is {len(normalized):,} characters long once normalized; "
            f"sources take at most {MAX_URL_LENGTH:,}."
        )
    return normalized


def url_host(url: str) -> str:
    """The host of a URL without 'www.', used as the outlet's domain."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host
