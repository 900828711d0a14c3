"""The synthetic published case that benchmarks read (`manage.py seed_bench`).

The case gets N timeline entries spread over events (80 %), testimony (15 %) and sources (5 %):
the proportions of a long docket, where docket entries dominate. Every event and testimony cites
one or two of the case's sources, so pages show citations as they do in real data. Dates spread
over up to 16 years, a few known only to the month or year. Rows come from demo.builders and are
written with bulk_create in batches.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from django.db import connection, models
from django.db.models import Q
from django.utils import timezone

from articles.models import Outlet, Source
from cases.models import (
    Case,
    CaseRole,
    Court,
    Event,
    EventCitation,
    Party,
    Testimony,
    TestimonyCitation,
    Topic,
)
from core.dates import Precision

from . import builders

LAST_DAY = dt.date(2026, 6, 30)
OUTLETS = 12
PARTIES = [
    ("Bench Plaintiff", CaseRole.Role.PLAINTIFF),
    ("Bench Defendant", CaseRole.Role.DEFENDANT),
    ("Bench Judge", CaseRole.Role.JUDGE),
    ("Bench Counsel", CaseRole.Role.COUNSEL),
    ("Bench Witness One", CaseRole.Role.WITNESS),
    ("Bench Witness Two", CaseRole.Role.WITNESS),
]
Progress = Callable[[str, int, int], None]


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _outlet_url(index: int) -> str:
    return f"https://bench-outlet-{index}.example/"


def _sources_of(slug: str) -> models.QuerySet[Source]:
    """The bench case's sources: their URLs are under /<slug>/ on the bench outlets' hosts."""
    condition = Q()
    for index in range(OUTLETS):
        condition |= Q(url__startswith=f"{_outlet_url(index)}{slug}/")
    return Source.objects.filter(condition)


def bench_case_exists(slug: str) -> bool:
    return Case.objects.filter(slug=slug).exists() or _sources_of(slug).exists()


def remove_bench_case(slug: str) -> None:
    """Delete the bench case of this slug and its sources with one DELETE a table, in SQL.

    The ORM's delete() loads every row to send its signals, and django-simple-history writes a
    history row per deleted row: removing a 50,000-entry case that way took five minutes against
    seconds here, for history that bench data does not need. Citations go first (a cited source
    is protected)."""
    case = Case.objects.filter(slug=slug).first()
    case_id = case.pk if case is not None else None
    source_ids = list(_sources_of(slug).values_list("pk", flat=True))
    table = {model: model._meta.db_table for model in (Event, Testimony)}
    events = f"SELECT id FROM {table[Event]} WHERE case_id = %s"
    testimony = f"SELECT id FROM {table[Testimony]} WHERE case_id = %s"
    deletes = [
        (EventCitation, f"event_id IN ({events}) OR source_id = ANY(%s)", [case_id, source_ids]),
        (
            TestimonyCitation,
            f"testimony_id IN ({testimony}) OR source_id = ANY(%s)",
            [case_id, source_ids],
        ),
        (Event.topics.through, f"event_id IN ({events})", [case_id]),
        (Testimony.topics.through, f"testimony_id IN ({testimony})", [case_id]),
        (Event, "case_id = %s", [case_id]),
        (Testimony, "case_id = %s", [case_id]),
        (Source.cases.through, "source_id = ANY(%s)", [source_ids]),
        (Source, "id = ANY(%s)", [source_ids]),
        (CaseRole, "case_id = %s", [case_id]),
        (Case.topics.through, "case_id = %s", [case_id]),
        (Case, "id = %s", [case_id]),
    ]
    with connection.cursor() as cursor:
        for model, where, params in deletes:
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE {where}", params)


class BenchSeeder:
    """Writes one bench case of `total` entries, `batch_size` rows per INSERT."""

    def __init__(self, *, seed: int, batch_size: int, progress: Progress) -> None:
        self.rng = random.Random(seed)
        self.batch_size = batch_size
        self.progress = progress
        self.now = timezone.now()

    def seed(self, slug: str, total: int) -> Case:
        case = self._case(slug)
        self._entries(case, total)
        return case

    def _bulk(self, model: type[models.Model], objects: list[Any], label: str) -> list[Any]:
        created: list[Any] = []
        for batch in _batches(objects, self.batch_size):
            created += model.objects.bulk_create(batch)
            self.progress(label, len(created), len(objects))
        return created

    def _case(self, slug: str) -> Case:
        court = Court.objects.filter(slug="bench-court").first()
        if court is None:
            court = builders.court(
                name="Benchmark District Court", short_name="Bench. Ct.", slug="bench-court"
            )
            court.save()
        topic = Topic.objects.filter(slug="bench-topic").first()
        if topic is None:
            topic = builders.topic(name="Benchmark topic", slug="bench-topic")
            topic.save()
        case = builders.case(
            short_title=f"Bench v. Mark ({slug})",
            caption="Benchmark Plaintiff et al. v. Benchmark Defendant et al.",
            slug=slug,
            court=court,
            docket_number=f"0:00-cv-{abs(hash(slug)) % 100000:05d}-{slug[:20]}",
            filed_on=dt.date(2010, 1, 4),
            status=Case.Status.TRIAL,
            summary="A synthetic case for benchmarks.",
            made_public_at=self.now,
        )
        case.save()
        case.topics.add(topic)
        self.parties: list[Party] = []
        for index, (name, role) in enumerate(PARTIES):
            party = Party.objects.filter(slug=f"bench-party-{index}").first()
            if party is None:
                party = builders.party(name=name, slug=f"bench-party-{index}")
                party.save()
            CaseRole.objects.create(case=case, party=party, role=role, order=index)
            self.parties.append(party)
        self.outlets: list[Outlet] = [
            builders.outlet_for_url(_outlet_url(index), name=f"Bench Outlet {index}")
            for index in range(OUTLETS)
        ]
        return case

    def _date(self, span_days: int) -> tuple[dt.date, str]:
        day = LAST_DAY - dt.timedelta(days=self.rng.randrange(span_days))
        roll = self.rng.random()
        if roll < 0.01:
            return day.replace(month=1, day=1), Precision.YEAR
        if roll < 0.05:
            return day.replace(day=1), Precision.MONTH
        return day, Precision.DAY

    def _entries(self, case: Case, total: int) -> None:
        n_sources = max(1, total * 5 // 100)
        n_testimony = max(1, total * 15 // 100)
        n_events = total - n_sources - n_testimony
        span_days = min(max(total * 3, 365), 16 * 365)
        rng, now = self.rng, self.now

        sources = []
        for index in range(n_sources):
            outlet = self.outlets[index % OUTLETS]
            sources.append(
                builders.source(
                    url=f"{_outlet_url(index % OUTLETS)}{case.slug}/{index}",
                    outlet=outlet,
                    title=f"Bench report {index}",
                    published_at=dt.datetime.combine(
                        self._date(span_days)[0], dt.time(rng.randrange(24)), tzinfo=dt.UTC
                    ),
                    summary=f"What bench report {index} says.",
                    text="Lorem ipsum dolor sit amet. " * 400,  # pages must never load this
                    made_public_at=now,
                )
            )
        sources = self._bulk(Source, sources, "sources")
        self._bulk(
            Source.cases.through,
            [Source.cases.through(source_id=s.pk, case_id=case.pk) for s in sources],
            "source links",
        )

        kinds = [k for k in Event.Kind.values if k != Event.Kind.OTHER]
        events = []
        for index in range(n_events):
            day, precision = self._date(span_days)
            events.append(
                builders.event(
                    case=case,
                    date=day,
                    date_precision=precision,
                    kind=kinds[index % len(kinds)],
                    title=f"Docket entry {index}",
                    description=f"Bench event {index}: an order or a filing.",
                    importance=Event.Importance.MAJOR
                    if index % 100 == 0
                    else Event.Importance.MINOR,
                    docket_entry_number=index + 1,
                    made_public_at=now,
                )
            )
        events = self._bulk(Event, events, "events")
        self._bulk(
            EventCitation,
            [builders.citation(e, sources[i % n_sources]) for i, e in enumerate(events)],
            "event citations",
        )

        witnesses = self.parties[4:6]
        testimony = []
        for index in range(n_testimony):
            day, precision = self._date(span_days)
            testimony.append(
                builders.testimony(
                    case=case,
                    witness=witnesses[index % 2],
                    examining_counsel=self.parties[3],
                    date=day,
                    date_precision=precision,
                    setting=Testimony.Setting.TRIAL,
                    phase=Testimony.Phase.CROSS,
                    excerpt=f"Bench statement {index}.",
                    context="Asked about the benchmark.",
                    made_public_at=now,
                )
            )
        testimony = self._bulk(Testimony, testimony, "testimony")
        citations = []
        for index, item in enumerate(testimony):
            first = sources[index % n_sources]
            citations.append(builders.citation(item, first))
            second = sources[(index * 7 + 3) % n_sources]
            if n_sources > 1 and second.pk != first.pk:
                wording = f"Bench statement {index}, roughly." if index % 10 == 0 else ""
                citations.append(builders.citation(item, second, wording=wording))
        self._bulk(TestimonyCitation, citations, "testimony citations")
