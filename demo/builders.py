"""Builders of unsaved rows: the rules every row of the tracker keeps, written once.

`load_demo`, `seed_bench`, the benchmarks and the test factories (tests/factories.py) all build
their rows here, so a rule holds wherever data comes from:

- a published row records when it was made public (the `*_published_when` constraints);
- a slug, when none is given, is the slugified name or title;
- a source's URL is stored normalized (articles.urlnorm), and its outlet is the one of the URL's
  host: the one already stored (`known_outlet`, as the API and `submit_url` give it), else a
  new one;
- a published event or testimony cites at least one published source (`publishes_with()`; the
  deferred constraint triggers refuse anything else at commit).

Builders return unsaved instances, so a caller may `save()` them one by one or hand thousands to
`bulk_create`. Plain functions rather than factory_boy factories: the management commands that
ship use them, and factory_boy stays a test-only dependency (tests/factories.py wraps these).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from articles.ingestion.services.submission import known_outlet
from articles.models import Outlet, Source
from articles.urlnorm import normalize_url, url_host
from cases.models import (
    Case,
    Court,
    Event,
    EventCitation,
    Party,
    Testimony,
    TestimonyCitation,
    Topic,
)
from core.publishing import PublicationState

PUBLISHED = PublicationState.PUBLISHED
DRAFT = PublicationState.DRAFT


def publication(published: bool, *, at: dt.datetime | None = None) -> dict[str, Any]:
    """The publication fields of a new row: a published one records when it was made public."""
    if published:
        return {"state": PUBLISHED, "made_public_at": at or timezone.now()}
    return {"state": DRAFT}


def _published_fields(state: str, made_public_at: dt.datetime | None) -> dict[str, Any]:
    if state == PUBLISHED:
        return publication(True, at=made_public_at)
    return {"state": state, "made_public_at": made_public_at}


def slug_for(text: str, *, max_length: int = 200) -> str:
    """The slug a row gets when none is given."""
    return slugify(text)[:max_length].strip("-")


# --- Shared rows ---------------------------------------------------------------------------------


def topic(*, name: str, slug: str = "", **fields: Any) -> Topic:
    return Topic(name=name, slug=slug or slug_for(name, max_length=120), **fields)


def court(*, name: str, slug: str = "", **fields: Any) -> Court:
    return Court(
        name=name, slug=slug or slug_for(fields.get("short_name") or name, max_length=60), **fields
    )


def party(*, name: str, slug: str = "", kind: str = Party.Kind.PERSON, **fields: Any) -> Party:
    return Party(name=name, slug=slug or slug_for(name), kind=kind, **fields)


def outlet_for_url(url: str, *, name: str = "") -> Outlet | None:
    """The outlet of the URL's host: the one already stored, or a new one (saved) named `name`
    (the host when no name is given). None for a URL without a host."""
    outlet = known_outlet(url)
    if outlet is not None:
        return outlet
    host = url_host(url)
    if not host:
        return None
    return Outlet.objects.create(domain=host, name=(name or host)[:200])


# --- Cases and their entries ---------------------------------------------------------------------


def case(
    *,
    short_title: str,
    court: Court,
    slug: str = "",
    state: str = PUBLISHED,
    made_public_at: dt.datetime | None = None,
    **fields: Any,
) -> Case:
    return Case(
        short_title=short_title,
        court=court,
        slug=slug or slug_for(short_title),
        **_published_fields(state, made_public_at),
        **fields,
    )


_FROM_URL: Any = object()


def source(
    *,
    url: str,
    outlet: Outlet | None = _FROM_URL,
    state: str = PUBLISHED,
    made_public_at: dt.datetime | None = None,
    **fields: Any,
) -> Source:
    """A source at its normalized URL; its outlet is the URL host's unless one is given (None
    for none). Bulk callers pass the outlet, which costs a query to find."""
    normalized = normalize_url(url)
    if outlet is _FROM_URL:
        outlet = outlet_for_url(normalized)
    return Source(
        url=normalized, outlet=outlet, **_published_fields(state, made_public_at), **fields
    )


def event(
    *,
    case: Case,
    date: dt.date,
    title: str,
    state: str = PUBLISHED,
    made_public_at: dt.datetime | None = None,
    **fields: Any,
) -> Event:
    return Event(
        case=case, date=date, title=title, **_published_fields(state, made_public_at), **fields
    )


def testimony(
    *,
    case: Case,
    witness: Party,
    date: dt.date,
    excerpt: str,
    state: str = PUBLISHED,
    made_public_at: dt.datetime | None = None,
    **fields: Any,
) -> Testimony:
    return Testimony(
        case=case,
        witness=witness,
        date=date,
        excerpt=excerpt,
        **_published_fields(state, made_public_at),
        **fields,
    )


def citation(
    entry: Event | Testimony, source: Source, **fields: Any
) -> EventCitation | TestimonyCitation:
    """The citation of `source` by an event or testimony (the model depends on the entry)."""
    if isinstance(entry, Event):
        return EventCitation(event=entry, source=source, **fields)
    return TestimonyCitation(testimony=entry, source=source, **fields)


def publishes_with(sources: list[Source]) -> bool:
    """Whether an entry citing these sources may be published: it must cite at least one
    published source (the deferred constraint triggers check it again at commit)."""
    return any(source.state == PUBLISHED for source in sources)
