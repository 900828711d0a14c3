"""Search at scale: what the GIN expression indexes buy, and what ranking many matches costs.

Seeds (once) 200 cases, 5,000 events, 2,000 testimony and 2,000 sources of ~5 KB text, then
times cases.search.query.search() for a rare word (10 matches per kind) and a common one (every
source matches), and on PostgreSQL the rare word again with index scans switched off.
Figures are ratios between timings of this same run; absolute milliseconds are for context.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time

from django.db import connection, transaction
from django.utils import timezone

from articles.models import Source
from cases.models import Case, Court, Event, EventCitation, Testimony, TestimonyCitation
from cases.search.query import search
from demo import builders

PREFIX = "bench-search"
CASES, EVENTS, TESTIMONY, SOURCES = 200, 5_000, 2_000, 2_000
RARE, COMMON = "quixotically", "litigation"


def _words(rng: random.Random, count: int, vocabulary: list[str]) -> str:
    return " ".join(rng.choice(vocabulary) for _ in range(count))


def seed() -> None:
    if Court.objects.filter(slug=PREFIX).exists():
        return
    rng = random.Random(7)
    vocabulary = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 10)))
        for _ in range(3_000)
    ]
    with transaction.atomic():
        now = timezone.now()  # published rows record when they were made public
        court = builders.court(name="Bench court", short_name="B.", slug=PREFIX)
        court.save()
        witness = builders.party(name="Bench witness", slug=PREFIX)
        witness.save()
        cases = Case.objects.bulk_create(
            builders.case(
                short_title=f"Bench {n} v. Bench",
                slug=f"{PREFIX}-{n}",
                court=court,
                summary=_words(rng, 40, vocabulary) + (f" {RARE}" if n < 10 else ""),
                made_public_at=now,
            )
            for n in range(CASES)
        )
        outlet = builders.outlet_for_url(f"https://{PREFIX}.example/", name="Bench outlet")
        sources = Source.objects.bulk_create(
            builders.source(
                url=f"https://{PREFIX}.example/{n}",
                outlet=outlet,
                title=_words(rng, 8, vocabulary),
                text=f"{COMMON} " + _words(rng, 700, vocabulary) + (f" {RARE}" if n < 10 else ""),
                made_public_at=now,
            )
            for n in range(SOURCES)
        )
        events = Event.objects.bulk_create(
            builders.event(
                case=cases[n % CASES],
                date=dt.date(2024, 1, 1) + dt.timedelta(days=n % 700),
                title=_words(rng, 6, vocabulary) + (f" {RARE}" if n < 10 else ""),
                description=_words(rng, 60, vocabulary),
                made_public_at=now,
            )
            for n in range(EVENTS)
        )
        testimony = Testimony.objects.bulk_create(
            builders.testimony(
                case=cases[n % CASES],
                witness=witness,
                date=dt.date(2025, 1, 1) + dt.timedelta(days=n % 300),
                excerpt=_words(rng, 30, vocabulary) + (f" {RARE}" if n < 10 else ""),
                context=_words(rng, 20, vocabulary),
                made_public_at=now,
            )
            for n in range(TESTIMONY)
        )
        # Published entries must cite a source (PostgreSQL checks it at commit).
        EventCitation.objects.bulk_create(
            builders.citation(event, sources[n % SOURCES]) for n, event in enumerate(events)
        )
        TestimonyCitation.objects.bulk_create(
            builders.citation(entry, sources[n % SOURCES]) for n, entry in enumerate(testimony)
        )
    # What autovacuum would soon do: merge the GIN pending lists and gather statistics.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE cases_case, cases_event, cases_testimony, articles_source")


def timed(query: str, runs: int = 7) -> float:
    """Median milliseconds of search(query) for the first page."""
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        search(query)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    started = time.perf_counter()
    seed()
    print(f"seeded or found the data in {time.perf_counter() - started:.1f} s")
    print(f"rare word matches: {search(RARE).total}; common word matches: {search(COMMON).total}")
    rare, common = timed(RARE), timed(COMMON)
    print(f"rare word, first page: {rare:.1f} ms")
    print(f"common word (every source), first page: {common:.1f} ms")
    print(f"ratio common / rare (the cost of ranking many matches): {common / rare:.1f}x")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        without = timed(RARE, runs=3)
    print(f"rare word with index scans switched off: {without:.1f} ms")
    print(f"ratio without / with the GIN indexes: {without / rare:.1f}x")
    # Why a stored column: ranking the common word's sources from the stored vectors, against
    # recomputing each vector as an expression index (which stores none) would have to.
    stored = _sql_ms(RANK_SQL.format(vector="search_document"))
    recomputed = _sql_ms(RANK_SQL.format(vector=SOURCE_EXPRESSION))
    print(f"rank every source for the common word, stored vectors: {stored:.1f} ms")
    print(f"the same, recomputing each vector: {recomputed:.1f} ms")
    print(f"ratio recomputed / stored: {recomputed / stored:.1f}x")


SOURCE_EXPRESSION = (
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(summary, '')), 'B') || "
    "setweight(to_tsvector('english', coalesce(authors, '')), 'C') || "
    "setweight(to_tsvector('english', left(coalesce(text, ''), 100000)), 'D')"
)
RANK_SQL = (
    "SELECT id FROM articles_source WHERE search_document @@ websearch_to_tsquery('english', %s)"
    " ORDER BY ts_rank({vector}, websearch_to_tsquery('english', %s), 1) DESC LIMIT 20"
)


def _sql_ms(sql: str, runs: int = 3) -> float:
    samples = []
    with connection.cursor() as cursor:
        for _ in range(runs):
            started = time.perf_counter()
            cursor.execute(sql, [COMMON, COMMON])
            cursor.fetchall()
            samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)
