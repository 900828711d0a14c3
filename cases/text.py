"""C0 control characters: what stored text must not hold, and how outputs drop them.

XML 1.0 (the Atom feeds) cannot carry C0 control characters other than tab, newline and
carriage return, iCalendar text cannot either, and PostgreSQL text cannot hold NUL. The API
refuses them on write; the feeds and calendars drop any that are already stored (older data,
the admin, fetched articles).
"""

from __future__ import annotations

import re
from typing import Any

# The characters XML 1.0 forbids, as django.utils.xmlutils checks them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# What PostgreSQL text cannot hold: input with it must be refused before it reaches a query.
NUL_CHARACTER = re.compile(r"\x00")


def strip_control_characters(text: str) -> str:
    """`text` without the control characters feeds and calendars cannot carry."""
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


def validate_no_control_characters(value: Any) -> None:
    """A form validator: text typed in may not hold the control characters above (tab,
    newline and carriage return are fine). Django's forms already refuse NUL."""
    from django.core.exceptions import ValidationError

    if isinstance(value, str) and (found := CONTROL_CHARACTERS.search(value)):
        raise ValidationError(
            "Remove the control character U+%(code)04X (it came in with pasted text): "
            "feeds and calendars cannot carry it.",
            code="control_character",
            params={"code": ord(found.group())},
        )
