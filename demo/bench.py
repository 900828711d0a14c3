"""The synthetic published cases that benchmarks read (`manage.py seed_bench`).

A seed of slug S writes N timeline entries into one case named S or, with `cases` > 1, spread
evenly over cases S-1 … S-<cases> (1,000,000 entries over 1,000 cases for the scale benchmark).
Each case's entries are events (80 %), testimony (15 %) and sources (5 %): the proportions of a
long docket, where docket entries dominate. Every event and testimony cites one or two of its
case's sources, so pages show citations as they do in real data. Dates spread over up to 16
years, a few known only to the month or year. Rows come from demo.builders and are written with
bulk_create in batches, one case at a time, so memory stays flat whatever N.

Words for search benchmarks: COMMON_WORD is in every third event's description (about 27 % of
the entries), RARE_WORD in the first RARE_MATCHES events, testimony and sources of the seed, so
it matches the same few rows at 10,000 entries as at 1,000,000.
"""

from __future__ import annotations

import datetime as dt
import random
import re
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
from cases.models.search import refresh_search_extra
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
COMMON_WORD = "order"
RARE_WORD = "palimpsest"
RARE_MATCHES = 3
_ACTS = ("an order of the court", "a motion of a party", "a filing on the docket")


def _quiet(label: str, done: int, total: int) -> None:
    """A progress callback that says nothing."""


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _outlet_url(index: int) -> str:
    return f"https://bench-outlet-{index}.example/"


def case_slugs(slug: str, cases: int) -> list[str]:
    """The slugs of a seed's cases: the slug itself for one case, else slug-1 … slug-<cases>."""
    return [slug] if cases == 1 else [f"{slug}-{n}" for n in range(1, cases + 1)]


def _cases_of(slug: str) -> models.QuerySet[Case]:
    """Every case a seed of this slug may have written: the slug, or the slug and a number."""
    return Case.objects.filter(Q(slug=slug) | Q(slug__regex=rf"^{re.escape(slug)}-[0-9]+$"))


def _sources_of(slug: str) -> models.QuerySet[Source]:
    """The seed's sources: their URLs are under /<case slug>/ on the bench outlets' hosts."""
    hosts = re.escape(_outlet_url(0)).replace("0", "[0-9]+")
    return Source.objects.filter(url__regex=rf"^{hosts}{re.escape(slug)}(-[0-9]+)?/")


def bench_case_exists(slug: str) -> bool:
    return _cases_of(slug).exists() or _sources_of(slug).exists()


def remove_bench_case(slug: str) -> None:
    """Delete the bench cases of this slug and their sources with one DELETE a table, in SQL.

    The ORM's delete() loads every row to send its signals, and django-simple-history writes a
    history row per deleted row: removing a 50,000-entry case that way took five minutes against
    seconds here, for history that bench data does not need. Citations go first (a cited source
    is protected)."""
    case_ids = list(_cases_of(slug).values_list("pk", flat=True))
    source_ids = list(_sources_of(slug).values_list("pk", flat=True))
    table = {model: model._meta.db_table for model in (Event, Testimony)}
    events = f"SELECT id FROM {table[Event]} WHERE case_id = ANY(%s)"
    testimony = f"SELECT id FROM {table[Testimony]} WHERE case_id = ANY(%s)"
    # One condition a statement: "entry IN (subquery) OR source = ANY(…)" cannot be a join,
    # so PostgreSQL ran the subquery's 800,000 ids as a list scanned once a row (hours).
    deletes = [
        (EventCitation, f"event_id IN ({events})", [case_ids]),
        (EventCitation, "source_id = ANY(%s)", [source_ids]),
        (TestimonyCitation, f"testimony_id IN ({testimony})", [case_ids]),
        (TestimonyCitation, "source_id = ANY(%s)", [source_ids]),
        (Event.topics.through, f"event_id IN ({events})", [case_ids]),
        (Testimony.topics.through, f"testimony_id IN ({testimony})", [case_ids]),
        (Event, "case_id = ANY(%s)", [case_ids]),
        (Testimony, "case_id = ANY(%s)", [case_ids]),
        (Source.cases.through, "source_id = ANY(%s)", [source_ids]),
        (Source, "id = ANY(%s)", [source_ids]),
        (CaseRole, "case_id = ANY(%s)", [case_ids]),
        (Case.topics.through, "case_id = ANY(%s)", [case_ids]),
        (Case, "id = ANY(%s)", [case_ids]),
    ]
    with connection.cursor() as cursor:
        for model, where, params in deletes:
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE {where}", params)


