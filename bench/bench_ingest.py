"""Ingestion throughput of one worker against trafilatura's extraction alone.

Serves N realistic article pages (navigation, scripts, related links, comments around a body
with quotes by the demo parties) from a local HTTP server process, then:

- baseline: trafilatura's extraction (the exact call the pipeline makes) on each page's HTML;
- the worker's tasks, run here: each URL is first submitted as the API and the admin do
  (normalized, looked up, recorded, a fetch queued); then the queued fetch tasks run one after
  the other in this process: claim, fetch over HTTP with every safety check, extract, find
  mentions, cases and quotes, store with history (on this process's database session, which
  plans each statement as the web does; a worker's sessions reuse generic plans);
- a Celery worker on Redis (when Redis answers, BENCH_REDIS_URL): the same batch sent to a real
  `celery worker` with the prefork pool and one child process, timed from the first message
  sent until the database shows the last page stored: what a deployment gets.

Prints the throughputs and their ratios to the bare extraction, for reference (there is no
target: speed under load is measured elsewhere). Submitting happens in the web process, not
the worker, so it is timed apart and printed beside (with the total of both). Run with
`make bench` (or `python bench/run.py bench_ingest`).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import pathlib
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.db import transaction
from django.test import override_settings

from tests.celery_worker import CeleryWorker, broker_answers

PAGES = 40
ROUNDS = 7
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")

PEOPLE = ["Elon Musk", "Sam Altman", "Greg Brockman", "William Savitt", "Satya Nadella"]
ORGS = ["OpenAI", "xAI", "Microsoft", "Anthropic", "The New York Times"]
VERBS = ["said", "testified", "answered", "told the jury", "added"]
WORDS = [
    "court",
    "jury",
    "trial",
    "model",
    "training",
    "data",
    "license",
    "copyright",
    "nonprofit",
    "charity",
    "board",
    "investor",
    "contract",
    "evidence",
    "witness",
    "counsel",
    "judge",
    "ruling",
    "appeal",
    "motion",
    "discovery",
    "deposition",
    "filing",
    "settlement",
    "damages",
    "market",
    "competitor",
    "product",
    "research",
    "safety",
    "compute",
    "partnership",
]


def _sentence(rng: random.Random) -> str:
    words = rng.sample(WORDS, rng.randint(8, 16))
    subject = rng.choice(PEOPLE + ORGS + ["The company", "The filing", "Lawyers"])
    return f"{subject} {' '.join(words)}."


def article_html(number: int, rng: random.Random, scale: int = 1) -> bytes:
    """A news page shaped like a real one: an article of 10-16 paragraphs inside navigation,
    related links, comments, a footer and inline scripts. `scale` multiplies the boilerplate:
    1 gives ~60 KB (a lean page), 3 gives ~170 KB (a typical news site's article page)."""
    paragraphs = []
    for _ in range(rng.randint(10, 16)):
        sentences = [_sentence(rng) for _ in range(rng.randint(3, 6))]
        if rng.random() < 0.5:
            speaker = rng.choice(PEOPLE).split()[-1]
            quote = " ".join(rng.sample(WORDS, rng.randint(5, 12))).capitalize()
            sentences.append(f"“{quote},” {speaker} {rng.choice(VERBS)}.")
        paragraphs.append(f"<p>{' '.join(sentences)}</p>")
    menu = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(120 * scale))
    related = "".join(
        f'<li><a href="/news/related-{number}-{i}">{_sentence(rng)}</a></li>'
        for i in range(40 * scale)
    )
    comments = "".join(
        f'<div class="comment"><b>reader{i}</b><p>{_sentence(rng)}</p></div>'
        for i in range(30 * scale)
    )
    footer = "".join(f'<a href="/about/{i}">About link {i}</a> ' for i in range(80 * scale))
    script = "var config = " + str([rng.random() for _ in range(1500 * scale)]) + ";"
    title = f"Musk v. OpenAI, day {number}: {_sentence(rng)[:80]}"
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} | Bench News</title>
<meta property="og:site_name" content="Bench News">
<meta name="author" content="Reporter {number}">
<meta property="article:published_time" content="2026-05-{1 + number % 28:02d}T10:00:00+00:00">
<link rel="canonical" href="https://bench-news.example/news/story-{number}/">
<script>{script}</script><style>{"body{margin:0} " * 300}</style></head>
<body><header><nav><ul>{menu}</ul></nav></header>
<main><article><h1>{title}</h1><p class="byline">By Reporter {number}</p>
{"".join(paragraphs)}</article>
<aside><h2>Related</h2><ul>{related}</ul></aside>
<section id="comments">{comments}</section></main>
<footer>{footer}</footer></body></html>""".encode()


def _serve(pages: dict[str, bytes], ports) -> None:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # As web servers do (nginx's tcp_nodelay): without it, the end of an answer on a kept
        # connection waits for the client's delayed ACK, some 40 ms.
        disable_nagle_algorithm = True

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            body = pages.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    ports.put(server.server_address[1])
    server.serve_forever()


def serve(pages: dict[str, bytes]) -> tuple[multiprocessing.Process, int]:
    """The web sites, in their own process: their work is not the worker's cost."""
    ports = multiprocessing.Queue()
    process = multiprocessing.Process(target=_serve, args=(pages, ports), daemon=True)
    process.start()
    return process, ports.get(timeout=10)


