"""Load benchmark: the site as readers meet it, through gunicorn, under a real load generator.

gunicorn runs as docs/production.md runs it (`gunicorn config.wsgi --workers 2`), on loopback,
with DEBUG off, the shared cache (throttle counts) in Redis when one answers (BENCH_REDIS_URL,
default redis://127.0.0.1:6379/14), pages in each worker's memory as by default (PAGE_CACHE_URL
in the environment changes that) and the API's throttle raised through API_ANON_RATE. wrk
(Debian's package) holds 4 connections open for BENCH_LOAD_SECONDS per URL.

Two servers, one after the other, on the same data (the demo data and a 50,000-entry case):
- warm: the page cache on (the default): each URL's throughput and p50/p95/p99 latency, and its
  throughput as a ratio to /healthz measured in the same run;
- cold: the page cache off (PAGE_CACHE_SECONDS=0), so every answer is built: the
  50,000-entry case page against the demo case page.

Targets (issue 19): warm ≥ 0.5× /healthz for every page and API read; cold 50,000-entry page
≥ 0.8× the demo case page; no answer other than 2xx; p99 ≤ 5× p50 for each URL.
"""

from __future__ import annotations

import contextlib
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass

from django.core.management import call_command

from tests.celery_worker import broker_answers

ROOT = pathlib.Path(__file__).resolve().parent.parent
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "6"))
WARMUP_SECONDS = 2
CONNECTIONS = 4
WORKERS = 2
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
LARGE_EVENTS = int(os.environ.get("BENCH_LOAD_EVENTS", "50000"))
LARGE_SLUG = "bench-case"
DEMO_CASE = "musk-v-openai"

URLS = {
    "/healthz": "/healthz",
    "home": "/",
    "case list": "/cases/",
    "demo case page": f"/cases/{DEMO_CASE}/",
    "50,000-entry case page": f"/cases/{LARGE_SLUG}/",
    "search": "/search/?q=testimony",
    "events API": "/api/v1/events/",
    "timeline API": f"/api/v1/cases/{DEMO_CASE}/timeline/",
}
WARM_TARGET, COLD_TARGET, TAIL_TARGET = 0.5, 0.8, 5.0

