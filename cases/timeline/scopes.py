"""What a timeline shows (TimelineScope): a case's, a party's, a topic's, a source's citing
entries, or the whole public record, each as querysets the builder filters to what is public."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case as CaseExpression
from django.db.models import Exists, OuterRef, QuerySet, Value, When

from articles.models import Source
from cases.models import (
    Case,
    CaseRole,
    Event,
    EventCitation,
    Party,
    Testimony,
    TestimonyCitation,
    Topic,
)


@dataclass(frozen=True)
class TimelineScope:
    """What a timeline shows: querysets of events, testimony and sources (None: that kind is
    absent). The builder adds the published filters itself, so a scope cannot leak drafts.

    `case` is set for a single-case scope: sources then belong to that case.
    `owner` is the case, party or topic whose timeline this is (the overview needs one).
    `members`: the member cases an MDL or lead case's timeline rolls up (see case_scope).
    """

    events: QuerySet[Event] | None = None
    testimony: QuerySet[Testimony] | None = None
    sources: QuerySet[Source] | None = None
    case: Case | None = None
    owner: Case | Party | Topic | None = None
    members: tuple[Case, ...] = ()


def case_scope(case: Case, *, members: Iterable[Case] = ()) -> TimelineScope:
    """A case's timeline: its events and testimony, and the sources that report on it.

    `members`: the published cases consolidated into `case` (an MDL or a lead case), which the
    caller has already read (cases.selectors.related_cases), so the scope costs no query. Their
    entries roll up into this timeline, each entry still naming its own case: the scope is then
    a cross-case one (`case` is None) whose rows read their case and are filtered to published
    cases, so a draft member case never shows.
    """
    members = tuple(member for member in members if member.pk != case.pk)
    case_ids = [case.pk, *(member.pk for member in members)]
    # "Reports on this case" as CASE WHEN EXISTS(…): PostgreSQL turns a bare EXISTS into a
    # hash semi-join that reads the whole source-case link table for every bucket of the
    # overview; wrapped, it probes the link table's (source, case) unique index per source.
    links = Source.cases.through.objects.filter(source_id=OuterRef("pk"))
    links = links.filter(case_id=case.pk) if not members else links.filter(case_id__in=case_ids)
    reports = CaseExpression(When(Exists(links), then=Value(1)), default=Value(0))
    sources = Source.objects.alias(reports_on_case=reports).filter(reports_on_case=1)
    if not members:
        return TimelineScope(
            events=Event.objects.filter(case=case),
            testimony=Testimony.objects.filter(case=case),
            sources=sources,
            case=case,
            owner=case,
        )
    return TimelineScope(
        events=Event.objects.filter(case_id__in=case_ids),
        testimony=Testimony.objects.filter(case_id__in=case_ids),
        sources=sources,
        owner=case,
        members=members,
    )


def party_scope(party: Party) -> TimelineScope:
    """A party's timeline: the testimony they gave, and the events of every case in which they
    hold any role (plaintiff, defendant, counsel, judge, witness…). Sources are left out: a
    party such as OpenAI is in most cases, and the sources are on each case's page."""
    case_ids = CaseRole.objects.filter(party=party).values("case_id")
    return TimelineScope(
        events=Event.objects.filter(case_id__in=case_ids),
        testimony=Testimony.objects.filter(witness=party),
        owner=party,
    )


def topic_scope(topic: Topic) -> TimelineScope:
    """A topic across cases: the events and testimony tagged with it.

    Tagged is an EXISTS on the tag table, not a join: an entry reads once however its tags are
    filtered or combined."""
    return TimelineScope(
        events=Event.objects.filter(
            Exists(Event.topics.through.objects.filter(event=OuterRef("pk"), topic=topic))
        ),
        testimony=Testimony.objects.filter(
            Exists(Testimony.topics.through.objects.filter(testimony=OuterRef("pk"), topic=topic))
        ),
        owner=topic,
    )


def citing_scope(source_id: int) -> TimelineScope:
    """Every event and testimony that cites a source."""
    return TimelineScope(
        events=Event.objects.filter(
            Exists(EventCitation.objects.filter(event=OuterRef("pk"), source_id=source_id))
        ),
        testimony=Testimony.objects.filter(
            Exists(TestimonyCitation.objects.filter(testimony=OuterRef("pk"), source_id=source_id))
        ),
    )


def public_scope() -> TimelineScope:
    """Every published case's events and testimony (the home page's latest entries)."""
    return TimelineScope(events=Event.objects.all(), testimony=Testimony.objects.all())
