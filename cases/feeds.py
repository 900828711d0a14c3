"""Atom feeds of the latest published entries of a case, a topic or a party.

Built on django.contrib.syndication. A feed merges the published events, testimony and sources
in scope, newest first by their (partial) date, FEED_SIZE of them, with a fixed number of
queries whatever the size: one for the case/topic/party, then per kind one for the entries and
one for their cited sources (with outlets).

What is in scope is what the page's timeline shows (the same definitions as the `site` branch's
cases.timeline scopes, so a feed never disagrees with its page):
- a case: its events and testimony, and the sources that report on it (Source.cases);
- a topic: the events and testimony tagged with it, across cases;
- a party: the testimony it gave and the events of every case it has a role in. Sources are
  left out of party and topic feeds: OpenAI is in most cases, and each case's feed has them.

Each entry's Atom <published> is when it was made public here and <updated> its last change;
its legal date, at its precision, opens the summary. Summaries are HTML built with format_html,
so titles and texts from curators and fetched articles are escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaks_filter
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from articles.models import Source

from .dates import Precision, format_partial_date
from .models import (
    Case,
    CaseRole,
    Event,
    EventCitation,
    Party,
    Testimony,
    TestimonyCitation,
    Topic,
)
from .public import published_citations, sources_reporting_on
from .text import strip_control_characters

FEED_SIZE = 50
SITE_NAME = "AI Litigation Tracker"
_PRECISION_ORDER = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2}


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed: an event, testimony or source, with what the feed shows of it."""

    kind: str
    obj: Event | Testimony | Source
    date: dt.date | None
    precision: str
    title: str
    link: str  # absolute
    description: SafeString

    @property
    def sort_key(self) -> tuple:
        return (self.date or dt.date.min, _PRECISION_ORDER.get(self.precision, 0), self.kind)


@dataclass(frozen=True)
class FeedScope:
    """What a feed is about, and the request (for absolute URLs in summaries)."""

    obj: Case | Topic | Party
    request: HttpRequest
    events: QuerySet
    testimony: QuerySet
    sources: QuerySet | None = None  # None: this kind of feed carries no sources
    show_case: bool = True


def latest_entries(scope: FeedScope, limit: int = FEED_SIZE) -> list[FeedEntry]:
    """The `limit` newest entries of the scope, merged across kinds (five queries, four
    without sources)."""
    absolute = scope.request.build_absolute_uri
    events = (
        scope.events.select_related("case")
        .prefetch_related(published_citations(EventCitation))
        .order_by("-date", "date_precision", "-id")[:limit]
    )
    testimony = (
        scope.testimony.select_related("case", "witness")
        .prefetch_related(published_citations(TestimonyCitation))
        .order_by("-date", "date_precision", "-id")[:limit]
    )
    sources = (
        scope.sources.select_related("outlet")
        .defer("text")
        # A source whose publication date is unknown goes after every dated entry.
        .order_by(F("published_at").desc(nulls_last=True), "-id")[:limit]
        if scope.sources is not None
        else []
    )
    entries = [_event_entry(e, absolute, scope.show_case) for e in events]
    entries += [_testimony_entry(t, absolute, scope.show_case) for t in testimony]
    entries += [_source_entry(s, absolute) for s in sources]
    entries.sort(key=lambda entry: entry.sort_key, reverse=True)
    return entries[:limit]


def _paragraphs(text: str) -> SafeString:
    """Plain text as escaped HTML paragraphs."""
    return linebreaks_filter(text, autoescape=True)


def _sources_html(citations, absolute: Callable[[str], str], wording_of=None) -> SafeString:
    rows = []
    for citation in citations:
        source = citation.source
        outlet = f" — {source.outlet.name}" if source.outlet_id else ""
        extra = ""
        if getattr(citation, "pinpoint", ""):
            extra = f", {citation.pinpoint}"
        if wording_of and wording_of(citation):
            extra += f" (reported as “{wording_of(citation)}”)"
        rows.append((source.url, source.title or source.url, outlet + extra))
    if not rows:
        return mark_safe("")
    items = format_html_join("", '<li><a href="{}">{}</a>{}</li>', rows)
    return format_html("<p>Sources:</p><ul>{}</ul>", items)


def _header_html(date_display: str, parts: list[str], case: Case | None, absolute) -> SafeString:
    case_html = (
        format_html(' · <a href="{}">{}</a>', absolute(case.get_absolute_url()), case.short_title)
        if case is not None
        else ""
    )
    return format_html(
        "<p><strong>{}</strong>{}{}</p>",
        date_display or "Date unknown",
        format_html_join("", " · {}", ((part,) for part in parts if part)),
        case_html,
    )


def _event_entry(event: Event, absolute, show_case: bool) -> FeedEntry:
    description = format_html(
        "{}{}{}",
        _header_html(event.date_display, [event.get_kind_display()], event.case, absolute),
        _paragraphs(event.description) if event.description else "",
        _sources_html(event.citations.all(), absolute),
    )
    title = f"{event.case.short_title}: {event.title}" if show_case else event.title
    return FeedEntry(
        kind="event",
        obj=event,
        date=event.date,
        precision=event.date_precision,
        title=title,
        link=absolute(event.get_absolute_url()),
        description=description,
    )


