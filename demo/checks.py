"""Checks of the demo dataset (demo/data/cases.json) before anything is written.

Catches what would otherwise surface as a KeyError or a half-explained IntegrityError in the
middle of a load: typos in keys, unknown slugs, choices and dates the models would refuse, URLs
that do not normalize or have no outlet name.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from articles.urlnorm import InvalidURL, normalize_url, url_host
from cases.models import Case, CaseRole, Event, Party, Testimony
from cases.models.entries import BENCH_ROLES
from core.dates import parse_partial_date

from .dataset import Dataset
from .rules import published_at

CASE_KEYS = {
    "comment",
    "slug",
    "short_title",
    "caption",
    "court",
    "docket_number",
    "filed_on",
    "closed_on",
    "status",
    "summary",
    "topics",
    "consolidated_into",
    "sources",
    "roles",
    "events",
    "testimony",
    "causes_of_action",
    "application_areas",
    "ai_systems",
    "jurisdiction_type",
    "is_class_action",
    "has_published_opinion",
}
ROLE_KEYS = {"comment", "party", "role", "represents", "note", "order"}
EVENT_KEYS = {
    "comment",
    "date",
    "kind",
    "importance",
    "title",
    "description",
    "topics",
    "sources",
    "uncertain",
}
TESTIMONY_KEYS = {
    "comment",
    "date",
    "witness",
    "speaker",
    "setting",
    "examining_counsel",
    "phase",
    "excerpt",
    "is_verbatim",
    "context",
    "transcript_citation",
    "topics",
    "sources",
    "wording",
    "uncertain",
}
SOURCE_DETAIL_KEYS = {"comment", "title", "authors", "published_at", "summary", "publish"}

# How a source's comment says where its date comes from (demo/data/README.md): the research
# gives it, the URL holds it, or nobody gives it and published_at stays null.
DATE_FROM_RESEARCH = "date: given by the research"
DATE_FROM_URL = "date: in the URL"
DATE_NOT_GIVEN = "date: not given"
# What the data once did for a date nobody gave, and must never do again: a guess shown to
# readers as a publication date.
LATEST_FACT_GUESS = "latest fact"

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# A day as news sites write it in their paths: 2024/07/10, 2026/5/30, 2024/feb/14, 2024-07-10,
# or 20240710 (never a bare year or year/month: those give no day).
URL_DAY = re.compile(
    r"(?<![0-9])((?:19|20)[0-9]{2})"
    r"(?:([/-])([0-9]{1,2}|[a-z]{3})\2([0-9]{1,2})|([0-9]{2})([0-9]{2}))(?![0-9])",
    re.IGNORECASE,
)


def url_date(url: str) -> dt.date | None:
    """The publication day a URL's path (or query) holds, e.g. 10 July 2024 for
    gigazine.net/gsc_news/en/20240710-judge-…; None when it holds no whole date."""
    parts = urlsplit(url)
    for match in URL_DAY.finditer(f"{parts.path}?{parts.query}"):
        year, _sep, month, day, month_digits, day_digits = match.groups()
        month = month_digits or month
        if month.isalpha():
            month = MONTHS.index(month.lower()) + 1 if month.lower() in MONTHS else 0
        try:
            return dt.date(int(year), int(month), int(day_digits or day))
        except ValueError:
            continue
    return None


def _check_source_date(problems: list[str], where: str, url: str, details: dict) -> None:
    """A date only when the research or the URL gives one, and the comment says which."""
    comment = details.get("comment", "")
    value = details.get("published_at")
    try:
        day = published_at(value).date() if value else None
    except (ValueError, TypeError, KeyError):
        return  # _check_published_at says what is wrong with it
    in_url = url_date(url)
    if LATEST_FACT_GUESS in comment:
        problems.append(f"{where}: a date guessed from the latest fact; leave published_at null.")
    if DATE_NOT_GIVEN in comment and value is not None:
        problems.append(f"{where}: the comment says no date is given, yet published_at is set.")
    if DATE_FROM_URL in comment and (day is None or day != in_url):
        problems.append(f"{where}: published_at {value!r} is not the date in the URL ({in_url}).")
    if value is None and in_url is not None:
        problems.append(f"{where}: the URL holds a date ({in_url}): use it, and say so.")
    if value is not None and DATE_FROM_URL not in comment and DATE_FROM_RESEARCH not in comment:
        problems.append(
            f"{where}: where does published_at come from? Say '{DATE_FROM_RESEARCH}' or "
            f"'{DATE_FROM_URL}' in its comment, or leave it null."
        )


def _check_keys(problems: list[str], where: str, item: dict, allowed: set[str]) -> None:
    unknown = sorted(set(item) - allowed)
    if unknown:
        problems.append(f"{where}: unknown key(s) {', '.join(unknown)}.")


def _check_date(problems: list[str], where: str, value: str | None) -> None:
    if value is None:
        return
    try:
        parse_partial_date(value)
    except ValueError as exc:
        problems.append(f"{where}: {exc}")


def _check_choice(problems: list[str], where: str, value: str, choices: type, blank=False) -> None:
    if blank and not value:
        return
    if value not in choices.values:
        problems.append(f"{where}: '{value}' is not one of {', '.join(sorted(choices.values))}.")


def _check_published_at(problems: list[str], where: str, value: object) -> None:
    """A day ("YYYY-MM-DD") or ["YYYY-MM-DD HH:MM", "<time zone>"]."""
    try:
        published_at(value)  # type: ignore[arg-type]
    except (ValueError, TypeError, KeyError) as exc:
        problems.append(f"{where}: published_at {value!r} is not a day or [time, zone] ({exc}).")


def _check_url(problems: list[str], where: str, url: str, outlets: dict[str, str]) -> None:
    try:
        host = url_host(normalize_url(url))
    except InvalidURL as exc:
        problems.append(f"{where}: {exc}")
        return
    if host not in outlets:
        problems.append(f"{where}: no outlet name for host '{host}' (add it to \"outlets\").")


def _check_speaker(problems: list[str], where: str, item: dict, judges: set[str]) -> None:
    """A judge's words in their case, and a ruling, are statements from the bench, said so in
    the data ("speaker": "bench"); only a judge of the case speaks from the bench."""
    speaker = item.get("speaker", Testimony.Speaker.WITNESS)
    _check_choice(problems, where, speaker, Testimony.Speaker)
    bench = speaker == Testimony.Speaker.BENCH
    if item.get("witness") in judges and not bench:
        problems.append(
            f"{where}: {item['witness']} is a judge in this case, so their words are a "
            'statement from the bench: add "speaker": "bench".'
        )
    elif item.get("setting") == Testimony.Setting.RULING and not bench:
        problems.append(f'{where}: a ruling is a statement from the bench: add "speaker": "bench".')
    elif bench and item.get("witness") not in judges:
        problems.append(
            f"{where}: only a judge of the case speaks from the bench; give "
            f'{item.get("witness")} a judge role in the case or drop "speaker": "bench".'
        )


def dataset_problems(data: Dataset) -> list[str]:
    """Everything wrong with the dataset, in words that say where and how to fix it."""
    problems: list[str] = []
    topics = {t["slug"] for t in data.topics}
    courts = {c["slug"] for c in data.courts}
    parties = {p["slug"] for p in data.parties}
    for label, items in (
        ("topic", data.topics),
        ("court", data.courts),
        ("party", data.parties),
        ("case", data.cases),
        ("cause of action", data.causes_of_action),
        ("application area", data.application_areas),
    ):
        slugs = [item["slug"] for item in items]
        for slug in sorted({s for s in slugs if slugs.count(s) > 1}):
            problems.append(f"Two {label} entries share the slug '{slug}'.")
    for party in data.parties:
        _check_choice(problems, f"party {party['slug']}", party["kind"], Party.Kind)
    facets = {
        "causes_of_action": {f["slug"] for f in data.causes_of_action},
        "application_areas": {f["slug"] for f in data.application_areas},
    }
    for url, details in data.source_details.items():
        _check_keys(problems, f"source details of {url}", details, SOURCE_DETAIL_KEYS)
        _check_url(problems, f"source details of {url}", url, data.outlets)
        _check_published_at(problems, f"source details of {url}", details.get("published_at"))
        _check_source_date(problems, f"source details of {url}", url, details)

    seen_cases: set[str] = set()
    for case in data.cases:
        where = f"case {case.get('slug', '?')}"
        _check_keys(problems, where, case, CASE_KEYS)
        if case.get("court") not in courts:
            problems.append(f"{where}: unknown court '{case.get('court')}'.")
        _check_choice(problems, where, case.get("status", ""), Case.Status)
        _check_date(problems, f"{where} filed_on", case.get("filed_on"))
        _check_date(problems, f"{where} closed_on", case.get("closed_on"))
        parent = case.get("consolidated_into")
        if parent and parent not in seen_cases:
            problems.append(f"{where}: consolidated_into '{parent}' must be listed before it.")
        seen_cases.add(case.get("slug", "?"))
        for slug in case.get("topics", []):
            if slug not in topics:
                problems.append(f"{where}: unknown topic '{slug}'.")
        for url in case.get("sources", []):
            _check_url(problems, where, url, data.outlets)
        for key, known in facets.items():
            for slug in case.get(key, []):
                if slug not in known:
                    problems.append(f"{where}: unknown {key} slug '{slug}' (add it to \"{key}\").")
        _check_choice(
            problems, where, case.get("jurisdiction_type", ""), Case.JurisdictionType, blank=True
        )

        for role in case.get("roles", []):
            rwhere = f"{where} role {role.get('party')}/{role.get('role')}"
            _check_keys(problems, rwhere, role, ROLE_KEYS)
            _check_choice(problems, rwhere, role.get("role", ""), CaseRole.Role)
            for key in ("party", "represents"):
                if role.get(key) and role[key] not in parties:
                    problems.append(f"{rwhere}: unknown party '{role[key]}'.")
            if role.get("represents") and role.get("role") != CaseRole.Role.COUNSEL:
                problems.append(f"{rwhere}: only counsel can represent a party.")

        keys = [(e.get("date"), e.get("title")) for e in case.get("events", [])]
        for date, title in sorted({k for k in keys if keys.count(k) > 1}):
            problems.append(f"{where}: two events on {date} share the title '{title}'.")
        for event in case.get("events", []):
            ewhere = f"{where} event {event.get('date')} '{event.get('title', '')[:40]}'"
            _check_keys(problems, ewhere, event, EVENT_KEYS)
            _check_date(problems, ewhere, event.get("date"))
            _check_choice(problems, ewhere, event.get("kind", ""), Event.Kind)
            _check_choice(problems, ewhere, event.get("importance", ""), Event.Importance)
            if not event.get("title"):
                problems.append(f"{ewhere}: an event needs a title.")
            for url in event.get("sources", []):
                _check_url(problems, ewhere, url, data.outlets)
            for slug in event.get("topics", []):
                if slug not in topics:
                    problems.append(f"{ewhere}: unknown topic '{slug}'.")

        judges = {
            role.get("party") for role in case.get("roles", []) if role.get("role") in BENCH_ROLES
        }
        for item in case.get("testimony", []):
            twhere = f"{where} testimony {item.get('date')} “{item.get('excerpt', '')[:40]}”"
            _check_keys(problems, twhere, item, TESTIMONY_KEYS)
            _check_speaker(problems, twhere, item, judges)
            _check_date(problems, twhere, item.get("date"))
            _check_choice(problems, twhere, item.get("setting", ""), Testimony.Setting)
            _check_choice(problems, twhere, item.get("phase", ""), Testimony.Phase, blank=True)
            if not (item.get("excerpt") or "").strip():
                problems.append(f"{twhere}: testimony needs an excerpt.")
            for key in ("witness", "examining_counsel"):
                if item.get(key) and item[key] not in parties:
                    problems.append(f"{twhere}: unknown party '{item[key]}'.")
            if not item.get("witness"):
                problems.append(f"{twhere}: testimony needs a witness.")
            for url in item.get("sources", []):
                _check_url(problems, twhere, url, data.outlets)
            for url in item.get("wording", {}):
                if url not in item.get("sources", []):
                    problems.append(
                        f"{twhere}: a wording is given for {url}, which it does not cite."
                    )
            for slug in item.get("topics", []):
                if slug not in topics:
                    problems.append(f"{twhere}: unknown topic '{slug}'.")
    return problems
