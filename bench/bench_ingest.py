"""Ingestion throughput of one worker against trafilatura's extraction alone.

Serves N realistic article pages (navigation, scripts, related links, comments around a body
with quotes by the demo parties) from a local HTTP server thread, then:

- baseline: trafilatura's extraction (the exact call the pipeline makes) on each page's HTML;
- pipeline: submit each URL and run the fetch task in-process (eager, as one worker would run
  it): fetch over HTTP with every safety check, extract, find mentions, cases and quotes, store.

Prints both throughputs and the ratio; the target is a pipeline costing at most 1.5× the bare
extraction. Run with `make bench` (or `python bench/run.py bench_ingest`).
"""

from __future__ import annotations

import logging
import multiprocessing
import random
import statistics
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.db import transaction
from django.test import override_settings

PAGES = 40
ROUNDS = 5
TARGET = 1.5

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


def measure(scale: int, label: str) -> float:
    """Best-of-ROUNDS seconds for the bare extraction and the pipeline on PAGES pages."""
    from articles import services
    from articles.extraction import extract_with_trafilatura
    from articles.models import Source

    rng = random.Random(2026 + scale)
    html = {f"/news/story-{i}": article_html(i, rng, scale) for i in range(PAGES)}
    size = statistics.mean(len(body) for body in html.values())
    server, port = serve(html)
    base = f"http://127.0.0.1:{port}"

    def baseline() -> tuple[float, float]:
        started, cpu = time.perf_counter(), time.process_time()
        for path, body in html.items():
            extract_with_trafilatura(body, url=base + path)
        return time.perf_counter() - started, time.process_time() - cpu

    def pipeline() -> tuple[float, float]:
        Source.objects.filter(url__startswith=base).delete()
        started, cpu = time.perf_counter(), time.process_time()
        for path in html:
            services.submit_url(base + path)  # the fetch task runs on commit, eagerly
        elapsed = time.perf_counter() - started, time.process_time() - cpu
        fetched = Source.objects.filter(url__startswith=base, fetch_state="fetched").count()
        assert fetched == PAGES, f"only {fetched} of {PAGES} pages were ingested"
        return elapsed

    try:
        pipeline()  # warm up: imports, regex compilation, outlet creation
        baseline()
        # Interleaved rounds, so a busy moment on the machine hits both sides alike.
        bare, full = [], []
        for _ in range(ROUNDS):
            bare.append(baseline())
            full.append(pipeline())
        bare_s, full_s = min(t for t, _ in bare), min(t for t, _ in full)
        bare_cpu, full_cpu = min(c for _, c in bare), min(c for _, c in full)
    finally:
        with transaction.atomic():
            Source.objects.filter(url__startswith=base).delete()
        server.terminate()
    ratio = full_s / bare_s
    print(f"\n{label}: {PAGES} pages of {size / 1024:.0f} KB on average, best of {ROUNDS}")
    print(
        f"  trafilatura extraction alone: {PAGES / bare_s:6.1f} pages/s "
        f"({bare_s / PAGES * 1000:.1f} ms a page)"
    )
    print(
        f"  ingestion pipeline, 1 worker: {PAGES / full_s:6.1f} pages/s "
        f"({full_s / PAGES * 1000:.1f} ms a page)"
    )
    print(f"  pipeline / extraction: {ratio:.2f}× wall clock")
    print(
        f"  CPU time of the worker process: {full_cpu / PAGES * 1000:.1f} ms a page against "
        f"{bare_cpu / PAGES * 1000:.1f} ms: {full_cpu / bare_cpu:.2f}×"
    )
    return ratio


def main() -> None:
    ensure_parties()
    # Celery logs "Task articles.tasks.fetch_source[…] succeeded" for every eager run: one
    # line per page would bury the figures. Quiet it here only; warnings and errors still show.
    task_logger = logging.getLogger("celery.app.trace")
    level = task_logger.level
    task_logger.setLevel(logging.WARNING)
    try:
        with override_settings(INGEST_ALLOW_PRIVATE_NETWORKS=True, CELERY_TASK_ALWAYS_EAGER=True):
            from config.celery import app

            app.conf.task_always_eager = True
            typical = measure(3, "Typical news pages")
            lean = measure(1, "Lean pages (fixed costs weigh more)")
    finally:
        task_logger.setLevel(level)
    verdict = "OK" if typical <= TARGET else "OVER TARGET"
    print(f"\nTarget: the pipeline costs ≤ {TARGET}× the bare extraction on typical pages.")
    print(f"Typical pages: {typical:.2f}× ({verdict}); lean pages: {lean:.2f}×.")
