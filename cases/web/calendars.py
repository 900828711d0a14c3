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
from django.db.models import Q
from django.utils import timezone

from cases.models import Case, Event
from cases.timeline.builder import build_timeline
from cases.timeline.entries import Entry, EntryKind
from cases.timeline.scopes import TimelineScope
from core.dates import Precision, year_range_error
from core.text import strip_control_characters

# Far more than any real docket schedules ahead; bounds the response whatever the data.
# (A timeline page holds as many.)
MAX_CALENDAR_EVENTS = 500
PRODID = "-//AI Litigation Tracker//Upcoming dates//EN"


def calendar_scope(*, case: Case | None = None, today: dt.date) -> TimelineScope:
    """The events a calendar lists: those still to come (or under way) on `today`, of one case
    or of every case. A month-precision date counts for its whole month."""
    events = Event.objects.filter(
        Q(date_precision=Precision.DAY, date__gte=today)
        | Q(date_precision=Precision.MONTH, date__gte=today.replace(day=1))
        | Q(date_precision__in=[Precision.DAY, Precision.MONTH], end_date__gte=today)
    )
    if case is not None:
        return TimelineScope(events=events.filter(case=case), case=case)
    return TimelineScope(events=events)


def upcoming_events(
    *, case: Case | None = None, today: dt.date | None = None, limit: int = MAX_CALENDAR_EVENTS
) -> list[Entry]:
    """Published events of published cases still to come (or under way) on `today`, soonest
    first, as timeline entries with their case and published sources: the first page of the
    calendar scope's timeline (two queries whatever the size)."""
    scope = calendar_scope(case=case, today=today or timezone.localdate())
    return build_timeline(scope, kinds=[EntryKind.EVENT], page_size=limit).entries


def event_span(entry: Entry) -> tuple[dt.date, dt.date]:
    """First and last day the event may fall on (inclusive)."""
    if entry.event.end_date:
        return entry.date, entry.event.end_date
    if entry.precision == Precision.MONTH:
        days = month_calendar.monthrange(entry.date.year, entry.date.month)[1]
        return entry.date, entry.date.replace(day=days)
    return entry.date, entry.date


def event_uid(entry: Entry) -> str:
    """Stable per event (it never changes when the event is edited), unique across sites."""
    host = urlsplit(settings.SITE_URL).hostname or "ai-litigation-tracker"
    return f"event-{entry.id}@{host}"


def _description(entry: Entry, absolute: Callable[[str], str]) -> str:
    lines = [f"{entry.event.kind_label} in {entry.case.short_title}, {entry.date_display}."]
    if entry.precision == Precision.MONTH:
        lines.append("The exact day is not known yet; this entry spans the month.")
    if entry.text:
        lines += ["", entry.text.strip()]
    if entry.citations:
        lines += ["", "Sources:"]
        for citation in entry.citations:
            outlet = f" ({citation.outlet_name})" if citation.outlet_name else ""
            lines.append(f"- {citation.title}{outlet}: {citation.url}")
    lines += ["", f"More: {absolute(entry.url)}"]
    return strip_control_characters("\n".join(lines))


def build_calendar(
    events: Iterable[Entry], *, name: str, absolute: Callable[[str], str]
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
    for entry in events:
        if entry.precision == Precision.YEAR:
            continue  # see the module docstring
        first, last = event_span(entry)
        if year_range_error(first) or year_range_error(last):
            # A typo stored before such years were refused (9999-12-31): not a real upcoming
            # date, and the exclusive end below would leave the calendar. The case page shows it.
            continue
        approximate = entry.precision == Precision.MONTH
        vevent = icalendar.Event()
        vevent.add("uid", event_uid(entry))
        vevent.add("dtstamp", entry.updated_at)
        vevent.add("last-modified", entry.updated_at)
        vevent.add("dtstart", first)
        vevent.add("dtend", last + dt.timedelta(days=1))  # DTEND of an all-day event is exclusive
        summary = strip_control_characters(f"{entry.case.short_title}: {entry.title}")
        vevent.add("summary", f"{summary} (date approximate)" if approximate else summary)
        vevent.add("description", _description(entry, absolute))
        vevent.add("url", absolute(entry.url))
        vevent.add("categories", [entry.event.kind_label])
        vevent.add("transp", "TRANSPARENT")
        vevent.add("status", "TENTATIVE" if approximate else "CONFIRMED")
        cal.add_component(vevent)
    return cal
