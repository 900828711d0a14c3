"""Every admin page fits a 1280 px laptop screen: for each registered ModelAdmin, its list, its
add page and the change page of a real object of the demo data neither scroll sideways nor hide
columns in a box that does (Django's change list wraps its table in one).

One logged-in Chromium page serves the whole module, and the demo data is loaded once: a
fresh load per page would take minutes. pytest-django's live_server makes every test that uses
it transactional (the database is emptied after each), so the module runs its own WSGI server
in a thread; the data is committed (that thread reads it through its own connection) and
flushed when the module ends, as a transactional test does, and the member groups the
migrations made are made again."""

from __future__ import annotations

import os
import pathlib
import threading
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import connections
from django.test import Client
from django.urls import reverse

from articles.models import CaseSuggestion, Source, TestimonyCandidate, quote_key
from cases import review
from cases.admin.pickers import source_label
from cases.groups import ensure_groups
from cases.models import Testimony
from core.publishing import PublicationState
from tests.browser.conftest import CHROMIUM, NO_HORIZONTAL_SCROLL, _unavailable
from tests.factories import TestimonyFactory, UserFactory

# Marked django_db so that pytest-django sets up the test database; the data itself is the
# module's (see admin_page).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

WIDTH = 1280
ARTIFACTS = pathlib.Path(__file__).resolve().parents[2] / "test-artifacts"

# Boxes that scroll sideways inside the page: the page fits, but a column is cut off until the
# reader scrolls the box (form fields scroll their own text, which is fine).
SIDEWAYS_BOXES = """() => [...document.querySelectorAll("body *")]
  .filter((el) => !["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName))
  .filter((el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX))
  .filter((el) => el.scrollWidth > el.clientWidth + 1)
  .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} ` +
               `${el.scrollWidth}>${el.clientWidth}`)"""
PAGE_WIDTH = "document.documentElement.scrollWidth"


def _registered() -> list:
    return sorted(
        (model for model in apps.get_models() if admin.site.is_registered(model)),
        key=lambda model: model._meta.label,
    )


PAGES = [(model, kind) for model in _registered() for kind in ("changelist", "add", "change")]


def _what_ingestion_suggests() -> None:
    """A case suggestion and a testimony candidate (the demo data has none), so that their
    change pages are measured too."""
    testimony = Testimony.objects.select_related("case", "witness").order_by("pk").first()
    source = testimony.citations.first().source
    CaseSuggestion.objects.create(source=source, case=testimony.case, score=2, reason="Named.")
    TestimonyCandidate.objects.create(
        source=source, speaker=testimony.witness, quote=testimony.excerpt,
        quote_key=quote_key(testimony.excerpt), sentence=f"He said, “{testimony.excerpt}”",
    )  # fmt: skip


def _waiting_for_review(user) -> None:
    """A draft testimony submitted for review and one sent back with a note, so that the review
    queue has rows and their change pages show the review status and buttons."""
    drafts = list(Testimony.objects.drafts().order_by("pk")[:2])
    while len(drafts) < 2:
        drafts.append(TestimonyFactory(state=PublicationState.DRAFT))
    review.submit_for_review(obj=drafts[0], user=user)
    Testimony.objects.filter(pk=drafts[1].pk).update(
        submitted_at=None, review_note="Cite the transcript page, not the article."
    )


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args) -> None:  # noqa: A002 — the standard library's name
        pass


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The site served from a thread, for the module: its address."""
    server = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=QuietHandler)

    def serve() -> None:
        with django_db_blocker.unblock():
            try:
                server.serve_forever()
            finally:
                connections.close_all()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture(scope="module")
def admin_page(django_db_setup, django_db_blocker, site):
    """A Chromium page at 1280×800, logged in as a superuser, over the demo data."""
    if not os.path.exists(CHROMIUM):
        _unavailable(f"Chromium not found at {CHROMIUM} (set CHROMIUM_PATH)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    # Playwright's sync API runs an event loop; Django's ORM refuses to run inside one unless told.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)
        _what_ingestion_suggests()
        user = UserFactory(username="fits-admin", is_superuser=True)
        _waiting_for_review(user)
        client = Client()
        client.force_login(user)
        session = client.cookies["sessionid"].value
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
                headless=True,
            )
            context = chromium.new_context(viewport={"width": WIDTH, "height": 800})
            context.add_cookies([{"name": "sessionid", "value": session, "url": site}])
            yield context.new_page()
            chromium.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)
            # The flush also empties what the migrations made: the member groups, which the
            # tests that run after this module on the same worker expect.
            ensure_groups()


@pytest.mark.parametrize(
    ("model", "kind"), PAGES, ids=[f"{model._meta.label}-{kind}" for model, kind in PAGES]
)
def test_the_admin_page_fits_1280_px_without_sideways_scrolling(admin_page, site, model, kind):
    opts = model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}_{kind}"
    if kind == "change":
        obj = model._default_manager.order_by("pk").last()
        if obj is None:
            pytest.skip(f"the demo data has no {opts.verbose_name}")
        url = reverse(name, args=[obj.pk])
    else:
        url = reverse(name)
    response = admin_page.goto(site + url)
    if kind == "add" and response.status == 403:
        pytest.skip(f"{opts.verbose_name_plural} are not added by hand")
    assert response.status == 200, url
    width = admin_page.evaluate(PAGE_WIDTH)
    assert admin_page.evaluate(NO_HORIZONTAL_SCROLL), f"{url} is {width} px wide"
    assert admin_page.evaluate(SIDEWAYS_BOXES) == [], f"{url} hides columns in a scrolling box"


def test_the_testimony_form_folds_an_empty_wording_box_behind_a_button(admin_page, site):
    admin_page.goto(site + reverse("admin:cases_testimony_add"))
    box = admin_page.locator("textarea[name='citations-0-wording']")
    assert box.is_hidden(), "an empty wording box is folded away"
    admin_page.get_by_role("button", name="wording differs").first.click()
    assert box.is_visible()
    assert box.evaluate("(el) => el === document.activeElement")


def test_the_source_picker_offers_sources_as_title_outlet_and_date(admin_page, site):
    source = Source.objects.select_related("outlet").exclude(title="").order_by("pk").first()
    admin_page.goto(site + reverse("admin:cases_testimony_add"))
    admin_page.locator("#id_citations-0-source + .select2 .select2-selection").click()
    admin_page.locator(".select2-dropdown .select2-search__field").fill(source.title[:30])
    option = admin_page.locator(".select2-results__option", has_text=source.title[:30]).first
    option.wait_for()
    assert option.inner_text() == source_label(source)
    assert " · " in option.inner_text()


# The text and background colours an element shows: its own background, or the nearest
# ancestor's that paints one.
COLOURS = """(selector) => [...document.querySelectorAll(selector)].map((el) => {
  let box = el;
  while (box && getComputedStyle(box).backgroundColor === "rgba(0, 0, 0, 0)") {
    box = box.parentElement;
  }
  return {
    name: el.name || el.className,
    fg: getComputedStyle(el).color,
    bg: box ? getComputedStyle(box).backgroundColor : "rgb(255, 255, 255)",
  };
})"""


def _contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio of two CSS rgb()/rgba() colours (alpha ignored)."""

    def luminance(colour: str) -> float:
        channels = [int(float(c)) / 255 for c in colour[colour.index("(") + 1 : -1].split(",")[:3]]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _readable(page, selector: str) -> dict[str, str]:
    """Each element's background by name, asserting its text reads against it (WCAG AA large
    text, 3:1: these are buttons and badges)."""
    found = page.evaluate(COLOURS, selector)
    assert found, f"nothing matches {selector}"
    for item in found:
        assert _contrast(item["fg"], item["bg"]) >= 3, f"{selector} {item} is hard to read"
    return {item["name"]: item["bg"] for item in found}


