"""When a quoted statement was made, read from the sentence around it: "testified in May" is
May (month precision), "on Tuesday" that day, nothing said the article's own day. Split from
analysis (what a text is about) because it is its own small grammar of dates."""

from __future__ import annotations

import datetime as dt
import re

# A date inside the quote is what was said, not when: quotes are set aside first.
from articles.ingestion.analysis import QUOTE_RE
from core.dates import Precision

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_NUMBER = {name.lower(): number for number, name in enumerate(MONTHS.split("|"), start=1)}
# Capitalised: "may" and "march" are also verbs.
_MONTH = rf"(?P<month>{MONTHS}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
_YEAR = r"(?P<year>(?:19|20)[0-9]{2})"
_DAY = r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Only what can say when a statement was made: "on May 5", "5 May 2026", "in May",
# "last May", "May 2025", "on Tuesday", "yesterday". A bare year ("in 2017") is left alone:
# in a sentence about testimony it dates what was talked about far more often than the talk.
DATE_PHRASES = (
    ("day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR})?")),
    ("day", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?")),
    (
        "month",
        re.compile(
            rf"\b(?:[Ii]n|[Dd]uring|[Ll]ast|[Tt]his|[Ee]arly|[Ll]ate|[Mm]id-?)\s+{_MONTH}"
            rf"(?!\s+[0-9]{{1,2}}\b)(?:,?\s+{_YEAR})?\b"
        ),
    ),
    ("month", re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b")),
    ("weekday", re.compile(rf"\b(?:[Oo]n|[Ll]ast)\s+(?P<weekday>{'|'.join(WEEKDAYS)})\b")),
    ("yesterday", re.compile(r"\b[Yy]esterday\b")),
)


def _month_number(name: str) -> int:
    name = name.rstrip(".").lower()
    return next(number for full, number in _MONTH_NUMBER.items() if full.startswith(name))


def _date_from(kind: str, match: re.Match, published: dt.date) -> tuple[dt.date, str] | None:
    """The date a phrase names, never after `published` (a report follows what it reports):
    a month or day without a year is its latest occurrence up to the publication date."""
    if kind == "yesterday":
        return published - dt.timedelta(days=1), Precision.DAY
    if kind == "weekday":
        back = (published.weekday() - WEEKDAYS.index(match.group("weekday"))) % 7
        return published - dt.timedelta(days=back or 7), Precision.DAY
    month = _month_number(match.group("month"))
    year = int(match.group("year")) if match.group("year") else published.year
    day = int(match.group("day")) if kind == "day" else 1
    try:
        when = dt.date(year, month, day)
        if not match.group("year") and when > published:
            when = dt.date(year - 1, month, day)
    except ValueError:
        return None  # "February 30": not a date, so not this one
    if when > published or published - when > dt.timedelta(days=3 * 366):
        return None
    return when, Precision.DAY if kind == "day" else Precision.MONTH


def statement_date(sentence: str, published: dt.date) -> tuple[dt.date, str]:
    """When the statement a sentence reports was made, at the precision the sentence gives:
    "Musk testified in May that …" is (2026-05-01, month). The quotation itself is left out
    (what someone says is not when they said it); without a date phrase, the publication
    date at day precision."""
    outside = QUOTE_RE.sub(" ", sentence or "")
    found = []
    for kind, pattern in DATE_PHRASES:
        for match in pattern.finditer(outside):
            if (when := _date_from(kind, match, published)) is not None:
                found.append((match.start(), when))
    return min(found)[1] if found else (published, Precision.DAY)