# wrk's summary as one line: requests/s, latency percentiles in µs, and every failed answer
# (status ≥ 400, connect/read/write errors, timeouts).
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %f %d %d %d %d %d\\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.status + e.connect + e.read + e.write + e.timeout, summary.requests))
end
"""


@dataclass
class Figures:
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    failed: int
    requests: int


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(*, page_cache: bool, cache_url: str | None):
    """A gunicorn serving the benchmark database on a free loopback port, with `cache_url` as
    its shared cache if given; yields its base URL."""
    port = _free_port()
    env = {
        **os.environ,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "API_ANON_RATE": "100000000/min",
        "PAGE_CACHE_SECONDS": "600" if page_cache else "0",
        "LOG_LEVEL": "WARNING",
        # Static files are not measured: no collectstatic, and no warning about its folder.
        "PYTHONWARNINGS": "ignore:No directory at",
    }
    if cache_url:
        env["CACHE_URL"] = cache_url
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "config.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--timeout",
        "30",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(base + "/healthz", timeout=2) as response,
            ):
                if response.status == 200:
                    break
            if server.poll() is not None:
                raise RuntimeError("gunicorn exited before it answered /healthz")
            time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not answer /healthz within 30 s")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def _check(base: str, path: str) -> None:
    """Each URL answers 200 before it is loaded (wrk counts redirects as successes)."""
    with urllib.request.urlopen(base + path, timeout=30) as response:
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}, not 200")


def _wrk(base: str, path: str, script: str, seconds: int) -> str:
    return subprocess.run(
        ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "-s", script]
        + [base + path],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _load(base: str, path: str, script: str) -> Figures:
    _check(base, path)
    # A short run first, unmeasured: every worker has then loaded what the URL needs (its
    # first request imports views and fills the connection pool) and the cache holds the page.
    _wrk(base, path, script, WARMUP_SECONDS)
    output = _wrk(base, path, script, SECONDS)
    line = next(row for row in output.splitlines() if row.startswith("RESULT "))
    rps, p50, p95, p99, failed, requests = line.split()[1:]
    return Figures(
        float(rps), int(p50) / 1000, int(p95) / 1000, int(p99) / 1000, int(failed), int(requests)
    )


def _seed() -> None:
    started = time.perf_counter()
    call_command("load_demo", verbosity=0)
    call_command("seed_bench", events=LARGE_EVENTS, slug=LARGE_SLUG, verbosity=0)
    took = time.perf_counter() - started
    print(f"Seeded the demo data and {LARGE_EVENTS:,} entries in {took:.0f} s")


def main() -> list[tuple[str, str, str, bool]]:
    if shutil.which("wrk") is None:
        print("wrk is not installed (Debian: apt-get install wrk): load benchmark skipped.")
        return [("load benchmark", "not run: wrk is not installed", "runs", False)]
    _seed()
    cache_url = REDIS_URL if broker_answers(REDIS_URL) else None
    shared = f"Redis {REDIS_URL}" if cache_url else "each worker's memory"
    cache = f"{shared} (throttles); pages: {os.environ.get('PAGE_CACHE_URL', 'in memory')}"
    print(
        f"gunicorn, {WORKERS} workers; wrk, {CONNECTIONS} connections, {SECONDS} s a URL; "
        f"cache: {cache}"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script_file:
        script_file.write(WRK_SCRIPT)
    script = script_file.name
    try:
        with gunicorn(page_cache=True, cache_url=cache_url) as base:
            warm = {name: _load(base, path, script) for name, path in URLS.items()}
        with gunicorn(page_cache=False, cache_url=cache_url) as base:
            cold = {
                name: _load(base, URLS[name], script)
                for name in ("/healthz", "demo case page", "50,000-entry case page")
            }
    finally:
        os.unlink(script)

    health = warm["/healthz"].rps
    print("\nCache warm (page cache on):")
    print("| URL | requests/s | ÷ /healthz | p50 ms | p95 ms | p99 ms | p99 ÷ p50 | failed |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, f in warm.items():
        print(
            f"| {name} | {f.rps:,.0f} | {f.rps / health:.2f}× | {f.p50_ms:.2f} | "
            f"{f.p95_ms:.2f} | {f.p99_ms:.2f} | {f.p99_ms / f.p50_ms:.1f}× | {f.failed} |"
        )
    print("\nCache cold (page cache off: every answer built):")
    print("| URL | requests/s | p50 ms | p95 ms | p99 ms | p99 ÷ p50 | failed |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, f in cold.items():
        print(
            f"| {name} | {f.rps:,.0f} | {f.p50_ms:.2f} | {f.p95_ms:.2f} | {f.p99_ms:.2f} | "
            f"{f.p99_ms / f.p50_ms:.1f}× | {f.failed} |"
        )

    worst_warm = min((f.rps / health, name) for name, f in warm.items() if name != "/healthz")
    cold_ratio = cold["50,000-entry case page"].rps / cold["demo case page"].rps
    failed = sum(f.failed for f in [*warm.values(), *cold.values()])
    worst_tail = max(
        (f.p99_ms / f.p50_ms, f"{name} ({kind})")
        for kind, runs in (("warm", warm), ("cold", cold))
        for name, f in runs.items()
    )
    call_command("seed_bench", remove=True, slug=LARGE_SLUG, verbosity=0)
    return [
        (
            f"slowest warm read ÷ /healthz ({worst_warm[1]})",
            f"{worst_warm[0]:.2f}×",
            "≥ 0.5×",
            worst_warm[0] >= WARM_TARGET,
        ),
        (
            "50,000-entry case page ÷ demo case page, cold",
            f"{cold_ratio:.2f}×",
            "≥ 0.8×",
            cold_ratio >= COLD_TARGET,
        ),
        ("answers other than 2xx under load", str(failed), "0", failed == 0),
        (
            f"largest p99 ÷ p50 ({worst_tail[1]})",
            f"{worst_tail[0]:.1f}×",
            "≤ 5×",
            worst_tail[0] <= TAIL_TARGET,
        ),
    ]


if __name__ == "__main__":  # pragma: no cover - run through bench/run.py
    sys.exit("Run with: python bench/run.py bench_load")
