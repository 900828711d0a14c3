"""Reads for the public pages: published cases, their parties, the home page's lists.

Every function here returns only published data and runs a fixed number of queries, whatever
the size of the database; the page tests pin those counts. Timelines live in cases.timeline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.shortcuts import get_object_or_404

from articles.models import Source
from cases.models import (
    ApplicationArea,
    Case,
    CaseRole,
    CauseOfAction,
    Event,
    Party,
    Testimony,
    Topic,
)
from cases.timeline.entries import PRECISION_RANK
from cases.timeline.header import upcoming_dates
from cases.timeline.scopes import TimelineScope

_NEVER = dt.date(1, 1, 1)


def _latest(model, today: dt.date, column: str) -> Subquery:
    """`column` of a case's latest published `model` row up to today (a correlated subquery).
    Among rows of the same date the most precise comes first ('day' < 'month' < 'year')."""
    return Subquery(
        model.objects.public()
        .filter(case=OuterRef("pk"), date__lte=today)
        .order_by("-date", "date_precision")
        .values(column)[:1]
    )


def published_cases(today: dt.date | None = None) -> QuerySet[Case]:
    """Published cases with `latest_activity`: the date of their latest published event or
    testimony up to today, else their filing date (the year-1 sentinel when nothing is known,
    so such cases sort last). `activity_display()` gives it with its precision."""
    today = today or dt.date.today()
    latest = Greatest(
        Coalesce(_latest(Event, today, "date"), Value(_NEVER)),
        Coalesce(_latest(Testimony, today, "date"), Value(_NEVER)),
        Coalesce(F("filed_on"), Value(_NEVER)),
        output_field=DateField(),
    )
    return (
        Case.objects.published()
        .select_related("court")
        .only(
            "id",
            "slug",
            "short_title",
            "status",
            "docket_number",
            "filed_on",
            "filed_on_precision",
            "court__short_name",
            "court__name",
        )
        .annotate(
            latest_activity=latest,
            latest_event_date=_latest(Event, today, "date"),
            latest_event_precision=_latest(Event, today, "date_precision"),
            latest_testimony_date=_latest(Testimony, today, "date"),
            latest_testimony_precision=_latest(Testimony, today, "date_precision"),
        )
    )


def activity_display(case: Case) -> tuple[dt.date, str] | None:
    """The latest activity of an annotated case as (date, precision), or None."""
    candidates = [
        (case.latest_event_date, case.latest_event_precision),
        (case.latest_testimony_date, case.latest_testimony_precision),
        (case.filed_on, case.filed_on_precision),
    ]
    known = [(day, precision) for day, precision in candidates if day is not None]
    if not known:
        return None
    # The latest date wins; on a tie, the more precise.
    return max(known, key=lambda item: (item[0], PRECISION_RANK.get(item[1], 0)))


def case_for_page(slug: str, viewer=None) -> Case:
    """A published case with its court, topics and facets (4 queries), or 404. With a
    `viewer` (a preview), also a draft case that user may see."""
    cases = Case.objects.visible_to(viewer) if viewer is not None else Case.objects.published()
    return get_object_or_404(
        cases.select_related("court").prefetch_related(
            *(
                Prefetch(name, queryset=model.objects.only("id", "name", "slug"))
                for name, model in (
                    ("topics", Topic),
                    ("causes_of_action", CauseOfAction),
                    ("application_areas", ApplicationArea),
                )
            )
        ),
        slug=slug,
    )


MEMBER_CASE = "Consolidated member case"


@dataclass
class RelatedCase:
    case: Case
    relation: str  # "Appeal of", "Appealed in", "Consolidated into", MEMBER_CASE

    @property
    def is_member(self) -> bool:
        """A case consolidated into this one (an MDL's or lead case's member)."""
        return self.relation == MEMBER_CASE


def related_cases(case: Case) -> list[RelatedCase]:
    """Published cases related to `case` by appeal or consolidation (1 query)."""
    rows = (
        Case.objects.published()
        .filter(
            Q(pk=case.appeal_of_id)
            | Q(pk=case.consolidated_into_id)
            | Q(appeal_of=case)
            | Q(consolidated_into=case)
        )
        .exclude(pk=case.pk)
        .only("id", "slug", "short_title", "appeal_of_id", "consolidated_into_id", "status")
        .order_by("short_title")
    )
    related: list[RelatedCase] = []
    for other in rows:
        if other.pk == case.appeal_of_id:
            related.append(RelatedCase(other, "Appeal of"))
        if other.pk == case.consolidated_into_id:
            related.append(RelatedCase(other, "Consolidated into"))
        if other.appeal_of_id == case.pk:
            related.append(RelatedCase(other, "Appealed in"))
        if other.consolidated_into_id == case.pk:
            related.append(RelatedCase(other, MEMBER_CASE))
    return related


def member_cases(case: Case, related: list[RelatedCase] | None = None) -> list[Case]:
    """The published cases consolidated into `case` (an MDL's or lead case's members), whose
    entries roll up into its timeline (case_scope(case, members=...)) on its page, feed and
    API timeline alike. From `related` when the caller has read related_cases already (no
    query), else 1 query."""
    if related is None:
        related = related_cases(case)
    return [item.case for item in related if item.is_member]


@dataclass
class PartyInCase:
    party: Party
    roles: list[CaseRole] = field(default_factory=list)
    counsel: list[CaseRole] = field(default_factory=list)

    @property
    def role_labels(self) -> list[str]:
        return [role.get_role_display() for role in self.roles]


@dataclass
class Side:
    title: str
    parties: list[PartyInCase] = field(default_factory=list)


@dataclass
class CaseParties:
    sides: list[Side]
    judges: list[CaseRole]
    witnesses: list[CaseRole]
    other_counsel: list[CaseRole]
    counsel: list[CaseRole]  # every counsel role, with `represents` loaded (the header)


# Which side of the caption each role puts a party on; the first match wins.
_SIDES: list[tuple[str, set[str]]] = [
    ("Plaintiffs", {CaseRole.Role.PLAINTIFF}),
    ("Defendants", {CaseRole.Role.DEFENDANT}),
    ("Counter-claimants", {CaseRole.Role.COUNTER_CLAIMANT}),
    ("Counter-defendants", {CaseRole.Role.COUNTER_DEFENDANT}),
    ("Intervenors", {CaseRole.Role.INTERVENOR}),
    ("Amici curiae", {CaseRole.Role.AMICUS}),
    ("Others", {CaseRole.Role.OTHER}),
]
_JUDGES = {CaseRole.Role.JUDGE, CaseRole.Role.MAGISTRATE_JUDGE}


def case_parties(case: Case) -> CaseParties:
    """The case's parties grouped by side, each with their counsel; judges and witnesses apart
    (1 query). A party holding several roles (OpenAI: defendant and counter-claimant) is listed
    once, on the first side that applies, with all its roles."""
    roles = list(
        CaseRole.objects.filter(case=case)
        .select_related("party", "represents")
        .order_by("order", "role", "party__name")
    )
    by_party: dict[int, PartyInCase] = {}
    judges, witnesses, counsel = [], [], []
    for role in roles:
        if role.role in _JUDGES:
            judges.append(role)
        elif role.role == CaseRole.Role.WITNESS:
            witnesses.append(role)
        elif role.role == CaseRole.Role.COUNSEL:
            counsel.append(role)
        else:
            by_party.setdefault(role.party_id, PartyInCase(role.party)).roles.append(role)
    other_counsel = []
    for role in counsel:
        if role.represents_id in by_party:
            by_party[role.represents_id].counsel.append(role)
        else:
            other_counsel.append(role)
    sides = [Side(title) for title, _ in _SIDES]
    side_rank = {role: rank for rank, (_title, roles) in enumerate(_SIDES) for role in roles}
    for entry in by_party.values():
        entry.roles.sort(key=lambda role: side_rank.get(role.role, len(_SIDES)))
        kinds = {role.role for role in entry.roles}
        for side, (_title, side_roles) in zip(sides, _SIDES, strict=True):
            if kinds & side_roles:
                side.parties.append(entry)
                break
    return CaseParties(
        sides=[side for side in sides if side.parties],
        judges=judges,
        witnesses=witnesses,
        other_counsel=other_counsel,
        counsel=counsel,
    )


def upcoming_scope(today: dt.date) -> TimelineScope:
    """Published events from today on (see cases.timeline.header.upcoming_dates for dates
    known to the month or year)."""
    return TimelineScope(events=Event.objects.filter(upcoming_dates(today)))


def latest_scope(today: dt.date) -> TimelineScope:
    """Published events and testimony of every published case up to today."""
    return TimelineScope(
        events=Event.objects.filter(date__lte=today),
        testimony=Testimony.objects.filter(date__lte=today),
    )


@dataclass
class StatusGroup:
    status: str
    label: str
    cases: list[Case]


def cases_by_status(today: dt.date | None = None) -> list[StatusGroup]:
    """Every published case grouped by status, in the order of Case.Status, latest activity
    first inside a status (1 query)."""
    groups = {value: StatusGroup(value, label, []) for value, label in Case.Status.choices}
    for case in published_cases(today).order_by("-latest_activity", "short_title"):
        groups[case.status].cases.append(case)
    return [group for group in groups.values() if group.cases]


def topics_with_counts() -> QuerySet[Topic]:
    """Topics that tag at least one published case, with the number of such cases (1 query)."""
    return (
        Topic.objects.annotate(case_count=Count("cases", filter=Q(cases__in=Case.objects.public())))
        .filter(case_count__gt=0)
        .order_by("name")
    )


@dataclass
class CaseRoles:
    case: Case
    roles: list[CaseRole]


def party_roles(party: Party) -> list[CaseRoles]:
    """A party's roles in published cases, grouped by case, newest case first (1 query)."""
    rows = (
        CaseRole.objects.filter(party=party, case__in=Case.objects.public())
        .select_related("case", "case__court", "represents")
        .only(
            "id",
            "role",
            "note",
            "represents__name",
            "represents__slug",
            "case__slug",
            "case__short_title",
            "case__status",
            "case__filed_on",
            "case__filed_on_precision",
            "case__court__short_name",
        )
        .order_by(F("case__filed_on").desc(nulls_last=True), "case__short_title", "order", "role")
    )
    grouped: dict[int, CaseRoles] = {}
    for role in rows:
        grouped.setdefault(role.case_id, CaseRoles(role.case, [])).roles.append(role)
    return list(grouped.values())


