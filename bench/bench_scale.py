"""Scale: does search stay fast from 10,000 to 1,000,000 entries? (issue 19)

Seeds 10,000 entries over 10 cases with `seed_bench --cases`, measures site search
(cases.search.query.search, which the search page and the API both call) for a rare word (the
same 9 rows at both sizes) and a common word (every third event, about 27 % of the entries), and
a case page of 1,000 entries; then seeds 1,000,000 entries over 1,000 cases (1,000 a case, so
the case page compares like with like) and measures the same. Prints the ratios 1M ÷ 10k
against the targets: ≤ 1.5× for the rare word, ≤ 3× for the common one; the case page is
reported. The bench rows are removed at the end.

Each figure is the median of several runs after a warm-up. The two sizes cannot be measured
alternately (they are the same rows, reseeded), so the machine's load average is printed with
each size: on this shared 2-core machine, read the ratios with it. Set BENCH_SCALE_EVENTS for a
quicker try (e.g. 100000; the cases stay at 1,000 entries each), and BENCH_SCALE_REUSE=1 to
measure a large seed already made with `manage.py seed_bench --slug bench-scale --events
1000000 --cases 1000` (then 10,000) instead of seeding it again.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test import Client

from cases.models import Case
from cases.search.query import search
from demo.bench import COMMON_WORD, RARE_WORD

SLUG = "bench-scale"
PER_CASE = 1_000
SMALL, LARGE = 10_000, int(os.environ.get("BENCH_SCALE_EVENTS", "1000000"))
TARGETS = {"rare word": 1.5, "common word": 3.0}


def _median_ms(run: Callable[[], object], *, warmup: int = 3, runs: int = 15) -> float:
    for _ in range(warmup):
        run()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _seed(entries: int) -> None:
    cases = max(1, entries // PER_CASE)
    print(f"Seeding {entries:,} entries over {cases:,} cases…", flush=True)
    started = time.perf_counter()
    call_command("seed_bench", events=entries, cases=cases, slug=SLUG, verbosity=0)
    seeded = time.perf_counter() - started
    # What autovacuum would soon do: merge the GIN pending lists and gather statistics.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE cases_case, cases_event, cases_testimony, articles_source")
    print(f"  seeded in {seeded:.0f} s, vacuumed in {time.perf_counter() - started - seeded:.0f} s")


def _case_page(client: Client, url: str) -> Callable[[], object]:
    def get() -> object:
        for cache in caches.all():  # the page as built, not as cached
            cache.clear()
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    return get


def _measure(entries: int, *, seed: bool = True) -> dict[str, float]:
    if seed:
        _seed(entries)
    else:
        print(f"Measuring the {entries:,} entries already seeded…", flush=True)
    rare, common = search(RARE_WORD), search(COMMON_WORD)
    print(
        f"  matches: '{RARE_WORD}' {rare.total:,} ({'exact' if rare.exact else 'at least'}), "
        f"'{COMMON_WORD}' {common.total:,} ({'exact' if common.exact else 'at least'})"
    )
    url = Case.objects.get(slug=f"{SLUG}-1").get_absolute_url()
    figures = {
        "rare word": _median_ms(lambda: search(RARE_WORD)),
        "common word": _median_ms(lambda: search(COMMON_WORD)),
        "case page": _median_ms(_case_page(Client(), url), runs=9),
    }
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"  load average {load}; " + "; ".join(f"{k} {v:.1f} ms" for k, v in figures.items()))
    return figures


def _seeded_cases() -> int:
    return Case.objects.filter(slug__regex=rf"^{SLUG}-[0-9]+$").count()


def main() -> list[tuple[str, str, str, bool]]:
    try:
        if os.environ.get("BENCH_SCALE_REUSE") and _seeded_cases() == LARGE // PER_CASE:
            # A large seed left by `seed_bench --slug bench-scale --cases …`: measured first,
            # then replaced by the small one (seeding 1,000,000 entries takes a quarter hour).
            large = _measure(LARGE, seed=False)
            small = _measure(SMALL)
        else:
            small = _measure(SMALL)
            large = _measure(LARGE)
    finally:  # the other benches share the database: leave it without these rows
        call_command("seed_bench", remove=True, slug=SLUG, verbosity=0)
    print(f"\n{'measure':<14}{SMALL:>12,}{LARGE:>14,}{'ratio':>9}  target")
    for name, before in small.items():
        ratio = large[name] / before
        target = TARGETS.get(name)
        verdict = f"≤ {target}×: {'met' if ratio <= target else 'MISSED'}" if target else "-"
        print(f"{name:<14}{before:>10.1f}ms{large[name]:>12.1f}ms{ratio:>8.2f}×  {verdict}")
    return [
        (
            f"search at {LARGE:,} ÷ at {SMALL:,} entries, {name}",
            f"{large[name] / small[name]:.2f}×",
            f"≤ {target}×",
            large[name] / small[name] <= target,
        )
        for name, target in TARGETS.items()
    ]
