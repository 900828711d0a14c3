"""Seed a synthetic published case for benchmarks: `manage.py seed_bench --events 50000`.

The case (slug `bench-case` unless --slug says otherwise) gets N timeline entries spread over
events (80 %), testimony (15 %) and sources (5 %): the proportions of a long docket, where
docket entries dominate. Every event and testimony cites one or two of the case's sources, so
pages show citations as they do in real data. Dates spread over up to 16 years, a few known only
to the month or year. Rows are written with bulk_create in batches; re-running replaces the
previous case of the same slug (and only that case). `--remove` deletes it and seeds nothing,
so a benchmark can leave the database as it found it.
"""

from __future__ import annotations

import datetime as dt
import random
from itertools import islice

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from articles.models import Outlet, Source
from cases.dates import Precision
from cases.models import (
    Case,
    CaseRole,
    Court,
    Event,
    EventCitation,
    Party,
    PublicationState,
    Testimony,
    TestimonyCitation,
    Topic,
)

PUBLISHED = PublicationState.PUBLISHED
LAST_DAY = dt.date(2026, 6, 30)


def _batches(items, size: int):
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class Command(BaseCommand):
    help = "Create (or replace) a synthetic published case with N timeline entries, for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, help="Number of timeline entries (N ≥ 3).")
        parser.add_argument(
            "--remove", action="store_true", help="Only delete the bench case of this slug."
        )
        parser.add_argument("--slug", default="bench-case", help="Slug of the bench case.")
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=20260430, help="Random seed.")

    def handle(
        self,
        *args,
        events: int | None,
        slug: str,
        batch_size: int,
        seed: int,
        remove: bool = False,
        **options,
    ):
        if not remove and (events is None or events < 3):
            raise CommandError("--events must be at least 3 (one event, testimony and source).")
        if batch_size < 1:
            raise CommandError("--batch-size must be positive.")
        if not slug.startswith("bench"):
            raise CommandError(
                f"Refusing to use slug '{slug}': bench slugs start with 'bench' so a real case "
                "is never replaced."
            )
        self.batch_size = batch_size
        self.verbosity = options.get("verbosity", 1)
        self.rng = random.Random(seed)
        with transaction.atomic():
            self._remove(slug)
            if remove:
                return
            case = self._case(slug)
            self._entries(case, events)
        self.stdout.write(
            self.style.SUCCESS(f"Seeded '{slug}' with {events} entries: {case.get_absolute_url()}")
        )

    # --- helpers ------------------------------------------------------------------------------

    def _progress(self, label: str, done: int, total: int) -> None:
        if self.verbosity < 1:
            return
        self.stdout.write(f"  {label}: {done:,}/{total:,}", ending="\r" if done < total else "\n")
        self.stdout.flush()

    def _bulk(self, model, objects: list, label: str) -> list:
        created: list = []
        for batch in _batches(objects, self.batch_size):
            created += model.objects.bulk_create(batch)
            self._progress(label, len(created), len(objects))
        return created

    def _url_prefix(self, slug: str) -> str:
        return f"https://bench.example/{slug}/"

    def _remove(self, slug: str) -> None:
        """Delete the previous bench case of this slug with one DELETE a table, in SQL: the
        ORM's delete() would load every row to write a history record per deleted row, which
        bench data does not need."""
        case = Case.objects.filter(slug=slug).first()
        prefix = self._url_prefix(slug)
        if case is None and not Source.objects.filter(url__startswith=prefix).exists():
            return
        if self.verbosity >= 1:
            self.stdout.write(f"Removing the previous '{slug}'…")
        case_id = case.pk if case is not None else None
        table = {model: model._meta.db_table for model in (Event, Testimony, Source)}
        events = f"SELECT id FROM {table[Event]} WHERE case_id = %s"
        testimony = f"SELECT id FROM {table[Testimony]} WHERE case_id = %s"
        sources = f"SELECT id FROM {table[Source]} WHERE starts_with(url, %s)"
        deletes = [
            (
                EventCitation,
                f"event_id IN ({events}) OR source_id IN ({sources})",
                [case_id, prefix],
            ),
            (
                TestimonyCitation,
                f"testimony_id IN ({testimony}) OR source_id IN ({sources})",
                [case_id, prefix],
            ),
            (Event.topics.through, f"event_id IN ({events})", [case_id]),
            (Testimony.topics.through, f"testimony_id IN ({testimony})", [case_id]),
            (Event, "case_id = %s", [case_id]),
            (Testimony, "case_id = %s", [case_id]),
            (Source.cases.through, f"source_id IN ({sources})", [prefix]),
            (Source, "starts_with(url, %s)", [prefix]),
            (CaseRole, "case_id = %s", [case_id]),
            (Case.topics.through, "case_id = %s", [case_id]),
            (Case, "id = %s", [case_id]),
        ]
        with connection.cursor() as cursor:
            for model, where, params in deletes:
                cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE {where}", params)

    def _case(self, slug: str) -> Case:
        court, _ = Court.objects.get_or_create(
            slug="bench-court",
            defaults={"name": "Benchmark District Court", "short_name": "Bench. Ct."},
        )
        topic, _ = Topic.objects.get_or_create(
            slug="bench-topic", defaults={"name": "Benchmark topic"}
        )
        case = Case.objects.create(
            short_title=f"Bench v. Mark ({slug})",
            caption="Benchmark Plaintiff et al. v. Benchmark Defendant et al.",
            slug=slug,
            court=court,
            docket_number=f"0:00-cv-{abs(hash(slug)) % 100000:05d}-{slug[:20]}",
            filed_on=dt.date(2010, 1, 4),
            status=Case.Status.TRIAL,
            summary="A synthetic case for benchmarks.",
            state=PUBLISHED,
            made_public_at=timezone.now(),
        )
        case.topics.add(topic)
        self.parties = []
        for index, (name, role) in enumerate(
            [
                ("Bench Plaintiff", CaseRole.Role.PLAINTIFF),
                ("Bench Defendant", CaseRole.Role.DEFENDANT),
                ("Bench Judge", CaseRole.Role.JUDGE),
                ("Bench Counsel", CaseRole.Role.COUNSEL),
                ("Bench Witness One", CaseRole.Role.WITNESS),
                ("Bench Witness Two", CaseRole.Role.WITNESS),
            ]
        ):
            party, _ = Party.objects.get_or_create(
                slug=f"bench-party-{index}", defaults={"name": name}
            )
            CaseRole.objects.create(case=case, party=party, role=role, order=index)
            self.parties.append(party)
        self.outlets = [
            Outlet.objects.get_or_create(
                domain=f"bench-outlet-{index}.example",
                defaults={"name": f"Bench Outlet {index}"},
            )[0]
            for index in range(12)
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
        now = timezone.now()
        common = {"state": PUBLISHED, "made_public_at": now}
        prefix = self._url_prefix(case.slug)
        rng = self.rng

        sources = self._bulk(
            Source,
            [
                Source(
                    url=f"{prefix}{index}",
                    title=f"Bench report {index}",
                    outlet=self.outlets[index % len(self.outlets)],
                    published_at=dt.datetime.combine(
                        self._date(span_days)[0], dt.time(rng.randrange(24)), tzinfo=dt.UTC
                    ),
                    summary=f"What bench report {index} says.",
                    text="Lorem ipsum dolor sit amet. " * 400,  # pages must never load this
                    **common,
                )
                for index in range(n_sources)
            ],
            "sources",
        )
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
                Event(
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
                    **common,
                )
            )
        events = self._bulk(Event, events, "events")
        self._bulk(
            EventCitation,
            [
                EventCitation(event_id=e.pk, source_id=sources[i % n_sources].pk)
                for i, e in enumerate(events)
            ],
            "event citations",
        )

        witnesses = self.parties[4:6]
        testimony = []
        for index in range(n_testimony):
            day, precision = self._date(span_days)
            testimony.append(
                Testimony(
                    case=case,
                    witness=witnesses[index % 2],
                    examining_counsel=self.parties[3],
                    date=day,
                    date_precision=precision,
                    setting=Testimony.Setting.TRIAL,
                    phase=Testimony.Phase.CROSS,
                    excerpt=f"Bench statement {index}.",
                    context="Asked about the benchmark.",
                    **common,
                )
            )
        testimony = self._bulk(Testimony, testimony, "testimony")
        citations = []
        for index, item in enumerate(testimony):
            first = sources[index % n_sources]
            citations.append(TestimonyCitation(testimony_id=item.pk, source_id=first.pk))
            second = sources[(index * 7 + 3) % n_sources]
            if n_sources > 1 and second.pk != first.pk:
                wording = f"Bench statement {index}, roughly." if index % 10 == 0 else ""
                citations.append(
                    TestimonyCitation(testimony_id=item.pk, source_id=second.pk, wording=wording)
                )
        self._bulk(TestimonyCitation, citations, "testimony citations")
