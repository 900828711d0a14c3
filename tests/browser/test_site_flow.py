"""A reader's path through the public site in a real Chromium, at phone and desktop width.

Home → Musk v. OpenAI → timeline filtered to testimony → the "Partly." permalink (citation,
both wordings, copy button) → search "distillation" from the header → the same statement.
Every page visited is checked for horizontal scrolling at 375 px and for console errors;
screenshots go to test-artifacts/ (gitignored).

Chromium: /usr/bin/chromium or CHROMIUM_PATH. Without it these tests skip, except under CI=true
where they fail.
"""

from __future__ import annotations

import pathlib
import re

import pytest

from tests.browser.conftest import NO_HORIZONTAL_SCROLL

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = pathlib.Path(__file__).resolve().parents[2] / "test-artifacts"


class Reader:
    """A browser tab that records console errors and checks every page it visits."""

    def __init__(self, browser, base_url: str, width: int):
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
        self.page = self.context.new_page()
        self.width = width
        self.errors: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def check(self, name: str, *, status: int = 200) -> None:
        page = self.page
        page.wait_for_load_state("load")
        assert page.evaluate(NO_HORIZONTAL_SCROLL), f"{name} scrolls sideways at {self.width}px"
        if status == 404:  # Chromium reports the document's own 404 as a console error
            own = "Failed to load resource: the server responded with a status of 404 (Not Found)"
            self.errors = [error for error in self.errors if error != own]
        assert not self.errors, f"console errors on {name}: {self.errors}"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{name}-{self.width}.png", full_page=True)


@pytest.mark.parametrize("width", [375, 1280])
def test_a_reader_finds_the_partly_testimony_and_its_citation(browser, live_server, demo, width):
    from playwright.sync_api import expect

    reader = Reader(browser, live_server.url, width)
    page = reader.page

    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("AI Litigation Tracker")
    reader.check("home")

    page.get_by_role("link", name="Musk v. OpenAI", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/cases/musk-v-openai/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Musk v. OpenAI")
    expect(page.locator(".chart svg")).to_be_visible()
    reader.check("case")

    filters = page.get_by_role("navigation", name="Show entries of one kind")
    filters.get_by_role("link", name="Testimony").click()
    expect(page).to_have_url(re.compile(r"\?kind=testimony#entries$"))
    entries = page.locator("li.entry")
    assert entries.count() > 0
    assert entries.count() == page.locator("li.entry--testimony").count()
    reader.check("case-testimony")

    partly = entries.filter(has=page.locator("blockquote", has_text="Partly."))
    expect(partly.get_by_text("Partially.")).to_be_visible()  # both wordings on the timeline
    partly.get_by_role("link", name=re.compile("^Permalink")).click()
    expect(page).to_have_url(re.compile(r"/testimony/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Elon Musk, trial testimony")
    citation = page.get_by_label("Citation, ready to copy")
    expect(citation).to_have_value(re.compile(r"^“Partly\.” — Elon Musk, trial testimony"))
    page.get_by_role("button", name="Copy citation").click()
    expect(page.locator(".copy-status")).to_have_text(re.compile("copied|copy it"))
    reader.check("testimony-partly")
    permalink = page.url

    search = page.get_by_role("search").first
    search.get_by_label("Search cases, testimony and sources").fill("distillation")
    search.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=distillation"))
    hit = page.locator(".search-hit--testimony").filter(has_text="Partly.")
    expect(hit).to_have_count(1)
    reader.check("search")
    hit.get_by_role("link").first.click()
    assert page.url == permalink
    reader.context.close()


def test_the_skip_link_is_the_first_stop_for_a_keyboard(browser, live_server, demo):
    from playwright.sync_api import expect

    reader = Reader(browser, live_server.url, 375)
    page = reader.page
    page.goto(live_server.url + "/cases/musk-v-openai/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The kind filter is reachable and usable with the keyboard alone.
    testimony = page.get_by_role("navigation", name="Show entries of one kind").get_by_role(
        "link", name="Testimony"
    )
    testimony.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"kind=testimony"))
    reader.check("keyboard")
    reader.context.close()


def test_the_other_public_pages_fit_a_phone(browser, live_server, demo):
    reader = Reader(browser, live_server.url, 375)
    for name, path, status in [
        ("cases", "/cases/?status=pending", 200),
        ("party", "/parties/elon-musk/", 200),
        ("topic", "/topics/model-distillation/", 200),
        ("not-found", "/no-such-page/", 404),
    ]:
        response = reader.page.goto(live_server.url + path)
        assert response.status == status, path
        reader.check(name, status=status)
    reader.page.goto(live_server.url + "/cases/musk-v-openai/")
    reader.page.locator("li.entry--event").first.get_by_role(
        "link", name=re.compile("^Permalink")
    ).click()
    reader.check("event")
    reader.page.locator(".source-list").get_by_role("link", name="about this source").first.click()
    reader.check("source")
    reader.context.close()
