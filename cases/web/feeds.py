"""Atom feeds of the latest published entries of a case, a topic or a party.

Built on django.contrib.syndication. A feed's items are the newest FEED_SIZE entries of the
timeline its page shows (cases.timeline.latest_entries over the same scope: case_scope,
topic_scope, party_scope), so a feed never disagrees with its page, in a fixed number of
queries whatever the size: one for the case/topic/party, one per entry kind, one for the
citations. A source of unknown publication date stands at the day it was first seen here, as on
its timeline, and its summary says so.

What is in scope:
- a case: its events and testimony, and the sources that report on it;
- a topic: the events and testimony tagged with it, across cases;
- a party: the testimony it gave and the events of every case it has a role in. Sources are
  left out of party and topic feeds: OpenAI is in most cases, and each case's feed has them.

Each entry's Atom <published> is when it was made public here and <updated> its last change;
its legal date, at its precision, opens the summary. Summaries are HTML built with format_html,
so titles and texts from curators and fetched articles are escaped.

What feed readers and the W3C feed validator need (RFC 4287): the feed names an author (the
site), every id and link is an absolute URL built from settings.SITE_URL (never from the
request's Host header, which a client chooses), an empty feed's <updated> does not move (its
subject's last change, or a fixed date), and If-None-Match / If-Modified-Since are answered with
304 Not Modified (Django's ConditionalGetMiddleware, applied to the feeds only).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaks_filter
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import conditional_page

from cases import selectors
from cases.models import Case, Party, Topic
from cases.timeline.builder import latest_entries
from cases.timeline.entries import CaseRef, Citation, Entry
from cases.timeline.scopes import TimelineScope, case_scope, party_scope, topic_scope
from core.site import site_url
from core.text import strip_control_characters

FEED_SIZE = 50
SITE_NAME = "AI Litigation Tracker"
# An empty feed's <updated> when its subject keeps no time of its own (topics, parties): a
# fixed instant, so an empty feed is byte-for-byte the same until something is published.
EMPTY_FEED_UPDATED = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
# Said of a source whose publication date nobody gave: its date is the day first seen here.
UNKNOWN_DATE_NOTE = "publication date unknown (the date is when it was first seen here)"


def _paragraphs(text: str) -> SafeString:
    """Plain text as escaped HTML paragraphs."""
    return linebreaks_filter(text, autoescape=True)


def _sources_html(citations: Iterable[Citation], excerpt: str = "") -> SafeString:
    """The cited sources, with an event's pinpoint and a source's own wording of a statement
    when it differs from `excerpt`."""
    rows = []
    for citation in citations:
        outlet = f" — {citation.outlet_name}" if citation.outlet_name else ""
        extra = f", {citation.pinpoint}" if citation.pinpoint else ""
        if citation.wording and citation.wording != excerpt:
            extra += f" (reported as “{citation.wording}”)"
        rows.append((citation.url, citation.title, outlet + extra))
    if not rows:
        return mark_safe("")
    items = format_html_join("", '<li><a href="{}">{}</a>{}</li>', rows)
    return format_html("<p>Sources:</p><ul>{}</ul>", items)


def _header_html(entry: Entry, parts: list[str], case: CaseRef | None, absolute) -> SafeString:
    case_html = (
        format_html(' · <a href="{}">{}</a>', absolute(case.url), case.short_title)
        if case is not None
        else ""
    )
    return format_html(
        "<p><strong>{}</strong>{}{}</p>",
        entry.date_display or "Date unknown",
        format_html_join("", " · {}", ((part,) for part in parts if part)),
        case_html,
    )


def entry_summary(entry: Entry, absolute: Callable[[str], str]) -> SafeString:
    """An entry's Atom summary: its date and what it is, its text and its sources."""
    if entry.testimony is not None:
        testimony = entry.testimony
        setting = testimony.setting_label
        if testimony.from_bench:
            setting = f"Statement from the bench, {setting.lower()}"
        if testimony.phase:
            setting = f"{setting}, {testimony.phase_label.lower()}"
        kind = "verbatim" if testimony.is_verbatim else "paraphrase"
        return format_html(
            "{}<blockquote>{}</blockquote>{}{}",
            _header_html(entry, [testimony.witness.name, setting, kind], entry.case, absolute),
            _paragraphs(entry.text),
            format_html("<p>Context: {}</p>", testimony.context) if testimony.context else "",
            _sources_html(entry.citations, excerpt=entry.text),
        )
    if entry.source is not None:
        source = entry.source
        return format_html(
            '{}{}<p><a href="{}">Read it at {}</a></p>',
            _header_html(
                entry,
                [
                    source.outlet_name,
                    source.kind_label,
                    source.authors,
                    "" if source.publication_date_known else UNKNOWN_DATE_NOTE,
                ],
                None,
                absolute,
            ),
            _paragraphs(entry.text) if entry.text else "",
            source.url,
            source.outlet_name or source.url,
        )
    kind_label = entry.event.kind_label if entry.event is not None else ""
    return format_html(
        "{}{}{}",
        _header_html(entry, [kind_label], entry.case, absolute),
        _paragraphs(entry.text) if entry.text else "",
        _sources_html(entry.citations),
    )


