"""URL normalization, so the same article submitted twice is one Source."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

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


def normalize_url(url: str) -> str:
    """Lower-case scheme and host, drop default ports, fragments, tracking parameters and a
    trailing slash; keep everything else as given. Only http and https are accepted."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InvalidURL(f"'{url[:200]}' is not a valid URL ({exc}).") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise InvalidURL("Only http:// and https:// URLs can be sources.")
    host = (parts.hostname or "").lower().rstrip(".")
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
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def url_host(url: str) -> str:
    """The host of a URL without 'www.', used as the outlet's domain."""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host