def _fits(page, url: str) -> None:
    width = page.evaluate(PAGE_WIDTH)
    assert page.evaluate(NO_HORIZONTAL_SCROLL), f"{url} is {width} px wide"
    assert page.evaluate(SIDEWAYS_BOXES) == [], f"{url} hides columns in a scrolling box"


def _screenshot(page, name: str) -> None:
    """Kept for a person to look at (test-artifacts/, as the review flow's browser test does)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"admin-{name}.png", full_page=True)


@pytest.fixture(params=["light", "dark"])
def colour_scheme(request, admin_page):
    """The admin in the browser's light or dark scheme (Django's admin follows it by default)."""
    admin_page.emulate_media(color_scheme=request.param)
    yield request.param
    admin_page.emulate_media(color_scheme="light")


def test_the_review_queue_fits_and_its_counts_read_in_both_colour_schemes(
    admin_page, site, colour_scheme
):
    url = reverse("admin:review_queue")
    assert admin_page.goto(site + url).status == 200
    _fits(admin_page, url)
    _screenshot(admin_page, f"review-queue-{colour_scheme}")
    assert admin_page.locator(".review-group").count() >= 1
    _readable(admin_page, ".review-counts li")
    _readable(admin_page, ".review-counts .review-count")


def test_the_review_buttons_are_told_apart_and_the_form_fits_in_both_colour_schemes(
    admin_page, site, colour_scheme
):
    submitted = Testimony.objects.submitted().order_by("pk").first()
    url = reverse("admin:cases_testimony_change", args=[submitted.pk])
    assert admin_page.goto(site + url).status == 200
    _fits(admin_page, url)
    _screenshot(admin_page, f"review-buttons-{colour_scheme}")
    _readable(admin_page, ".review-submitted")
    buttons = _readable(admin_page, ".review-buttons input[type=submit]")
    saves = _readable(admin_page, ".submit-row > input[type=submit]")
    # Publish is a primary button like Save; Send back a secondary one, unlike both Publish and
    # the other save buttons.
    assert buttons["_publish"] == saves["_save"]
    assert buttons["_send_back"] not in (buttons["_publish"], saves["_continue"])
    # The review buttons sit together on their own line, under Save.
    save = admin_page.locator(".submit-row input[name=_save]").bounding_box()
    publish = admin_page.locator(".review-buttons input[name=_publish]").bounding_box()
    assert publish["y"] >= save["y"] + save["height"]

    sent_back = Testimony.objects.sent_back().order_by("pk").first()
    admin_page.goto(site + reverse("admin:cases_testimony_change", args=[sent_back.pk]))
    _readable(admin_page, ".review-sent-back")

    published = Testimony.objects.public().order_by("pk").first()
    url = reverse("admin:cases_testimony_change", args=[published.pk])
    admin_page.goto(site + url)
    _fits(admin_page, url)
    unpublish = _readable(admin_page, ".review-buttons input[type=submit]")["_unpublish"]
    # Unpublish is a danger button, coloured as the admin's Delete.
    assert unpublish == _readable(admin_page, ".submit-row a.deletelink")["deletelink"]
