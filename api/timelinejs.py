"""TimelineJS 3 (https://timeline.knightlab.com/docs/json-format.html): a case's entries as one
TimelineJS document, its renderer, and its schema. Partial dates stay partial: a month-precision
date has no day, a year-precision date no month. The timeline view (api.views.timeline) serves
it at `?format=timelinejs`."""

from __future__ import annotations

from django.utils.html import escape
from rest_framework import serializers

from api.http import ORJSONRenderer
from cases.models import Case
from cases.timeline.entries import Entry, EntryKind
from core.dates import Precision, format_partial_date


class TimelineJSRenderer(ORJSONRenderer):
    """TimelineJS 3's JSON (https://timeline.knightlab.com/docs/json-format.html): the view
    puts the TimelineJS document under the `timelinejs` key of its data."""

    format = "timelinejs"
    media_type = "application/json"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict) and "timelinejs" in data:
            data = data["timelinejs"]
        return super().render(data, accepted_media_type, renderer_context)


# --- Schema ------------------------------------------------------------------------------------


class TimelineJSDateSerializer(serializers.Serializer):
    """A TimelineJS date: only the parts that are known."""

    year = serializers.IntegerField(help_text="The year.")
    month = serializers.IntegerField(
        required=False, min_value=1, max_value=12, help_text="The month, when known."
    )
    day = serializers.IntegerField(
        required=False, min_value=1, max_value=31, help_text="The day, when known."
    )
    display_date = serializers.CharField(required=False, help_text="The date as readers see it.")


class TimelineJSTextSerializer(serializers.Serializer):
    """A slide's headline and text (escaped HTML)."""

    headline = serializers.CharField(help_text="The title, as escaped HTML.")
    text = serializers.CharField(help_text="The text, sources and permalink, as escaped HTML.")


class TimelineJSTitleSerializer(serializers.Serializer):
    """The title slide: the case."""

    text = TimelineJSTextSerializer()


class TimelineJSSlideSerializer(serializers.Serializer):
    """One entry as a TimelineJS slide."""

    unique_id = serializers.CharField(help_text="<kind>-<id>; case-<slug> for an empty case.")
    start_date = TimelineJSDateSerializer()
    end_date = TimelineJSDateSerializer(required=False, help_text="A multi-day event's last day.")
    text = TimelineJSTextSerializer()
    group = serializers.CharField(help_text="Event, Testimony or Source.")
    display_date = serializers.CharField(help_text="The date (or span) as readers see it.")


class TimelineJSDocumentSerializer(serializers.Serializer):
    """The whole case as a TimelineJS 3 document (`?format=timelinejs`): every published entry,
    or, for a case with nothing published yet, one slide saying so."""

    title = TimelineJSTitleSerializer()
    events = TimelineJSSlideSerializer(many=True, help_text="Never empty.")


# --- The document --------------------------------------------------------------------------------


def timelinejs_date(entry: Entry) -> dict:
    """TimelineJS date object at the entry's precision: no invented month or day."""
    return timelinejs_date_parts(entry.date, entry.precision) | {"display_date": entry.date_display}


def as_html(text: str) -> str:
    """TimelineJS shows headline and text as HTML: escape them (sources hold text from the
    open web) and keep paragraphs."""
    paragraphs = [escape(part.strip()) for part in text.split("\n\n") if part.strip()]
    return "".join(f"<p>{part}</p>".replace("\n", "<br>") for part in paragraphs)


def empty_slide(case: Case) -> dict:
    """The one slide of a case with nothing published yet (TimelineJS refuses a document with
    no events): dated when the case was filed, or when it was published here."""
    if case.filed_on:
        date = case.filed_on
        start = timelinejs_date_parts(date, case.filed_on_precision)
        shown = case.filed_display
    else:
        date = (case.made_public_at or case.created_at).date()
        start = timelinejs_date_parts(date, Precision.DAY)
        shown = ""
    if shown:
        start["display_date"] = shown
    return {
        "unique_id": f"case-{case.slug}",
        "start_date": start,
        "text": {
            "headline": escape(case.short_title),
            "text": "<p>No entries of this case are published yet.</p>",
        },
        "group": "Case",
        "display_date": shown or "No entries yet",
    }


def timelinejs_date_parts(date, precision: str) -> dict:
    parts = {"year": date.year}
    if precision in (Precision.MONTH, Precision.DAY):
        parts["month"] = date.month
    if precision == Precision.DAY:
        parts["day"] = date.day
    return parts


def timelinejs(case: Case, entries: list[Entry], web_urls: list[str]) -> dict:
    """`entries` as a TimelineJS 3 document, each slide linking its permalink (`web_urls`) and
    naming its sources; a multi-day event ends on its last day."""
    events = []
    for entry, web_url in zip(entries, web_urls, strict=True):
        text = as_html(entry.text)
        if entry.citations:
            sources = "; ".join(citation.outlet or citation.title for citation in entry.citations)
            text += f"<p>Sources: {escape(sources)}</p>"
        text += f'<p><a href="{escape(web_url)}">Permalink</a></p>'
        item = {
            "unique_id": f"{entry.kind}-{entry.id}",
            "start_date": timelinejs_date(entry),
            "text": {"headline": escape(entry.title), "text": text},
            "group": str(EntryKind(entry.kind).label),
            "display_date": entry.date_display,
        }
        if entry.event is not None and entry.event.end_date:
            end = entry.event.end_date
            item["end_date"] = {
                "year": end.year,
                "month": end.month,
                "day": end.day,
                "display_date": format_partial_date(end, Precision.DAY),
            }
            item["display_date"] = f"{entry.date_display} – {item['end_date']['display_date']}"
        events.append(item)
    return {
        "title": {
            "text": {
                "headline": escape(case.short_title),
                "text": as_html(case.summary or case.caption),
            }
        },
        "events": events or [empty_slide(case)],
    }
