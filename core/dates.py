"""Partial legal dates: a date plus how much of it is known (day, month or year).

Legal dates are often known only to the month or year. We store the first day of the known
period and a precision, never an invented day, and show the date at its precision.
"""

import datetime as dt
import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


# Entries order by stored date, then precision with the vaguer first ("2026" before "January 2026"
# before "1 January 2026"). The values sort alphabetically day < month < year, so ordering by
# "-<precision field>" gives exactly that without a CASE expression.


def format_partial_date(value: dt.date | None, precision: str) -> str:
    """'5 May 2026', 'May 2026' or '2026', as much as is known."""
    if value is None:
        return ""
    if precision == Precision.YEAR:
        return f"{value.year}"
    if precision == Precision.MONTH:
        return value.strftime("%B %Y")
    return f"{value.day} {value.strftime('%B %Y')}"


def iso_partial_date(value: dt.date | None, precision: str) -> str:
    """ISO 8601 reduced precision: '2026-05-04', '2026-05' or '2026'."""
    if value is None:
        return ""
    if precision == Precision.YEAR:
        return f"{value.year:04d}"
    if precision == Precision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


# The years a date may have: all of real litigation history worth tracking, and any schedule
# a court could set, with room to spare. Beyond them a date is a typo ('0202', '9999-12-31'),
# and the site's date arithmetic (chart buckets, calendar ends) would leave the calendar.
MIN_YEAR, MAX_YEAR = 1800, 2200
YEAR_RANGE_TEXT = f"a year from {MIN_YEAR} to {MAX_YEAR}"
EARLIEST_DATE, LATEST_DATE = dt.date(MIN_YEAR, 1, 1), dt.date(MAX_YEAR, 12, 31)

# ASCII digits only: int() would also read '+202', '2_24' or other scripts' digits.
_PARTIAL_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")


def year_range_error(value: dt.date | None) -> str | None:
    """Why `value` is outside the accepted years, or None when it is fine (or missing)."""
    if value is None or MIN_YEAR <= value.year <= MAX_YEAR:
        return None
    return f"The year {value.year} is outside what the tracker accepts: use {YEAR_RANGE_TEXT}."


def parse_partial_date(text: str) -> tuple[dt.date, str]:
    """Parse '2026', '2026-05' or '2026-05-04' into (date, precision).

    Raises ValueError with a message a reader can act on (e.g. for 2026-02-31 or 0202).
    """
    text = (text or "").strip()
    if not _PARTIAL_DATE.fullmatch(text):
        raise ValueError(
            f"'{text}' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD ({YEAR_RANGE_TEXT})."
        )
    numbers = [int(part) for part in text.split("-")]
    if not MIN_YEAR <= numbers[0] <= MAX_YEAR:
        raise ValueError(
            f"'{text}' is outside the dates the tracker accepts: use {YEAR_RANGE_TEXT}."
        )
    precision = (Precision.YEAR, Precision.MONTH, Precision.DAY)[len(numbers) - 1]
    try:
        return dt.date(*numbers, *([1] * (3 - len(numbers)))), precision
    except ValueError as exc:
        raise ValueError(f"'{text}' is not a real date ({exc}).") from exc


def precision_error(value: dt.date | None, precision: str) -> str | None:
    """Why (value, precision) is inconsistent, or None when it is fine."""
    if value is None:
        return None
    if precision not in Precision.values:
        return f"Unknown precision '{precision}': choose day, month or year."
    if precision == Precision.MONTH and value.day != 1:
        return "A month-precision date is stored as the 1st of that month; set the day to 1."
    if precision == Precision.YEAR and (value.month, value.day) != (1, 1):
        return "A year-precision date is stored as 1 January of that year; set it to YYYY-01-01."
    return None


def precision_constraint_q(field: str, precision_field: str) -> models.Q:
    """The database form of precision_error(): month → day 1; year → 1 January."""
    return (
        models.Q(**{f"{field}__isnull": True})
        | models.Q(**{precision_field: Precision.DAY})
        | models.Q(**{precision_field: Precision.MONTH, f"{field}__day": 1})
        | models.Q(**{precision_field: Precision.YEAR, f"{field}__day": 1, f"{field}__month": 1})
    )


def add_date_errors(errors: dict, value: dt.date | None, precision: str, field: str) -> None:
    """Add to a model's clean() errors what is wrong with one partial date field."""
    for message in (year_range_error(value), precision_error(value, precision)):
        if message:
            errors.setdefault(field, []).append(message)


def period_end(value: dt.date, precision: str) -> dt.date:
    """The last day a partial date may stand for: the day itself, the month's or the year's end."""
    if precision == Precision.YEAR:
        return value.replace(month=12, day=31)
    if precision == Precision.MONTH:
        following = value.replace(day=28) + dt.timedelta(days=4)
        return following - dt.timedelta(days=following.day)
    return value