class BenchSeeder:
    """Writes one seed: `total` entries over `cases` cases, `batch_size` rows per INSERT.

    `progress(label, done, total)` hears of every batch of a one-case seed, and of every case
    of a seed of several (where per-batch lines would number in the thousands)."""

    def __init__(self, *, seed: int, batch_size: int, progress: Progress) -> None:
        self.rng = random.Random(seed)
        self.batch_size = batch_size
        self.progress = progress
        self.now = timezone.now()
        # Numbers across the whole seed, so that a word planted in the first few entries of a
        # kind (RARE_WORD) is in the same rows whatever the number of cases.
        self.numbered = {"events": 0, "testimony": 0, "sources": 0}

    def seed(self, slug: str, total: int, cases: int = 1) -> list[Case]:
        slugs = case_slugs(slug, cases)
        self._shared_rows()
        batch_progress, self.progress = self.progress, self.progress if cases == 1 else _quiet
        seeded: list[Case] = []
        for index, case_slug in enumerate(slugs):
            case = self._case(case_slug)
            # An even share; the first total % cases cases get one entry more.
            self._entries(case, total // cases + (index < total % cases))
            seeded.append(case)
            if cases > 1:
                batch_progress("cases", index + 1, cases)
        self.progress = batch_progress
        self._analyze()
        return seeded

    @staticmethod
    def _analyze() -> None:
        """Gather the written tables' statistics before the transaction commits.

        At commit PostgreSQL runs the deferred checks of every row written (foreign keys, the
        "published entries cite a published source" constraint triggers), planned with the
        statistics it has: for tables it last saw nearly empty, a scan of the whole table per
        row, which grows with the square of the rows (8.8 s of a 5,000-entry seed's commit
        against 1.4 s after ANALYZE, which sees the transaction's own rows)."""
        written = (Case, CaseRole, Event, EventCitation, Testimony, TestimonyCitation, Source)
        tables = [model._meta.db_table for model in written] + [Source.cases.through._meta.db_table]
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")

    def _bulk(self, model: type[models.Model], objects: list[Any], label: str) -> list[Any]:
        created: list[Any] = []
        for batch in _batches(objects, self.batch_size):
            created += model.objects.bulk_create(batch)
            self.progress(label, len(created), len(objects))
        return created

    def _shared_rows(self) -> None:
        """The court, topic, parties and outlets every bench case uses (found or created)."""
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
        self.court, self.topic = court, topic
        self.parties: list[Party] = []
        for index, (name, _role) in enumerate(PARTIES):
            party = Party.objects.filter(slug=f"bench-party-{index}").first()
            if party is None:
                party = builders.party(name=name, slug=f"bench-party-{index}")
                party.save()
            self.parties.append(party)
        self.outlets: list[Outlet] = [
            builders.outlet_for_url(_outlet_url(index), name=f"Bench Outlet {index}")
            for index in range(OUTLETS)
        ]

    def _case(self, slug: str) -> Case:
        case = builders.case(
            short_title=f"Bench v. Mark ({slug})",
            caption="Benchmark Plaintiff et al. v. Benchmark Defendant et al.",
            slug=slug,
            court=self.court,
            docket_number=f"0:00-cv-{abs(hash(slug)) % 100000:05d}-{slug[:20]}",
            filed_on=dt.date(2010, 1, 4),
            status=Case.Status.TRIAL,
            summary="A synthetic case for benchmarks.",
            made_public_at=self.now,
        )
        case.save()
        case.topics.add(self.topic)
        CaseRole.objects.bulk_create(
            CaseRole(case=case, party=party, role=role, order=index)
            for index, (party, (_name, role)) in enumerate(zip(self.parties, PARTIES, strict=True))
        )
        return case

    def _number(self, kind: str) -> tuple[int, str]:
        """The next number of this kind across the seed, and RARE_WORD for the first few."""
        number = self.numbered[kind]
        self.numbered[kind] += 1
        return number, f" {RARE_WORD}" if number < RARE_MATCHES else ""

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
            number, rare = self._number("sources")
            sources.append(
                builders.source(
                    url=f"{_outlet_url(index % OUTLETS)}{case.slug}/{index}",
                    outlet=outlet,
                    title=f"Bench report {number}{rare}",
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
            number, rare = self._number("events")
            events.append(
                builders.event(
                    case=case,
                    date=day,
                    date_precision=precision,
                    kind=kinds[index % len(kinds)],
                    title=f"Docket entry {index}{rare}",
                    description=f"Bench event {number}: {_ACTS[number % len(_ACTS)]}.",
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
            number, rare = self._number("testimony")
            testimony.append(
                builders.testimony(
                    case=case,
                    witness=witnesses[index % 2],
                    examining_counsel=self.parties[3],
                    date=day,
                    date_precision=precision,
                    setting=Testimony.Setting.TRIAL,
                    phase=Testimony.Phase.CROSS,
                    excerpt=f"Bench statement {number}{rare}.",
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
        refresh_search_extra(Testimony.objects.filter(case=case))  # bulk_create skips services
