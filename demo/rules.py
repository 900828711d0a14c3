"""The research file's publication rules and the reading of a source's details, for the
demo loader (demo/loader.py): which facts and sources are published, and when a source was."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from .dataset import Dataset

NO_SOURCE_REASON = "Loaded as a draft: no source URL at hand. Publish once a curator adds one."


def fact_is_publishable(fact: dict[str, Any]) -> bool:
    """The research file's rule: published only with a source and without a [U] mark."""
    return bool(fact.get("sources")) and not fact.get("uncertain")


def draft_reason(fact: dict[str, Any]) -> str:
    """Why a fact loads as a draft, as a history change reason (which holds 100 characters)."""
    if fact.get("uncertain"):
        reason = f"Loaded as a draft: uncertain ([U]: {fact['uncertain']})."
        return reason if len(reason) <= 100 else reason[:98] + "…)"
    return NO_SOURCE_REASON


def all_urls(data: Dataset) -> list[str]:
    """Every URL of the dataset, once, in the order first met."""
    urls: dict[str, None] = {}
    for case in data.cases:
        for url in case.get("sources", []):
            urls[url] = None
        for fact in [*case.get("events", []), *case.get("testimony", [])]:
            for url in fact.get("sources", []):
                urls[url] = None
    for url in data.source_details:
        urls[url] = None
    return list(urls)


def published_source_urls(data: Dataset) -> set[str]:
    """Sources cited by an entry that will be published, plus those the dataset publishes;
    a source the dataset marks publish=False stays a draft whatever cites it."""
    urls: set[str] = set()
    for case in data.cases:
        for fact in [*case.get("events", []), *case.get("testimony", [])]:
            if fact_is_publishable(fact):
                urls.update(fact["sources"])
    for url, details in data.source_details.items():
        if details.get("publish") is True:
            urls.add(url)
        elif details.get("publish") is False:
            urls.discard(url)
    return urls


def published_at(value: str | list[str] | None) -> dt.datetime | None:
    """A source's publication time: `["YYYY-MM-DD HH:MM", "<time zone>"]` when the research
    gives the time, or `"YYYY-MM-DD"` for a day alone (stored at noon UTC, so the day shows
    the same in every time zone of the Americas and Europe)."""
    if not value:
        return None
    if isinstance(value, str):
        day = dt.date.fromisoformat(value)
        return dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)
    local, zone = value
    return dt.datetime.strptime(local, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(zone))
