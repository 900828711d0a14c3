"""The tracker table: one row per published case, as a lawyer scans the field (issue 18).

Each row has the case's status, court, judge, filing date, latest development (date and title of
its newest published event up to today), next date (its next published event after today) and
claims (causes of action), and the DAIL-style facets. The row values are annotations (correlated
subqueries) on the published-cases QuerySet and the many-to-many facets are prefetched, so a page
or a CSV export costs a fixed number of queries whatever the number of cases. The public page
(cases.web) and its CSV export both read from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Case as Switch
from django.db.models import F, OuterRef, Prefetch, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from cases.models import ApplicationArea, Case, CaseRole, CauseOfAction, Event
from cases.selectors import published_cases
from core.text import neutralise_cell

JUDGE_ROLES = (CaseRole.Role.JUDGE,)


def _event(today: dt.date, column: str, *, upcoming: bool) -> Subquery:
    """`column` of a case's newest published event up to today, or (upcoming) its next one."""
    events = Event.objects.public().filter(case=OuterRef("pk"))
    if upcoming:
        events = events.filter(date__gt=today).order_by("date", "-date_precision")
    else:
        events = events.filter(date__lte=today).order_by("-date", "date_precision")
    return Subquery(events.values(column)[:1])


def _first_claim() -> Subquery:
    """The alphabetically first cause of action of a case: what the claims column sorts by."""
    return Subquery(
        Case.causes_of_action.through.objects.filter(case=OuterRef("pk"))
        .order_by("causeofaction__name")
        .values("causeofaction__name")[:1]
    )


def _status_rank() -> Switch:
    """Statuses sort in the order of a case's life (Case.Status), not alphabetically."""
    return Switch(
        *[When(status=value, then=Value(rank)) for rank, value in enumerate(Case.Status.values)],
        default=Value(len(Case.Status.values)),
    )


def row_annotations(today: dt.date | None = None) -> dict[str, Any]:
    """The computed columns of a tracker row, for QuerySet.annotate(): the judge, the latest
    development and the next date (date, precision, title). The API's case resource reads
    them too; `.values()` selects only those asked for."""
    today = today or dt.date.today()
    return {
        "judge": Subquery(
            CaseRole.objects.filter(case=OuterRef("pk"), role__in=JUDGE_ROLES)
            .order_by("order", "party__name")
            .values("party__name")[:1]
        ),
        "latest_date": _event(today, "date", upcoming=False),
        "latest_precision": _event(today, "date_precision", upcoming=False),
        "latest_title": _event(today, "title", upcoming=False),
        "next_date": _event(today, "date", upcoming=True),
        "next_precision": _event(today, "date_precision", upcoming=True),
        "next_title": _event(today, "title", upcoming=True),
    }


def tracker_rows(today: dt.date | None = None) -> QuerySet[Case]:
    """Published cases annotated with every column of the tracker table, claims prefetched
    (one query per page)."""
    today = today or dt.date.today()
    return (
        published_cases(today)
        .defer(None)
        .select_related("court")
        .only(
            "id",
            "slug",
            "short_title",
            "caption",
            "status",
            "docket_number",
            "filed_on",
            "filed_on_precision",
            "closed_on",
            "closed_on_precision",
            "ai_systems",
            "jurisdiction_type",
            "is_class_action",
            "has_published_opinion",
            "court__slug",
            "court__short_name",
            "court__name",
        )
        .annotate(
            **row_annotations(today),
            first_claim=_first_claim(),
            status_rank=_status_rank(),
            court_label=Coalesce(F("court__short_name"), F("court__name")),
        )
        .prefetch_related(
            Prefetch("causes_of_action", queryset=CauseOfAction.objects.only("id", "name", "slug"))
        )
    )


@dataclass(frozen=True)
class Column:
    """A sortable column of the table: its heading and the annotation or field it sorts by,
    empty values last either way, ties in case-title order."""

    key: str
    label: str
    field: str
    # The direction of the first click: dates show the newest first.
    newest_first: bool = False

    def _ordering(self, descending: bool) -> tuple[Any, ...]:
        by = (
            F(self.field).desc(nulls_last=True)
            if descending
            else F(self.field).asc(nulls_last=True)
        )
        return (by,) if self.field == "short_title" else (by, "short_title")

    @property
    def ascending(self) -> tuple[Any, ...]:
        return self._ordering(descending=False)

    @property
    def descending(self) -> tuple[Any, ...]:
        return self._ordering(descending=True)


