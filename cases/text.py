"""C0 control characters: what stored text must not hold, and how outputs drop them.

XML 1.0 (the Atom feeds) cannot carry C0 control characters other than tab, newline and
carriage return, iCalendar text cannot either, and PostgreSQL text cannot hold NUL. The API
refuses them on write; the feeds and calendars drop any that are already stored (older data,
the admin, fetched articles).
"""

from __future__ import annotations

import re

# The characters XML 1.0 forbids, as django.utils.xmlutils checks them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def strip_control_characters(text: str) -> str:
    """`text` without the control characters feeds and calendars cannot carry."""
    return CONTROL_CHARACTERS.sub("", text)
