"""The visual timeline in a real Chromium at phone width: legible bars without the page
scrolling sideways, bars reachable and named from the keyboard, a click leads to the entries."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest

from cases.models import Event
from tests.browser.conftest import NO_HORIZONTAL_SCROLL
from tests.factories import CaseFactory, EventFactory, TestimonyFactory

ARTIFACTS = pathlib.Path(__file__).resolve().parents[2] / "test-artifacts"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def busy_case():
    """Four years of monthly activity: 48 buckets, 2–3 px bars at 375 px before this chart."""
    case = CaseFactory(short_title="Busy v. Case", slug="busy", filed_on=dt.date(2022, 1, 5))
    for month in range(48):
        day = dt.date(2022 + month // 12, month % 12 + 1, 5)
        EventFactory(case=case, date=day, title=f"Event of {day:%B %Y}", kind=Event.Kind.RULING)
    TestimonyFactory(case=case, date=dt.date(2024, 3, 9), excerpt="Partly.")
    return case


@pytest.fixture
def phone(browser, live_server, busy_case):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}{busy_case.get_absolute_url()}")
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".chart").screenshot(path=ARTIFACTS / "timeline-chart-375.png")
    context.close()


def test_at_375px_the_page_does_not_scroll_sideways_and_bars_stay_legible(phone):
    assert phone.evaluate(NO_HORIZONTAL_SCROLL), "the page scrolls sideways at 375 px"
    widths = phone.eval_on_selector_all(
        ".chart__period", "links => links.map(a => a.getBoundingClientRect().width)"
    )
    assert len(widths) == 48
    assert min(widths) >= 8
    # 48 bars of 8 px and more do not fit 375 px: the chart scrolls inside its own box.
    inside = "box => box.scrollWidth > box.clientWidth"
    assert phone.eval_on_selector(".chart__scroll", inside)


def test_the_keyboard_reaches_a_bar_and_its_name_says_what_is_there(phone):
    for _ in range(120):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.classList.contains('chart__period')"):
            break
    else:
        pytest.fail("Tab never reached a bar of the visual timeline")
    name = phone.evaluate("document.activeElement.getAttribute('aria-label')")
    assert name == "January 2022: 1 event"
    march = phone.get_by_role("link", name="March 2024: 1 event, 1 testimony")
    assert march.count() == 1


def test_clicking_a_bar_goes_to_its_entries(phone):
    phone.get_by_role("link", name="March 2024: 1 event, 1 testimony").click()
    phone.wait_for_load_state("load")
    assert "from=2024-03" in phone.url and phone.url.endswith("#entries")
    first = phone.locator("#entries .entry").first
    assert "Event of March 2024" in first.inner_text()
