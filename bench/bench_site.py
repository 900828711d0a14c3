"""Public site benchmark: does the case page stay fast at 50,000 entries?

Seeds two synthetic cases with `seed_bench` — `bench-small` (100 entries) and `bench-case`
(50,000 entries) — then measures, in the same run:

1. the case page (Django test Client, full request/response) at 50,000 vs 100 entries;
   target ≤ 1.5×;
2. building the first timeline page with cases.timeline.builder vs one raw SQL query returning
   the same entry rows, printed for reference (no target: the timeline reads through the ORM).

Each figure is the median of several runs after a warm-up, the two sides of a ratio measured
alternately so both see the same machine load. Run with `bench/run.py bench_site`.
Set BENCH_SITE_EVENTS to change the large size (e.g. for a quick try).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

SMALL, LARGE = 100, int(os.environ.get("BENCH_SITE_EVENTS", "50000"))
SMALL_SLUG, LARGE_SLUG = "bench-small", "bench-case"
PAGE_TARGET = 1.5


def _medians(
    first: Callable[[], object], second: Callable[[], object], *, warmup: int = 3, runs: int = 21
) -> tuple[float, float]:
    """Median seconds of two functions, measured alternately (A, B, A, B…) so that both see
    the same machine load: on a shared machine, measuring one after the other skews ratios."""
    for _ in range(warmup):
        first()
        second()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for fn, bucket in ((first, times[0]), (second, times[1])):
            started = time.perf_counter()
            fn()
            bucket.append(time.perf_counter() - started)
    return statistics.median(times[0]), statistics.median(times[1])


def _raw_first_page_sql() -> str:
    """The first page of a case in one hand-tuned statement: the same entry rows and columns the
    builder reads (with witness names) and each entry's published citations with their outlet,
    in timeline order. Each branch walks its index in order and stops at the page size (sources
    by publication time, which their index serves, re-sorted by date outside)."""
    source_date = "((s.published_at AT TIME ZONE 'UTC')::date)"
    return f"""
    WITH page AS (
      SELECT * FROM (
        SELECT * FROM (
          SELECT 'event' AS k, e.id AS id, e.date AS d, e.date_precision AS p, e.title AS title,
                 e.description AS body, e.kind AS sub, e.importance AS extra,
                 e.end_date AS end_date, e.docket_entry_number AS ecf, NULL AS witness
          FROM cases_event e
          WHERE e.case_id = %(case)s AND e.state = 'published'
          ORDER BY e.date, e.date_precision DESC, e.id LIMIT %(limit)s
        ) ev
        UNION ALL SELECT * FROM (
          SELECT 'testimony', t.id, t.date, t.date_precision, t.excerpt, t.context, t.setting,
                 t.phase, CAST(NULL AS DATE), CAST(NULL AS INTEGER), w.name
          FROM cases_testimony t JOIN cases_party w ON w.id = t.witness_id
          WHERE t.case_id = %(case)s AND t.state = 'published'
          ORDER BY t.date, t.date_precision DESC, t.id LIMIT %(limit)s
        ) te
        UNION ALL SELECT * FROM (
          SELECT 'source', s.id, {source_date}, 'day', s.title, s.summary, s.kind, s.url,
                 CAST(NULL AS DATE), CAST(NULL AS INTEGER), o.name
          FROM articles_source s LEFT JOIN articles_outlet o ON o.id = s.outlet_id
          WHERE s.state = 'published' AND s.published_at IS NOT NULL AND EXISTS (
            SELECT 1 FROM articles_source_cases sc
            WHERE sc.source_id = s.id AND sc.case_id = %(case)s)
          ORDER BY s.published_at, s.id LIMIT %(limit)s
        ) so
      ) merged
      ORDER BY d, p DESC, k, id LIMIT %(page)s
    )
    SELECT page.*, cs.id, cs.title, cs.url, co.name, ec.pinpoint, tc.wording
    FROM page
    LEFT JOIN cases_eventcitation ec ON page.k = 'event' AND ec.event_id = page.id
    LEFT JOIN cases_testimonycitation tc ON page.k = 'testimony' AND tc.testimony_id = page.id
    LEFT JOIN articles_source cs
      ON cs.id = COALESCE(ec.source_id, tc.source_id) AND cs.state = 'published'
    LEFT JOIN articles_outlet co ON co.id = cs.outlet_id
    ORDER BY page.d, page.p DESC, page.k, page.id, ec.id, tc.id
    """


def main() -> None:
    for size, slug in ((SMALL, SMALL_SLUG), (LARGE, LARGE_SLUG)):
        print(f"Seeding {slug} with {size:,} entries…", flush=True)
        started = time.perf_counter()
        call_command("seed_bench", events=size, slug=slug, verbosity=0)
        print(f"  done in {time.perf_counter() - started:.1f} s", flush=True)
    try:
        measure()
    finally:  # the other benches share the database: leave it without the 50,000 entries
        for slug in (SMALL_SLUG, LARGE_SLUG):
            call_command("seed_bench", remove=True, slug=slug, verbosity=0)


def measure() -> None:
    from cases.models import Case
    from cases.timeline.builder import DEFAULT_PAGE_SIZE, build_timeline
    from cases.timeline.scopes import case_scope

    _analyze()

    client = Client()

    def get(slug: str) -> Callable[[], object]:
        url = reverse("cases:case-detail", kwargs={"slug": slug})

        def request() -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return request

    small_page, large_page = _medians(get(SMALL_SLUG), get(LARGE_SLUG))
    page_ratio = large_page / small_page

    case = Case.objects.select_related("court").get(slug=LARGE_SLUG)
    sql = _raw_first_page_sql()
    params = {"case": case.pk, "limit": DEFAULT_PAGE_SIZE + 1, "page": DEFAULT_PAGE_SIZE}

    def raw() -> list:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    raw_rows = raw()
    built = build_timeline(case_scope(case)).entries
    raw_entries = list(dict.fromkeys((row[0], row[1]) for row in raw_rows))
    assert raw_entries == [(e.kind, e.id) for e in built], (
        "the raw query and the builder disagree on the first page"
    )
    build, raw_time = _medians(lambda: build_timeline(case_scope(case)), raw, runs=51)
    build_ratio = build / raw_time

    def verdict(ok: bool) -> str:
        return "target met" if ok else "TARGET MISSED"

    print(f"Case page, {SMALL:,} entries:   {small_page * 1000:8.2f} ms (median)")
    print(f"Case page, {LARGE:,} entries: {large_page * 1000:8.2f} ms (median)")
    print(
        f"  ratio {page_ratio:.2f}× (target ≤ {PAGE_TARGET}×): {verdict(page_ratio <= PAGE_TARGET)}"
    )
    print(f"Timeline first page, the builder: {build * 1000:8.2f} ms (median, {LARGE:,})")
    print(f"Same rows, one raw SQL statement: {raw_time * 1000:8.2f} ms (median)")
    print(f"  ratio {build_ratio:.2f}× (for reference)")
    print("Where a cold case page's time goes (median; the rest is the view's Python: the ORM")
    print("building queries and reading rows, the timeline's read model, middleware):")
    for slug, size in ((SMALL_SLUG, SMALL), (LARGE_SLUG, LARGE)):
        url = reverse("cases:case-detail", kwargs={"slug": slug})
        total, sql_time, render_time = _time_split(client, url)
        print(
            f"  {size:>7,} entries: {total * 1000:6.2f} ms in all, SQL {sql_time * 1000:6.2f} ms "
            f"({sql_time / total:.0%}), templates {render_time * 1000:6.2f} ms "
            f"({render_time / total:.0%})"
        )
    if not _has_major_index():
        print(
            "Note: no index serves 'latest major events of a case' yet; that query walks the "
            "case's events backwards until it finds 20 major ones (cost grows as major events "
            "get sparser). Proposed: Index(fields=['case', 'state', 'date'], "
            "condition=Q(importance='major'), name='event_case_major_idx')."
        )


def _time_split(client: Client, url: str, runs: int = 21) -> tuple[float, float, float]:
    """Median (whole request, SQL, template rendering) seconds of one page: SQL through
    Django's execute_wrapper, rendering by timing the template backend's render() for the run
    (queries a template runs lazily count as SQL, not rendering)."""
    from django.template.backends.django import Template

    sql: list[float] = []
    rendering: list[float] = []
    render = Template.render

    def timed_render(self, context=None, request=None):
        started, sql_before = time.perf_counter(), sum(sql)
        try:
            return render(self, context, request)
        finally:
            rendering.append(time.perf_counter() - started - (sum(sql) - sql_before))

    def timed_sql(execute, statement, params, many, context):
        started = time.perf_counter()
        try:
            return execute(statement, params, many, context)
        finally:
            sql.append(time.perf_counter() - started)

    totals, sqls, renders = [], [], []
    Template.render = timed_render
    try:
        for run in range(runs + 3):
            sql.clear()
            rendering.clear()
            with connection.execute_wrapper(timed_sql):
                started = time.perf_counter()
                client.get(url)
                total = time.perf_counter() - started
            if run >= 3:  # after a warm-up
                totals.append(total)
                sqls.append(sum(sql))
                renders.append(sum(rendering))
    finally:
        Template.render = render
    return statistics.median(totals), statistics.median(sqls), statistics.median(renders)


def _has_major_index() -> bool:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "cases_event")
    return any(
        info.get("index")
        and "importance" in (info.get("columns") or [])
        or name == "event_case_major_idx"
        for name, info in constraints.items()
    )


def _analyze() -> None:
    """Fresh planner statistics after bulk inserts, as autovacuum would soon provide."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
