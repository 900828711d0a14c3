"""Control characters: what stored text must not hold, and how outputs drop them.

XML 1.0 (the Atom feeds) cannot carry C0 control characters other than tab, newline and
carriage return, iCalendar text cannot either, and PostgreSQL text cannot hold NUL. Invisible
bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE and its kin) make a title or quote display
in another order than it is stored and read ("Trojan Source"). The API and the admin refuse
both on write; the feeds and calendars drop any that are already stored (older data, fetched
articles).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# The characters XML 1.0 forbids, as django.utils.xmlutils checks them.
C0_CONTROLS = r"\x00-\x08\x0b\x0c\x0e-\x1f"
# Bidirectional formatting: the Arabic letter mark, the left-to-right and right-to-left marks,
# embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069); and U+FEFF, the
# zero-width no-break space a pasted byte-order mark leaves behind.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff"
CONTROL_CHARACTERS = re.compile(f"[{C0_CONTROLS}{BIDI_CONTROLS}]")
# What PostgreSQL text cannot hold: input with it must be refused before it reaches a query.
NUL_CHARACTER = re.compile(r"\x00")


def strip_control_characters(text: str) -> str:
    """`text` without the control characters above, for feeds and calendars."""
    return CONTROL_CHARACTERS.sub("", text)


def character_path(data: Any, pattern: re.Pattern[str], path: str = "") -> tuple[str, str] | None:
    """Where (e.g. 'roles.0.party') a character matching `pattern` hides in parsed input (in a
    value or a key), and which character it is; None when there is none. Strings at the top
    level are found at the path ''. A QueryDict is checked in every value of a repeated key."""
    if hasattr(data, "lists"):
        data = dict(data.lists())
    if isinstance(data, str):
        found = pattern.search(data)
        return (path, found.group()) if found else None
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list | tuple):
        items = enumerate(data)
    else:
        return None
    for key, value in items:
        here = f"{path}.{key}" if path else str(key)
        if isinstance(key, str) and (found := pattern.search(key)):
            return here, found.group()
        found_below = character_path(value, pattern, here)
        if found_below:
            return found_below
    return None


def nul_in_parameters(params) -> str | None:
    """The name of the first query parameter (a QueryDict) holding a NUL, or None."""
    where = character_path(params, NUL_CHARACTER)
    return where[0].split(".")[0] if where else None


def why_refused(character: str) -> str:
    """What a character of CONTROL_CHARACTERS is and why it may not be stored, e.g. 'the
    control character U+000B, which feeds and calendars cannot carry'."""
    code = f"U+{ord(character):04X}"
    if character == "\x00":
        return "a NUL character, which text cannot hold"
    if ord(character) < 0x20:
        return f"the control character {code}, which feeds and calendars cannot carry"
    if character == "\ufeff":
        return f"the invisible character {code} (a stray byte-order mark)"
    name = unicodedata.name(character)
    return (
        f"the invisible direction control {code} {name}, which can make text display in "
        "another order than it is stored"
    )


def validate_no_control_characters(value: Any) -> None:
    """A form validator: text typed in may not hold the control characters above (tab,
    newline and carriage return are fine). Django's forms already refuse NUL."""
    from django.core.exceptions import ValidationError

    if isinstance(value, str) and (found := CONTROL_CHARACTERS.search(value)):
        raise ValidationError(
            "Remove %(what)s (it came in with pasted text).",
            code="control_character",
            params={"what": why_refused(found.group())},
        )


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection: OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: Any) -> Any:
    """A text cell a spreadsheet would read as a formula, prefixed with ' so it stays text:
    titles, excerpts and URLs come from fetched web pages. Numbers are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