COLUMNS = (
    Column("title", "Case", "short_title"),
    Column("status", "Status", "status_rank"),
    Column("court", "Court", "court_label"),
    Column("judge", "Judge", "judge"),
    Column("filed", "Filed", "filed_on", newest_first=True),
    Column("latest", "Latest development", "latest_date", newest_first=True),
    Column("next", "Next date", "next_date"),
    Column("claims", "Claims", "first_claim"),
)
FILED = COLUMNS[4]


def sorts() -> dict[str, tuple[str, tuple[Any, ...]]]:
    """Every `sort=` value of the table: 'key' ascending and '-key' descending per column,
    with the older names the list had ('activity', 'filed' = newest filing first, 'filed_asc')."""
    result: dict[str, tuple[str, tuple[Any, ...]]] = {
        "activity": ("Latest activity", (F("latest_activity").desc(), "short_title")),
    }
    for column in COLUMNS:
        result[column.key] = (f"{column.label} (ascending)", column.ascending)
        result[f"-{column.key}"] = (f"{column.label} (descending)", column.descending)
    # Older links: 'filed' was, and stays, the newest filing first.
    result["filed"] = ("Newest filing", FILED.descending)
    result["filed_asc"] = ("Oldest filing", FILED.ascending)
    result.pop("-filed")
    return result


def header_links(current: str) -> list[dict[str, str]]:
    """For each column: its heading, the sort value its link asks for and its aria-sort."""
    links = []
    for column in COLUMNS:
        up, down = column.key, f"-{column.key}"
        if column.key == "filed":
            up, down = "filed_asc", "filed"
        if current == up:
            state, target = "ascending", down
        elif current == down:
            state, target = "descending", up
        else:
            state, target = "none", down if column.newest_first else up
        links.append({"key": column.key, "label": column.label, "sort": target, "aria": state})
    return links


def _names(values: Iterable[Any]) -> str:
    return "; ".join(value.name for value in values)


def _date(day: dt.date | None, precision: str | None) -> str:
    """A partial date as ISO text at its precision ('2024', '2024-11', '2024-11-05')."""
    if day is None:
        return ""
    return {"year": day.strftime("%Y"), "month": day.strftime("%Y-%m")}.get(
        precision or "", day.isoformat()
    )


# The CSV columns, close to the Database of AI Litigation's (docs/tracker.md describes them).
CSV_COLUMNS = (
    "caption",
    "short_title",
    "court",
    "docket_number",
    "jurisdiction_type",
    "status",
    "filed",
    "closed",
    "judge",
    "causes_of_action",
    "areas_of_application",
    "ai_systems",
    "class_action",
    "published_opinion",
    "latest_development_date",
    "latest_development",
    "next_date",
    "next_event",
    "url",
)


def csv_row(case: Case, site_url: str) -> list[str]:
    """One case as the CSV_COLUMNS cells (text a spreadsheet keeps as text)."""
    cells = [
        case.caption or case.short_title,
        case.short_title,
        case.court.name,
        case.docket_number,
        case.jurisdiction_type,
        case.get_status_display(),
        _date(case.filed_on, case.filed_on_precision),
        _date(case.closed_on, case.closed_on_precision),
        case.judge or "",
        _names(case.causes_of_action.all()),
        _names(case.application_areas.all()),
        case.ai_systems,
        "yes" if case.is_class_action else "no",
        "yes" if case.has_published_opinion else "no",
        _date(case.latest_date, case.latest_precision),
        case.latest_title or "",
        _date(case.next_date, case.next_precision),
        case.next_title or "",
        site_url + case.get_absolute_url(),
    ]
    return [neutralise_cell(cell) for cell in cells]


def csv_rows(cases: QuerySet[Case], site_url: str, batch: int = 500) -> Iterator[list[str]]:
    """The header, then every case of `cases`, fetched `batch` at a time (prefetches included)."""
    yield list(CSV_COLUMNS)
    areas = Prefetch(
        "application_areas", queryset=ApplicationArea.objects.only("id", "name", "slug")
    )
    for case in cases.prefetch_related(areas).iterator(chunk_size=batch):
        yield csv_row(case, site_url)
