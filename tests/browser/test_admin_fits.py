"""Every admin page fits a 1280 px laptop screen: for each registered ModelAdmin, its list, its
add page and the change page of a real object of the demo data neither scroll sideways nor hide
columns in a box that does (Django's change list wraps its table in one).

One logged-in Chromium page serves the whole module, and the demo data is loaded once: a
fresh load per page would take minutes. pytest-django's live_server makes every test that uses
it transactional (the database is emptied after each), so the module runs its own WSGI server
in a thread; the data is committed (that thread reads it through its own connection) and
flushed when the module ends, as a transactional test does."""

from __future__ import annotations

import os
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
from cases.admin.pickers import source_label
from cases.models import Testimony
from tests.browser.conftest import CHROMIUM, NO_HORIZONTAL_SCROLL, _unavailable
from tests.factories import UserFactory

# Marked django_db so that pytest-django sets up the test database; the data itself is the
# module's (see admin_page).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

WIDTH = 1280

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
        client = Client()
        client.force_login(UserFactory(username="fits-admin", is_superuser=True))
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
