"""The review flow in a real Chromium: a curator submits a draft testimony from its form, an
editor opens the review queue, opens the draft with one click and publishes it from the form;
and an editor goes from a pasted article URL to a published, sourced testimony in at most five
clicks, the source published with it.

Chromium: /usr/bin/chromium or CHROMIUM_PATH. Without it these tests skip, except under CI=true
where they fail.
"""

from __future__ import annotations

import pathlib
import re

import pytest
from django.conf import settings
from django.test import Client

from articles.models import Source
from cases.models import Testimony
from core.publishing import PublicationState
from tests.articles.conftest import TECHLUSIVE_PATH, demo_parties, page, server  # noqa: F401
from tests.browser.conftest import NO_HORIZONTAL_SCROLL
from tests.factories import SourceFactory, TestimonyFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAFT = PublicationState.DRAFT
PUBLISHED = PublicationState.PUBLISHED
MAX_CLICKS = 5
ARTIFACTS = pathlib.Path(__file__).resolve().parents[2] / "test-artifacts"


class Member:
    """A browser tab logged in as `user` (the session made by Django's test client), counting
    the clicks it makes."""

    def __init__(self, browser, base_url: str, user):
        client = Client()
        client.force_login(user)
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": base_url,
                }
            ]
        )
        self.page = self.context.new_page()
        self.base_url = base_url
        self.clicks = 0
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def click(self, locator) -> None:
        locator.click()
        self.clicks += 1
        self.page.wait_for_load_state("load")

    def check(self, name: str) -> None:
        """The page fits 1280 px without scrolling sideways; a screenshot for review."""
        assert self.page.evaluate(NO_HORIZONTAL_SCROLL), f"{name} scrolls sideways at 1280px"
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=ARTIFACTS / f"review-{name}.png", full_page=True)


@pytest.fixture
def curator_and_editor(member_groups):
    return (
        UserFactory(username="curator", groups=["Curators"]),
        UserFactory(username="editor", groups=["Editors"]),
    )


def test_a_curator_submits_and_an_editor_publishes_from_the_queue(
    browser, live_server, curator_and_editor
):
    from playwright.sync_api import expect

    curator, editor = curator_and_editor
    source = SourceFactory(state=DRAFT, title="Draft article")
    testimony = TestimonyFactory(state=DRAFT, excerpt="Partly.", cite=source)

    tab = Member(browser, live_server.url, curator)
    tab.page.goto(f"{live_server.url}/admin/cases/testimony/{testimony.pk}/change/")
    expect(tab.page.locator('input[name="_publish"]')).to_have_count(0)
    tab.click(tab.page.get_by_role("button", name="Submit for review"))
    expect(tab.page.locator(".messagelist")).to_contain_text("submitted for review")
    expect(tab.page.locator(".review-submitted")).to_contain_text("Submitted for review by curator")
    assert Testimony.objects.get(pk=testimony.pk).is_submitted

    tab = Member(browser, live_server.url, editor)
    tab.page.goto(f"{live_server.url}/admin/")
    tab.click(tab.page.get_by_role("link", name="Review queue"))
    group = tab.page.locator("#submitted-testimony")
    expect(group.get_by_role("heading")).to_have_text("Submitted testimony (1)")
    tab.check("queue")
    tab.click(group.get_by_role("link", name=re.compile("Partly")))
    expect(tab.page).to_have_url(re.compile(rf"/admin/cases/testimony/{testimony.pk}/change/$"))
    expect(tab.page.locator(".review-submitted")).to_be_visible()
    tab.check("testimony-form")
    tab.click(tab.page.get_by_role("button", name="Publish with its sources"))
    expect(tab.page.locator(".messagelist")).to_contain_text("published with its sources")

    testimony.refresh_from_db()
    source.refresh_from_db()
    assert (testimony.state, source.state) == (PUBLISHED, PUBLISHED)
    assert testimony.submitted_at is None
    assert tab.clicks == 3
    assert not tab.errors


def test_from_a_pasted_url_to_published_sourced_testimony_in_five_clicks(
    browser,
    live_server,
    server,  # noqa: F811
    demo_parties,  # noqa: F811
    member_groups,
):
    from playwright.sync_api import expect

    url = server.add(TECHLUSIVE_PATH, page("techlusive-musk-xai.html"))
    editor = UserFactory(username="editor", groups=["Editors"])
    tab = Member(browser, live_server.url, editor)
    tab.page.goto(f"{live_server.url}/admin/")

    tab.click(tab.page.get_by_role("link", name="Add source from URL"))
    tab.page.get_by_label("URLs").fill(url)  # pasting is not a click
    tab.click(tab.page.get_by_role("button", name="Add and fetch"))
    expect(tab.page).to_have_url(re.compile(r"/admin/articles/source/\d+/change/$"))

    partly = tab.page.locator("tr", has_text="Partly.")
    tab.click(partly.get_by_role("link", name="Accept", exact=True))
    tab.click(tab.page.locator("#content-main form").get_by_role("button").first)
    expect(tab.page).to_have_url(re.compile(r"/admin/cases/testimony/\d+/change/$"))
    tab.click(tab.page.get_by_role("button", name="Publish with its sources"))
    expect(tab.page.locator(".messagelist")).to_contain_text("published with its sources")

    testimony = Testimony.objects.get(excerpt__contains="Partly")
    source = Source.objects.get()
    assert testimony.state == PUBLISHED
    assert source.state == PUBLISHED, "the source must not be left behind"
    assert list(testimony.sources.all()) == [source]
    assert tab.clicks <= MAX_CLICKS, f"{tab.clicks} clicks"
    assert not tab.errors
