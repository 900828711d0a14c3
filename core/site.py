"""Links that leave the request: feeds, calendars, emails and webhook payloads are read later
and elsewhere, so their absolute URLs come from the documented SITE_URL setting, never from the
Host a client happened to send."""

from __future__ import annotations

from django.conf import settings


def site_url(path: str) -> str:
    """`path` as an absolute URL on the public site (settings.SITE_URL); a URL stays as is."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path
