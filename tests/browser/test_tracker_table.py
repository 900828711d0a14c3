"""The tracker table (/cases/) in a real Chromium: a table at desktop width, a card per case at
375 px with no sideways scrolling (CSS only), and its column headings sort it."""

from __future__ import annotations

import datetime as dt

import pytest

from cases.models import Case, CaseRole
from tests.browser.conftest import NO_HORIZONTAL_SCROLL
from tests.factories import (
    CaseFactory,
    CaseRoleFactory,
    CauseOfActionFactory,
    CourtFactory,
    EventFactory,
    PartyFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


ROW_DISPLAY = "getComputedStyle(document.querySelector('.tracker__row')).display"


@pytest.fixture
def cases():
    court = CourtFactory(short_name="N.D. Cal.", name="U.S. District Court, N.D. California")
    claims = [
        CauseOfActionFactory(name=name)
        for name in ("Copyright", "DMCA §1202", "Right of publicity", "Unjust enrichment")
    ]
    for index in range(6):
        case = CaseFactory(
            short_title=f"The Authors Guild and {index} Others v. A Very Long Defendant Name Inc.",
            caption="A caption long enough to wrap on a phone screen " * 3,
            court=court,
            docket_number=f"3:23-cv-{index:05d}-WHO-LONGSUFFIX",
            status=Case.Status.PENDING,
            filed_on=dt.date(2023, 1, 13 + index),
            causes_of_action=claims,
        )
        CaseRoleFactory(case=case, party=PartyFactory(), role=CaseRole.Role.JUDGE)
        EventFactory(
            case=case,
            date=dt.date.today() - dt.timedelta(days=index + 1),
            title="Order granting in part and denying in part the motion to dismiss " * 2,
        )


def test_at_375_px_each_row_is_a_card_and_nothing_scrolls_sideways(browser, live_server, cases):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/cases/")
    assert page.evaluate(NO_HORIZONTAL_SCROLL), "/cases/ scrolls sideways at 375px"
    assert page.evaluate(ROW_DISPLAY) == "block"
    card = page.locator(".tracker__row").first
    assert card.bounding_box()["width"] <= 375
    labels = card.locator("td").evaluate_all(
        "cells => cells.map(c => getComputedStyle(c, '::before').content)"
    )
    assert '"Claims: "' in labels  # each value says what it is
    context.close()


def test_on_a_desktop_it_is_a_table_whose_headings_sort_it(browser, live_server, cases):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/cases/")
    assert page.evaluate(ROW_DISPLAY) == "table-row"
    page.get_by_role("link", name="Filed").click()
    page.wait_for_load_state("load")
    assert page.locator("th[aria-sort='descending']").inner_text().lower().startswith("filed")
    first = page.locator(".tracker__row .tracker__title a").first.inner_text()
    assert first.startswith("The Authors Guild and 5 Others")
    context.close()
