"""What can go wrong fetching a page, each with a message a curator can read in the admin,
and whether trying again later may help."""

from __future__ import annotations


class FetchError(Exception):
    """A fetch that failed, with a message a curator can read in the admin.

    `retryable` says whether trying again later may succeed (network trouble, 5xx)."""

    retryable = False

    def __init__(self, message: str, *, status: int | None = None, url: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.url = url


class InvalidTarget(FetchError):
    """Not a URL we may fetch at all (scheme, missing host, bad port)."""


class BlockedAddress(FetchError):
    """The host resolves to an address the fetcher must not contact."""


class NetworkError(FetchError):
    """No usable HTTP answer: DNS failure, refused connection, timeout, broken TLS."""

    retryable = True

    def __init__(self, message: str, *, name_not_found: bool = False, **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.name_not_found = name_not_found


class HTTPStatusError(FetchError):
    """The server answered with an error status: 5xx and 429 are worth retrying, 4xx are not."""

    def __init__(self, message: str, *, status: int, url: str = "") -> None:
        super().__init__(message, status=status, url=url)
        self.retryable = status >= 500 or status == 429


class TooManyRedirects(FetchError):
    pass


class TooLarge(FetchError):
    pass


class UnsupportedContent(FetchError):
    pass