def ensure_parties() -> None:
    from cases.models import Case, CaseRole, Court, Party

    court, _ = Court.objects.get_or_create(
        slug="bench-court", defaults={"name": "Bench Court", "short_name": "B.C."}
    )
    case, _ = Case.objects.get_or_create(
        slug="bench-musk-v-openai", defaults={"short_title": "Musk v. OpenAI", "court": court}
    )
    for name in PEOPLE + ORGS:
        kind = Party.Kind.PERSON if name in PEOPLE else Party.Kind.ORGANIZATION
        alias = name.split()[-1] if kind == Party.Kind.PERSON else ""
        party, _ = Party.objects.get_or_create(
            slug="bench-" + name.lower().replace(" ", "-"),
            defaults={"name": name, "kind": kind, "aliases": alias},
        )
        CaseRole.objects.get_or_create(case=case, party=party, role=CaseRole.Role.OTHER)


@contextlib.contextmanager
def celery_worker() -> Iterator[CeleryWorker | None]:
    """A worker as `make worker` runs it, but with one child process; None without Redis."""
    if not broker_answers(REDIS_URL):  # no server: the real-worker figure is skipped
        yield None
        return
    with tempfile.TemporaryDirectory() as tmp:
        worker = CeleryWorker(
            REDIS_URL,
            pathlib.Path(tmp) / "worker.log",
            pool=["--pool=prefork", "--concurrency=1"],
            env={
                "INGEST_ALLOW_PRIVATE_NETWORKS": "true",  # the pages are served on 127.0.0.1
                "LOG_LEVEL": "INFO",
            },
            queue_prefix="bench-ingest",
        )
        with worker:
            yield worker


