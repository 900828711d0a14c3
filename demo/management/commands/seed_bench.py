"""Seed synthetic published cases for benchmarks: `manage.py seed_bench --events 50000`.

The case (slug `bench-case` unless --slug says otherwise) and its N entries are described in
demo.bench. `--cases 1000` spreads the N entries over 1,000 cases, slugged bench-case-1 …
bench-case-1000 (`--events 1000000 --cases 1000` is the scale benchmark's database). Re-running
replaces what the previous seed of the same slug wrote (and only that). `--remove` deletes it
and seeds nothing, so a benchmark can leave the database as it found it.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.bench import BenchSeeder, bench_case_exists, remove_bench_case


class Command(BaseCommand):
    help = "Create (or replace) a synthetic published case with N timeline entries, for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, help="Number of timeline entries (N ≥ 3).")
        parser.add_argument(
            "--cases", type=int, default=1, help="Cases to spread them over (at least 3 each)."
        )
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
        cases: int = 1,
        remove: bool = False,
        **options,
    ):
        if not remove and (events is None or events < 3):
            raise CommandError("--events must be at least 3 (one event, testimony and source).")
        if cases < 1:
            raise CommandError("--cases must be positive.")
        if not remove and events < 3 * cases:
            raise CommandError(
                f"--events must be at least 3 a case ({3 * cases} for {cases} cases): each case "
                "gets an event, a testimony and a source."
            )
        if batch_size < 1:
            raise CommandError("--batch-size must be positive.")
        if not slug.startswith("bench"):
            raise CommandError(
                f"Refusing to use slug '{slug}': bench slugs start with 'bench' so a real case "
                "is never replaced."
            )
        self.verbosity = options.get("verbosity", 1)
        seeder = BenchSeeder(seed=seed, batch_size=batch_size, progress=self._progress)
        started = time.monotonic()
        with transaction.atomic():
            if bench_case_exists(slug):
                if self.verbosity >= 1:
                    self.stdout.write(f"Removing the previous '{slug}'…")
                remove_bench_case(slug)
            if remove:
                return
            seeded = seeder.seed(slug, events, cases)
        where = (
            seeded[0].get_absolute_url()
            if cases == 1
            else f"{cases:,} cases from {seeded[0].get_absolute_url()}"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded '{slug}' with {events:,} entries in {time.monotonic() - started:.0f} s: "
                f"{where}"
            )
        )

    def _progress(self, label: str, done: int, total: int) -> None:
        if self.verbosity < 1:
            return
        self.stdout.write(f"  {label}: {done:,}/{total:,}", ending="\r" if done < total else "\n")
        self.stdout.flush()
