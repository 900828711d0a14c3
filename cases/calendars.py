"""iCalendar (RFC 5545) feeds of upcoming dates, built with the `icalendar` package.

Which dates: the published events of published cases whose last day is today or later, of any
kind (hearings, deadlines and trial days above all, but a ruling or filing scheduled for a
future date is an upcoming date too). A multi-day event still running is included.

Partial dates: a calendar entry needs days. A day-precision event is an all-day VEVENT (through
its end date when it has one). A month-precision event ("December 2026": the day is not known
yet) spans the whole month, says "(date approximate)" in its summary and is TRANSPARENT so it
does not block anyone's month as busy. A year-precision event is left out: a year-long entry
tells a reader nothing a calendar could help with, and the case page lists it.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from .dates import Precision, year_range_error
from .models import Case, Event, EventCitation
from .public import published_citations
from .text import strip_control_characters

# Far more than any real docket schedules ahead; bounds the response whatever the data.
MAX_CALENDAR_EVENTS = 500
PRODID = "-//AI Litigation Tracker//Upcoming dates//EN"


def upcoming_events(
    *, case: Case | None = None, today: dt.date | None = None, limit: int = MAX_CALENDAR_EVENTS
) -> QuerySet[Event]:
    """Published events of published cases still to come (or under way) on `today`, soonest
    first, with their case and published sources loaded: two queries whatever the size."""
    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    qs = Event.objects.public().filter(
        Q(date_precision=Precision.DAY, date__gte=today)
        | Q(date_precision=Precision.MONTH, date__gte=this_month)
        | Q(date_precision__in=[Precision.DAY, Precision.MONTH], end_date__gte=today)
    )
    if case is not None:
        qs = qs.filter(case=case)
    return (
        qs.select_related("case")
        .prefetch_related(published_citations(EventCitation))
        .order_by("date", "-date_precision", "id")[:limit]
    )


def event_span(event: Event) -> tuple[dt.date, dt.date]:
    """First and last day the event may fall on (inclusive)."""
    if event.end_date:
        return event.date, event.end_date
    if event.date_precision == Precision.MONTH:
        days = month_calendar.monthrange(event.date.year, event.date.month)[1]
        return event.date, event.date.replace(day=days)
    return event.date, event.date


def event_uid(event: Event) -> str:
    """Stable per event (it never changes when the event is edited), unique across sites."""
    host = urlsplit(settings.SITE_URL).hostname or "ai-litigation-tracker"
    return f"event-{event.pk}@{host}"


def _description(event: Event, absolute: Callable[[str], str]) -> str:
    lines = [f"{event.get_kind_display()} in {event.case.short_title}, {event.date_display}."]
    if event.date_precision == Precision.MONTH:
        lines.append("The exact day is not known yet; this entry spans the month.")
    if event.description:
        lines += ["", event.description.strip()]
    sources = [citation.source for citation in event.citations.all()]
    if sources:
        lines += ["", "Sources:"]
        for source in sources:
            outlet = f" ({source.outlet.name})" if source.outlet_id else ""
            lines.append(f"- {source.title or source.url}{outlet}: {source.url}")
    lines += ["", f"More: {absolute(event.get_absolute_url())}"]
    return strip_control_characters("\n".join(lines))


def build_calendar(
    events: Iterable[Event], *, name: str, absolute: Callable[[str], str]
) -> icalendar.Calendar:
    """An iCalendar of `events` (as from upcoming_events); `absolute` turns paths into URLs."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # iCalendar text cannot carry control characters (other than tab): stored ones are dropped.
    cal.add("x-wr-calname", strip_control_characters(name))
    cal.add("x-wr-caldesc", "Upcoming published dates in AI-industry litigation.")
    # Subscribed calendars poll; a few hours is plenty for court schedules.
    cal.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", icalendar.vDuration(dt.timedelta(hours=6)))
    for event in events:
        if event.date_precision == Precision.YEAR:
            continue  # see the module docstring
        first, last = event_span(event)
        if year_range_error(first) or year_range_error(last):
            # A typo stored before such years were refused (9999-12-31): not a real upcoming
            # date, and the exclusive end below would leave the calendar. The case page shows it.
            continue
        approximate = event.date_precision == Precision.MONTH
        entry = icalendar.Event()
        entry.add("uid", event_uid(event))
        entry.add("dtstamp", event.updated_at)
        entry.add("last-modified", event.updated_at)
        entry.add("dtstart", first)
        entry.add("dtend", last + dt.timedelta(days=1))  # DTEND of an all-day event is exclusive
        summary = strip_control_characters(f"{event.case.short_title}: {event.title}")
        entry.add("summary", f"{summary} (date approximate)" if approximate else summary)
        entry.add("description", _description(event, absolute))
        entry.add("url", absolute(event.get_absolute_url()))
        entry.add("categories", [str(event.get_kind_display())])
        entry.add("transp", "TRANSPARENT")
        entry.add("status", "TENTATIVE" if approximate else "CONFIRMED")
        cal.add_component(entry)
    return cal