def measure(scale: int, label: str, worker: CeleryWorker | None) -> float:
    """Best-of-ROUNDS seconds for the bare extraction and one worker on PAGES pages."""
    from articles.ingestion.extraction import extract_with_trafilatura
    from articles.ingestion.services.submission import submit_url
    from articles.ingestion.tasks import fetch_source
    from articles.models import Source

    rng = random.Random(2026 + scale)
    html = {f"/news/story-{i}": article_html(i, rng, scale) for i in range(PAGES)}
    size = statistics.mean(len(body) for body in html.values())
    server, port = serve(html)
    base = f"http://127.0.0.1:{port}"

    def clock() -> tuple[float, float]:
        return time.perf_counter(), time.process_time()

    def since(start: tuple[float, float]) -> tuple[float, float]:
        now = clock()
        return now[0] - start[0], now[1] - start[1]

    def baseline() -> tuple[float, float]:
        start = clock()
        for path, body in html.items():
            extract_with_trafilatura(body, url=base + path)
        return since(start)

    def submit_all() -> tuple[list[int], tuple[float, float]]:
        """Submit every URL afresh as the API does; the ids of the queued fetches, and the time
        it took."""
        Source.objects.filter(url__startswith=base).delete()
        queued: list[int] = []
        start = clock()
        for path in html:
            submit_url(base + path, enqueue=queued.append)
        return queued, since(start)

    def check_all_fetched(who: str) -> None:
        fetched = Source.objects.filter(url__startswith=base, fetch_state="fetched").count()
        assert fetched == PAGES, f"{who} ingested only {fetched} of {PAGES} pages"

    def pipeline() -> tuple[tuple[float, float], tuple[float, float]]:
        """(submitting, the worker): submit every URL, then run each queued fetch task as one
        worker runs the messages it takes, one after the other."""
        queued, submitting = submit_all()
        start = clock()
        for source_id in queued:
            fetch_source.apply(args=(source_id,))
        working = since(start)
        check_all_fetched("the tasks run here")
        return submitting, working

    def real_worker() -> tuple[float, float]:
        """The same fetches through Redis to the worker process: from sending the first
        message until the database shows every page stored (CPU time: the worker's)."""
        queued, _ = submit_all()
        done = Source.objects.filter(url__startswith=base, fetch_state__in=["fetched", "failed"])
        cpu = worker.cpu_seconds() or 0.0
        started = time.perf_counter()
        for source_id in queued:
            worker.send("articles.fetch_source", [source_id])
        # Wait cheaply (a Redis LLEN) until the worker has taken the last message, then ask the
        # database often for the last page or two: a query every few ms throughout the batch
        # would take CPU from the worker and the database it is measured on.
        deadline = started + 120
        while worker.waiting() and time.perf_counter() < deadline:
            time.sleep(0.05)
        while done.count() < PAGES:
            if time.perf_counter() > deadline:
                raise RuntimeError("The Celery worker did not finish the batch in 120 s.")
            time.sleep(0.005)
        elapsed = time.perf_counter() - started, (worker.cpu_seconds() or 0.0) - cpu
        check_all_fetched("the Celery worker")
        return elapsed

    try:
        pipeline()  # warm up: imports, regex compilation, outlet creation
        baseline()
        if worker:
            real_worker()
        # Interleaved rounds, so a busy moment on the machine hits both sides alike.
        bare, submits, works, reals = [], [], [], []
        for _ in range(ROUNDS):
            bare.append(baseline())
            submitting, working = pipeline()
            submits.append(submitting)
            works.append(working)
            if worker:
                reals.append(real_worker())
    finally:
        with transaction.atomic():
            Source.objects.filter(url__startswith=base).delete()
        server.terminate()

    def best(runs: list[tuple[float, float]]) -> tuple[float, float]:
        return min(wall for wall, _ in runs), min(cpu for _, cpu in runs)

    (bare_s, bare_cpu), (work_s, work_cpu), (submit_s, _) = best(bare), best(works), best(submits)
    ratio = work_s / bare_s
    ms = 1000 / PAGES
    print(f"\n{label}: {PAGES} pages of {size / 1024:.0f} KB on average, best of {ROUNDS}")

    def rate(seconds: float) -> str:
        return f"{PAGES / seconds:6.1f} pages/s ({seconds * ms:.1f} ms a page)"

    print(f"  trafilatura extraction alone: {rate(bare_s)}")
    print(f"  the worker's tasks, run here: {rate(work_s)}")
    print(f"    / extraction: {ratio:.2f}× wall clock, {work_cpu / bare_cpu:.2f}× CPU time")
    if reals:
        real_s, real_cpu = best(reals)
        print(f"  a Celery worker on Redis:     {rate(real_s)}")
        cpu = f", {real_cpu / bare_cpu:.2f}× CPU time" if real_cpu else ""
        print(f"    / extraction: {real_s / bare_s:.2f}× wall clock{cpu}")
        ratio = real_s / bare_s
    # How steady the machine was: the ratio is only as good as the quietest rounds it compares.
    walls = [wall for wall, _ in bare]
    timed = reals or works
    paired = sorted(run[0] / base[0] for run, base in zip(timed, bare, strict=True))
    print(
        f"  machine noise: extraction alone took {min(walls) * ms:.1f}–{max(walls) * ms:.1f} ms "
        f"a page across the rounds; each round's ratio against the extraction timed in the "
        f"same round: {paired[0]:.2f}–{paired[-1]:.2f}× (median {statistics.median(paired):.2f}×)"
    )
    print(
        f"  submitting, on the web side before the worker: {submit_s * ms:.1f} ms a URL "
        f"(with it, {(work_s + submit_s) / bare_s:.2f}× the extraction)"
    )
    return ratio


def main() -> None:
    ensure_parties()
    # Celery logs "Task articles.fetch_source[…] succeeded" for every eager run: one
    # line per page would bury the figures. Quiet it here only; warnings and errors still show.
    task_logger = logging.getLogger("celery.app.trace")
    level = task_logger.level
    task_logger.setLevel(logging.WARNING)
    try:
        with override_settings(INGEST_ALLOW_PRIVATE_NETWORKS=True, CELERY_TASK_ALWAYS_EAGER=True):
            from config.celery import app

            app.conf.task_always_eager = True
            with celery_worker() as worker:
                if worker is None:
                    print(f"No Redis at {REDIS_URL}: timing the worker's tasks in this process.")
                typical = measure(3, "Typical news pages", worker)
                lean = measure(1, "Lean pages (fixed costs weigh more)", worker)
    finally:
        task_logger.setLevel(level)
    print(f"\nOne worker / the bare extraction: typical pages {typical:.2f}×, lean {lean:.2f}×.")
