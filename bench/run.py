"""`make bench`: run every bench/bench_*.py module against one benchmark database.

Each module defines `main()` which prints its figures as ratios against baselines measured in
the same run. The database is BENCH_DATABASE_URL, else a `tracker_bench` database on the local
PostgreSQL, else a SQLite file under var/: always apart from the development database, so seeding
50,000 rows never touches demo data.
"""

import contextlib
import importlib
import os
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
(ROOT / "var").mkdir(exist_ok=True)
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/tracker_bench"


def local_postgres() -> str | None:
    """The local PostgreSQL bench database, created if needed; None when no server answers."""
    try:
        import psycopg

        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=2, autocommit=True
        ) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = 'tracker_bench'"
            ).fetchone()
            if not exists:
                conn.execute("CREATE DATABASE tracker_bench")
    except Exception as exc:  # no server, no rights: fall back to SQLite and say so
        print(f"No local PostgreSQL for benchmarks ({exc.__class__.__name__}); using SQLite.")
        return None
    return LOCAL_POSTGRES


# The production database is PostgreSQL, so benchmarks prefer it (the API bench's raw baseline
# is psycopg); BENCH_DATABASE_URL overrides, and SQLite is the fallback on a bare machine.
os.environ["DATABASE_URL"] = (
    os.environ.get("BENCH_DATABASE_URL")
    or local_postgres()
    or f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
)
os.environ.setdefault("LOG_LEVEL", "WARNING")  # no per-task log lines between the figures
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

    if connection.vendor == "postgresql":
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
    for name in modules:
        if only and name not in only:
            continue
        print(f"\n== {name} ==", flush=True)
        tidy_database()
        started = time.perf_counter()
        importlib.import_module(f"bench.{name}").main()
        print(f"({name} took {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
