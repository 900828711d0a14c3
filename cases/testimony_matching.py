"""Is a quote already testimony? Two reports of one statement rarely print it the same way
("Partly." / “partly” / "Partly"), so quotes are compared after normalising case, punctuation,
curly quotes and white space, and only against the same witness's statements in the same case
within a few days of each other (a witness may repeat a short answer on another day).

An equal quote is the same statement (a further source for it); a similar one (difflib ratio
at least NEAR_RATIO, or one containing the other) is a near match a curator must decide on."""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from dataclasses import dataclass

from cases.models import Case, Party, Testimony
from core.dates import Precision, period_end

WINDOW = dt.timedelta(days=7)
NEAR_RATIO = 0.8


def normalise_quote(text: str) -> str:
    """Casefolded words and digits, one space apart: punctuation of any script (curly or
    straight quotes, dashes, ellipses) counts as a space."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def quote_similarity(first: str, second: str) -> float:
    """1.0 for the same normalised quote; NEAR_RATIO or more when similar or when one contains
    the other as whole words; below it otherwise."""
    a, b = normalise_quote(first), normalise_quote(second)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    shorter, longer = sorted((a, b), key=len)
    if f" {shorter} " in f" {longer} ":
        ratio = max(ratio, NEAR_RATIO)
    return min(ratio, 0.999)


@dataclass(frozen=True)
class QuoteMatch:
    testimony: Testimony
    ratio: float

    @property
    def exact(self) -> bool:
        return self.ratio == 1.0


def matching_testimony(
    *,
    case: Case,
    witness: Party,
    quote: str,
    date: dt.date,
    precision: str = Precision.DAY,
) -> list[QuoteMatch]:
    """The witness's statements in the case within WINDOW of `date` (at its precision: "May"
    reaches from late April to early June) whose excerpt equals or resembles `quote`: equal
    ones first, then by similarity, oldest first among equals. One query."""
    start, end = date - WINDOW, period_end(date, precision) + WINDOW
    nearby = Testimony.objects.filter(
        case=case,
        witness=witness,
        date__lte=end,
        # A year-precision statement starts up to a year before its last day.
        date__gte=start - dt.timedelta(days=366),
    ).order_by("date", "id")
    matches = []
    for testimony in nearby:
        if period_end(testimony.date, testimony.date_precision) < start:
            continue
        ratio = quote_similarity(quote, testimony.excerpt)
        if ratio >= NEAR_RATIO:
            matches.append(QuoteMatch(testimony, ratio))
    return sorted(matches, key=lambda m: -m.ratio)
