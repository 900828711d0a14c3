"""A newsroom page on another origin embeds our TimelineJS URL, in a real Chromium.

The newsroom is a local HTTP server on its own port (another origin). It loads Knight Lab's
TimelineJS 3 (npm package @knight-lab/timelinejs, fetched once into var/test-cache/ with `npm
pack`; without npm or the registry the rendering tests skip) and points it at our
`?format=timelinejs` URL: the slides render, an empty case renders, a multi-day event shows its
end. A plain fetch() from the same page checks CORS (read allowed, credentials refused) even
where TimelineJS cannot be had. Also here: the API docs load nothing from another host.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import pathlib
import shutil
import subprocess
import tarfile
import tempfile
import threading

import pytest

from tests.factories import CaseFactory, EventFactory, SourceFactory, TestimonyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMELINEJS = "@knight-lab/timelinejs@3.9.11"
CACHE = pathlib.Path(__file__).resolve().parents[2] / "var" / "test-cache" / "timelinejs-3.9.11"

EMBED = """<!doctype html>
<html><head><meta charset="utf-8"><title>Newsroom</title>
<link rel="stylesheet" href="timeline.css"><script src="timeline.js"></script></head>
<body><div id="timeline-embed" style="width: 100%; height: 600px"></div>
<script>
  const source = new URLSearchParams(location.search).get("src");
  window.timeline = new TL.Timeline("timeline-embed", source);
</script>
</body></html>
"""
FETCHER = """<!doctype html><html><head><meta charset="utf-8"><title>Newsroom</title></head>
<body></body></html>
"""


def _timelinejs_dist() -> pathlib.Path | None:
    """TimelineJS's built files, from the cache or fetched once with npm; None if unavailable."""
    if (CACHE / "timeline.js").exists():
        return CACHE
    npm = shutil.which("npm")
    if npm is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        try:
            done = subprocess.run(
                [npm, "pack", TIMELINEJS, "--silent"],
                cwd=tmp,
                capture_output=True,
                text=True,
                timeout=180,
            )
        except subprocess.TimeoutExpired:
            return None
        tarballs = list(pathlib.Path(tmp).glob("*.tgz"))
        if done.returncode != 0 or not tarballs:
            return None
        with tarfile.open(tarballs[0]) as archive:
            archive.extractall(tmp, filter="data")
        CACHE.mkdir(parents=True, exist_ok=True)
        shutil.copy(pathlib.Path(tmp, "package/dist/js/timeline.js"), CACHE / "timeline.js")
        shutil.copy(pathlib.Path(tmp, "package/dist/css/timeline.css"), CACHE / "timeline.css")
    return CACHE


@pytest.fixture(scope="session")
def timelinejs_dist():
    return _timelinejs_dist()


@pytest.fixture
def newsroom(tmp_path, timelinejs_dist):
    """Another origin: a static HTTP server on its own port with the embed pages."""
    (tmp_path / "embed.html").write_text(EMBED)
    (tmp_path / "fetch.html").write_text(FETCHER)
    if timelinejs_dist is not None:
        for name in ("timeline.js", "timeline.css"):
            shutil.copy(timelinejs_dist / name, tmp_path / name)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_address[1]}", timelinejs_dist is not None
    server.shutdown()
    server.server_close()


@pytest.fixture
def musk_case():
    case = CaseFactory(slug="musk-v-openai", short_title="Musk v. OpenAI")
    source = SourceFactory(title="Trial coverage")
    source.cases.add(case)
    EventFactory(case=case, cite=source, title="Complaint filed", date=dt.date(2024, 2, 29))
    EventFactory(
        case=case,
        cite=source,
        title="Jury trial",
        date=dt.date(2026, 4, 27),
        end_date=dt.date(2026, 5, 15),
    )
    TestimonyFactory(case=case, cite=source, date=dt.date(2026, 4, 30), excerpt="Partly.")
    return case


def timeline_url(live_server, slug: str) -> str:
    return f"{live_server.url}/api/v1/cases/{slug}/timeline/?format=timelinejs"


def test_a_page_on_another_origin_can_fetch_the_timelinejs_file(
    browser,
    live_server,
    newsroom,
    musk_case,
):
    origin, _has_timelinejs = newsroom
    page = browser.new_page()
    page.goto(f"{origin}/fetch.html")
    document = page.evaluate(
        """async (url) => {
            const response = await fetch(url);
            return {status: response.status, body: await response.json()};
        }""",
        timeline_url(live_server, musk_case.slug),
    )
    assert document["status"] == 200
    body = document["body"]
    assert body["title"]["text"]["headline"] == "Musk v. OpenAI"
    # TimelineJS 3's JSON format: every slide has a start date with a year, and a text
    assert len(body["events"]) == 4
    for slide in body["events"]:
        assert isinstance(slide["start_date"]["year"], int)
        assert slide["text"]["headline"]
    trial = next(s for s in body["events"] if s["text"]["headline"] == "Jury trial")
    assert trial["end_date"]["day"] == 15
    # Credentials are never shared with other origins: the browser refuses the answer.
    refused = page.evaluate(
        """async (url) => {
            try { await fetch(url, {credentials: "include"}); return false; }
            catch (error) { return true; }
        }""",
        timeline_url(live_server, musk_case.slug),
    )
    assert refused
    page.close()


def _render(browser, newsroom, url: str):
    origin, has_timelinejs = newsroom
    if not has_timelinejs:
        reason = f"TimelineJS ({TIMELINEJS}) could not be fetched with npm"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: browser tests must run)")
        pytest.skip(reason)
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{origin}/embed.html?src={url}")
    page.wait_for_selector(".tl-slide-content .tl-headline", state="attached", timeout=15000)
    page.wait_for_function("document.querySelectorAll('.tl-timemarker').length > 0")
    assert errors == []
    assert page.locator(".tl-message-full").count() == 0  # TimelineJS's error screen
    return page


def test_timelinejs_renders_our_file_from_another_origin(
    browser,
    live_server,
    newsroom,
    musk_case,
):
    page = _render(browser, newsroom, timeline_url(live_server, musk_case.slug))
    markers = page.locator(".tl-timemarker")
    assert markers.count() == 4
    headlines = page.locator(".tl-slide .tl-headline").all_text_contents()
    assert "Musk v. OpenAI" in headlines  # the title slide
    assert {"Complaint filed", "Jury trial"} <= set(headlines)
    dates = " ".join(page.locator(".tl-slide .tl-headline-date").all_text_contents())
    assert "15 May 2026" in dates  # the multi-day event keeps its end
    page.close()


def test_timelinejs_renders_a_case_with_no_entries(
    browser,
    live_server,
    newsroom,
):
    case = CaseFactory(slug="quiet", short_title="Quiet v. Nobody", filed_on=dt.date(2026, 2, 3))
    page = _render(browser, newsroom, timeline_url(live_server, case.slug))
    assert page.locator(".tl-timemarker").count() == 1
    text = page.locator(".tl-slide").all_text_contents()
    assert any("No entries of this case are published yet" in t for t in text)
    page.close()


@pytest.mark.parametrize("path", ["/api/v1/redoc/", "/api/v1/docs/"])
def test_the_api_docs_load_nothing_from_another_host(browser, live_server, path):
    CaseFactory()
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server.url + path)
    page.wait_for_selector("[data-section-id], .opblock")
    page.wait_for_load_state("networkidle")
    elsewhere = [
        url for url in requested if not url.startswith((live_server.url, "data:", "blob:"))
    ]
    assert elsewhere == []
    page.close()