def testified_in_public(party: Party) -> bool:
    """Whether the party gave published testimony in a published case (1 query)."""
    return Testimony.objects.public().filter(witness=party).exists()


def topic_cases(topic: Topic) -> list[Case]:
    """Published cases tagged with a topic (1 query)."""
    return list(
        Case.objects.published()
        .filter(topics=topic)
        .select_related("court")
        .only("id", "slug", "short_title", "status", "court__short_name")
        .order_by("short_title")
    )


def source_for_page(pk: int, viewer=None) -> Source:
    """A published source with its outlet, without its (possibly huge) text, or 404. With a
    `viewer` (a preview), also a draft source that user may see."""
    sources = (
        Source.objects.visible_to(viewer) if viewer is not None else Source.objects.published()
    )
    return get_object_or_404(
        sources.select_related("outlet").defer("text", "fetch_error"),
        pk=pk,
    )


def source_cases(source: Source) -> list[Case]:
    """Published cases a source reports on (1 query)."""
    return list(
        Case.objects.published()
        .filter(Exists(Source.cases.through.objects.filter(case=OuterRef("pk"), source=source)))
        .only("id", "slug", "short_title")
        .order_by("short_title")
    )


def case_for_entry(case_id: int) -> Case:
    """The (published) case of an entry, with its court, for a permalink page (1 query)."""
    return (
        Case.objects.published()
        .select_related("court")
        .only("id", "slug", "short_title", "docket_number", "status", "court__short_name")
        .get(pk=case_id)
    )