def _testimony_entry(testimony: Testimony, absolute, show_case: bool) -> FeedEntry:
    setting = testimony.get_setting_display()
    if testimony.phase:
        setting = f"{setting}, {testimony.get_phase_display().lower()}"
    kind = "verbatim" if testimony.is_verbatim else "paraphrase"
    description = format_html(
        "{}<blockquote>{}</blockquote>{}{}",
        _header_html(
            testimony.date_display,
            [testimony.witness.name, setting, kind],
            testimony.case,
            absolute,
        ),
        _paragraphs(testimony.excerpt),
        format_html("<p>Context: {}</p>", testimony.context) if testimony.context else "",
        _sources_html(
            testimony.citations.all(),
            absolute,
            wording_of=lambda c: c.wording if c.wording and c.wording != testimony.excerpt else "",
        ),
    )
    excerpt = " ".join(testimony.excerpt.split())
    if len(excerpt) > 100:
        excerpt = excerpt[:99].rstrip() + "…"
    title = f"{testimony.witness.name}: “{excerpt}”"
    return FeedEntry(
        kind="testimony",
        obj=testimony,
        date=testimony.date,
        precision=testimony.date_precision,
        title=f"{testimony.case.short_title} — {title}" if show_case else title,
        link=absolute(testimony.get_absolute_url()),
        description=description,
    )


def _source_entry(source: Source, absolute) -> FeedEntry:
    published = timezone.localdate(source.published_at) if source.published_at else None
    outlet = source.outlet.name if source.outlet_id else ""
    description = format_html(
        '{}{}<p><a href="{}">Read it at {}</a></p>',
        _header_html(
            format_partial_date(published, Precision.DAY),
            [outlet, source.get_kind_display(), source.authors],
            None,
            absolute,
        ),
        _paragraphs(source.summary) if source.summary else "",
        source.url,
        outlet or source.url,
    )
    title = source.title or source.url
    return FeedEntry(
        kind="source",
        obj=source,
        date=published,
        precision=Precision.DAY,
        title=f"{outlet}: {title}" if outlet else title,
        link=absolute(source.get_absolute_url()),
        description=description,
    )


def _xml_safe(value):
    if isinstance(value, str):
        return strip_control_characters(value)
    if isinstance(value, list | tuple):
        return type(value)(_xml_safe(item) for item in value)
    return value


class XMLSafeAtom1Feed(Atom1Feed):
    """Atom1Feed that drops the C0 control characters XML 1.0 cannot carry from every text
    (the API refuses them, but older data, the admin or a fetched article may hold some):
    Django's writer would otherwise fail the whole feed with UnserializableContentError."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.feed = {key: _xml_safe(value) for key, value in self.feed.items()}

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **kwargs)
        self.items[-1] = {key: _xml_safe(value) for key, value in self.items[-1].items()}


class _EntriesFeed(Feed):
    """The shared shape of the three feeds; subclasses say what is in scope."""

    feed_type = XMLSafeAtom1Feed
    kind_label = ""

    def get_object(self, request: HttpRequest, slug: str) -> FeedScope:
        raise NotImplementedError

    def items(self, scope: FeedScope) -> list[FeedEntry]:
        return latest_entries(scope)

    def title(self, scope: FeedScope) -> str:
        return f"{scope.obj}: latest entries — {SITE_NAME}"

    def subtitle(self, scope: FeedScope) -> str:
        kinds = (
            "events, testimony and sources"
            if scope.sources is not None
            else ("events and testimony")
        )
        return (
            f"Published {kinds} of the {self.kind_label} “{scope.obj}”, newest first, "
            "each with the sources it cites."
        )

    def link(self, scope: FeedScope) -> str:
        return scope.obj.get_absolute_url()

    def item_title(self, entry: FeedEntry) -> str:
        return entry.title  # Atom titles are text: the feed writer escapes them once

    def item_description(self, entry: FeedEntry) -> str:
        return entry.description

    def item_link(self, entry: FeedEntry) -> str:
        return entry.link

    def item_guid(self, entry: FeedEntry) -> str:
        return entry.link  # the absolute permalink: stable, and unique across kinds

    def item_pubdate(self, entry: FeedEntry) -> dt.datetime:
        return entry.obj.made_public_at or entry.obj.created_at

    def item_updateddate(self, entry: FeedEntry) -> dt.datetime:
        return entry.obj.updated_at

    def item_categories(self, entry: FeedEntry) -> list[str]:
        return [entry.kind.capitalize()]


class CaseFeed(_EntriesFeed):
    kind_label = "case"

    def get_object(self, request: HttpRequest, slug: str) -> FeedScope:
        case = get_object_or_404(Case.objects.public(), slug=slug)
        return FeedScope(
            obj=case,
            request=request,
            events=Event.objects.public().filter(case=case),
            testimony=Testimony.objects.public().filter(case=case),
            sources=Source.objects.public().filter(sources_reporting_on(case)),
            show_case=False,
        )


class TopicFeed(_EntriesFeed):
    kind_label = "topic"

    def get_object(self, request: HttpRequest, slug: str) -> FeedScope:
        # Like the topic page: any topic, so readers can subscribe before entries are tagged.
        topic = get_object_or_404(Topic, slug=slug)
        return FeedScope(
            obj=topic,
            request=request,
            events=Event.objects.public().filter(topics=topic),
            testimony=Testimony.objects.public().filter(topics=topic),
        )


class PartyFeed(_EntriesFeed):
    kind_label = "party"

    def get_object(self, request: HttpRequest, slug: str) -> FeedScope:
        party = get_object_or_404(Party.objects.public(), slug=slug)
        return FeedScope(
            obj=party,
            request=request,
            events=Event.objects.public().filter(
                case__in=CaseRole.objects.filter(party=party).values("case")
            ),
            testimony=Testimony.objects.public().filter(witness=party),
        )