def entry_title(entry: Entry, *, show_case: bool) -> str:
    """An entry's Atom title: plain text (the feed writer escapes it once)."""
    if entry.source is not None:
        outlet = entry.source.outlet_name
        return f"{outlet}: {entry.title}" if outlet else entry.title
    case = entry.case.short_title if show_case and entry.case else ""
    if entry.testimony is not None:
        excerpt = " ".join(entry.text.split())
        if len(excerpt) > 100:
            excerpt = excerpt[:99].rstrip() + "…"
        title = f"{entry.testimony.witness.name}: “{excerpt}”"
        return f"{case} — {title}" if case else title
    return f"{case}: {entry.title}" if case else entry.title


def _xml_safe(value):
    if isinstance(value, str):
        return strip_control_characters(value)
    if isinstance(value, list | tuple):
        return type(value)(_xml_safe(item) for item in value)
    return value


class XMLSafeAtom1Feed(Atom1Feed):
    """Atom1Feed that drops the C0 control characters XML 1.0 cannot carry from every text
    (the API refuses them, but older data, the admin or a fetched article may hold some):
    Django's writer would otherwise fail the whole feed with UnserializableContentError.
    An empty feed's <updated> is the `empty_updated` it is given, not the current time."""

    def __init__(self, *args, empty_updated: dt.datetime | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.feed = {key: _xml_safe(value) for key, value in self.feed.items()}
        self.empty_updated = empty_updated or EMPTY_FEED_UPDATED

    def latest_post_date(self) -> dt.datetime:
        if not any(item["updateddate"] or item["pubdate"] for item in self.items):
            return self.empty_updated
        return super().latest_post_date()

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **kwargs)
        self.items[-1] = {key: _xml_safe(value) for key, value in self.items[-1].items()}


@dataclass(frozen=True)
class FeedScope:
    """What a feed is about: its case, topic or party, and the timeline scope it follows."""

    obj: Case | Topic | Party
    timeline: TimelineScope
    path: str  # the feed's own path, for its rel="self" link


class _EntriesFeed(Feed):
    """The shared shape of the three feeds; subclasses say what is in scope."""

    feed_type = XMLSafeAtom1Feed
    # The summary is built in Python (format_html); the template only places it.
    description_template = "cases/includes/feed_summary.html"
    kind_label = ""
    show_case = True  # name each entry's case in its title (feeds spanning cases)
    # RFC 4287 asks for an author on every entry or on the feed: the site vouches for them all.
    author_name = SITE_NAME

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # Feed readers poll: an ETag of the body and Last-Modified (the newest entry, set by
        # Feed) let them ask If-None-Match / If-Modified-Since and get a 304 without a body.
        return conditional_page(super().__call__)(request, *args, **kwargs)

    def author_link(self) -> str:
        return site_url("/")

    def feed_url(self, scope: FeedScope) -> str:
        # The feed's rel="self": also absolute from SITE_URL (Feed would use the request's Host).
        return site_url(scope.path)

    def feed_extra_kwargs(self, scope: FeedScope) -> dict:
        return {"empty_updated": getattr(scope.obj, "updated_at", None)}

    def get_object(self, request: HttpRequest, slug: str) -> FeedScope:
        raise NotImplementedError

    def items(self, scope: FeedScope) -> list[Entry]:
        return latest_entries(scope.timeline, limit=FEED_SIZE)

    def title(self, scope: FeedScope) -> str:
        return f"{scope.obj}: latest entries — {SITE_NAME}"

    def subtitle(self, scope: FeedScope) -> str:
        kinds = (
            "events, testimony and sources"
            if scope.timeline.sources is not None
            else "events and testimony"
        )
        return (
            f"Published {kinds} of the {self.kind_label} “{scope.obj}”, newest first, "
            "each with the sources it cites."
        )

    def link(self, scope: FeedScope) -> str:
        return site_url(scope.obj.get_absolute_url())

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["summary"] = entry_summary(kwargs["item"], site_url)
        return context

    def item_title(self, entry: Entry) -> str:
        return entry_title(entry, show_case=self.show_case)

    def item_link(self, entry: Entry) -> str:
        return site_url(entry.url)  # also the entry's Atom id (an absolute URI)

    def item_pubdate(self, entry: Entry) -> dt.datetime | None:
        return entry.made_public_at

    def item_updateddate(self, entry: Entry) -> dt.datetime | None:
        return entry.updated_at

    def item_categories(self, entry: Entry) -> list[str]:
        return [entry.kind.capitalize()]


class CaseFeed(_EntriesFeed):
    kind_label = "case"
    show_case = False

    def get_object(self, request: HttpRequest, slug: str) -> FeedScope:
        case = get_object_or_404(Case.objects.public(), slug=slug)
        # An MDL or lead case's feed rolls up its members' entries, as its page does.
        scope = case_scope(case, members=selectors.member_cases(case))
        return FeedScope(case, scope, request.path)


class TopicFeed(_EntriesFeed):
    kind_label = "topic"

    def get_object(self, request: HttpRequest, slug: str) -> FeedScope:
        # Like the topic page: any topic, so readers can subscribe before entries are tagged.
        topic = get_object_or_404(Topic, slug=slug)
        return FeedScope(topic, topic_scope(topic), request.path)


class PartyFeed(_EntriesFeed):
    kind_label = "party"

    def get_object(self, request: HttpRequest, slug: str) -> FeedScope:
        party = get_object_or_404(Party.objects.public(), slug=slug)
        return FeedScope(party, party_scope(party), request.path)
