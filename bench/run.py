"""`make bench`: run every bench/bench_*.py module against one benchmark database.

Each module defines `main()` which prints its figures as ratios against baselines measured in
the same run, and may return the targets it checked as (measure, figure, target, met) rows:
the run ends with one table of them all.

The database is BENCH_DATABASE_URL, else a `tracker_bench` database on the project's own
PostgreSQL under var/ (config/embedded_db.py), running for as long as the benchmarks do: always
apart from the development database, so seeding 50,000 rows never touches demo data.
"""

import contextlib
import importlib
import os
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def embedded_postgres() -> str:
    """`tracker_bench` on the project's own server, which runs as long as this process does."""
    from config import embedded_db

    return embedded_db.database_url("tracker_bench")


# A subprocess (the ingestion bench's Celery worker) inherits the database through DATABASE_URL.
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or embedded_postgres()
os.environ.setdefault("LOG_LEVEL", "WARNING")  # no per-task log lines between the figures
# The in-process benchmarks measure pages and API answers as they are built; the load benchmark
# (bench_load) turns the page cache on for the server it starts.
os.environ.setdefault("PAGE_CACHE_SECONDS", "0")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "z" * 30)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault(
    "STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage"
)

import warnings  # noqa: E402

import django  # noqa: E402

# Benchmarks run without collectstatic; whitenoise's note about the missing folder is noise here.
warnings.filterwarnings("ignore", message="No directory at")

django.setup()

from django.core.management import call_command  # noqa: E402


def tidy_database() -> None:
    """Start each benchmark from a vacuumed database. The benchmarks share it, and the ones
    before (or an earlier run) delete and rewrite many rows: their dead rows and not yet merged
    GIN entries made the search benchmark's rare-word query three times slower (100 ms against
    30 ms after VACUUM). A checkpoint then writes out what VACUUM dirtied, so those writes do
    not land in the middle of the next measurement (it needs the rights of a superuser or of
    pg_checkpoint; without them the benchmark starts anyway)."""
    from django.db import DatabaseError, connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        with contextlib.suppress(DatabaseError):
            cursor.execute("CHECKPOINT")


def main() -> int:
    call_command("migrate", verbosity=0, interactive=False)
    only = set(sys.argv[1:])
    modules = sorted(p.stem for p in (ROOT / "bench").glob("bench_*.py"))
    if not modules:
        print("No benchmarks found under bench/.")
        return 1
    print(f"Benchmark database: {os.environ['DATABASE_URL']}")
    targets: list[tuple[str, str, str, bool]] = []
    for name in modules:
        if only and name not in only:
            continue
        print(f"\n== {name} ==", flush=True)
        tidy_database()
        started = time.perf_counter()
        targets.extend(importlib.import_module(f"bench.{name}").main() or [])
        print(f"({name} took {time.perf_counter() - started:.1f} s)")
    if targets:
        print("\n== targets ==")
        print("| measure | figure | target | |")
        print("| --- | ---: | --- | --- |")
        for measure, figure, target, met in targets:
            print(f"| {measure} | {figure} | {target} | {'met' if met else 'MISSED'} |")
        missed = sum(not met for *_, met in targets)
        print(f"{len(targets) - missed} of {len(targets)} targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
