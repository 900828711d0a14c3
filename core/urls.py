"""Addresses of pages, reversed once: a timeline page names a few hundred of them (each entry,
each citation, each flag on the chart), and reversing one costs about 30 µs, a third of the
page's template time. Each is remembered under everything reverse() reads besides its
arguments (the script prefix and the URLconf), so an address is never reused where it would
differ."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


@lru_cache(maxsize=100_000)
def _reversed(prefix: str, urlconf: str, name: str, kwargs: tuple[tuple[str, object], ...]) -> str:
    return reverse(name, kwargs=dict(kwargs), urlconf=urlconf)


def page_url(name: str, **kwargs: object) -> str:
    """reverse(name, kwargs=kwargs), remembered (at most 100,000 addresses a process)."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reversed(get_script_prefix(), urlconf, name, tuple(sorted(kwargs.items())))
