"""A preview in a real Chromium: an editor opens a draft testimony in the admin, clicks
"View on site" and reads the public page as it would look, under a "Draft, not public"
banner; a reader without a session gets "not found" at the same address.

Chromium: /usr/bin/chromium or CHROMIUM_PATH. Without it these tests skip, except under CI=true
where they fail.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from core.publishing import PublicationState
from tests.factories import CaseFactory, PartyFactory, SourceFactory, TestimonyFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _logged_in_tab(browser, base_url: str, user):
    """A browser tab holding `user`'s session (made by Django's test client)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )
    return context.new_page()


def test_an_editor_views_a_draft_testimony_on_site_and_sees_the_banner(
    browser, live_server, member_groups
):
    from playwright.sync_api import expect

    editor = UserFactory(username="editor", groups=["Editors"])
    testimony = TestimonyFactory(
        case=CaseFactory(short_title="Preview v. Draft"),
        witness=PartyFactory(name="Petra Preview"),
        excerpt="Nobody has read this yet.",
        cite=SourceFactory(title="Draft wire story", state=PublicationState.DRAFT),
        state=PublicationState.DRAFT,
    )
    page = _logged_in_tab(browser, live_server.url, editor)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(f"{live_server.url}/admin/cases/testimony/{testimony.pk}/change/")
    page.locator("a.viewsitelink").click()  # the object tools, not an inline citation's
    page.wait_for_load_state("load")

    assert page.url.endswith(testimony.get_absolute_url())
    expect(page.locator(".preview-banner")).to_contain_text("Draft, not public")
    expect(page.get_by_text("Nobody has read this yet.").first).to_be_visible()
    expect(page.locator('meta[name="robots"]')).to_have_attribute("content", "noindex")
    assert not errors

    reader = browser.new_context().new_page()
    response = reader.goto(live_server.url + testimony.get_absolute_url())
    assert response.status == 404
    expect(reader.locator(".preview-banner")).to_have_count(0)
