"""The Content-Security-Policy breaks nothing: the admin, Swagger UI and Redoc render in a real
Chromium with no violation reported and no console error.

Uses the browser of tests/browser/conftest.py (Chromium at /usr/bin/chromium or CHROMIUM_PATH)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Playwright adds this to every page before the page's own scripts; the policy does not apply
# to it. It records what the policy blocked.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


class Visitor:
    def __init__(self, chromium, base_url: str):
        self.base_url = base_url
        self.context = chromium.new_context(viewport={"width": 1280, "height": 900})
        self.context.add_init_script(RECORD_VIOLATIONS)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.allowed: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on(
            "response",
            lambda r: r.status >= 400 and self.errors.append(f"{r.status} {r.url}"),
        )

    def _console(self, message) -> None:
        # Chromium asks for /favicon.ico, which the admin's pages do not name, and logs its 404
        # without the address; the page's own requests are checked through their responses.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(message.text)

    def allow(self, violation: str) -> None:
        """A violation that is the policy doing its job, and its console message."""
        self.allowed.append(violation)

    def visit(self, path: str, *, ready: str = "body") -> None:
        response = self.page.goto(self.base_url + path)
        assert response.status == 200, path
        self.page.wait_for_selector(ready)
        self.page.wait_for_load_state("networkidle")
        violations = self.page.evaluate("window.__violations")
        assert [v for v in violations if v not in self.allowed] == [], path
        blocked_urls = [v.split(" blocked ")[1] for v in self.allowed]
        errors = [e for e in self.errors if not any(url in e for url in blocked_urls)]
        assert errors == [], f"{path}: {errors}"


def test_the_admin_works_under_the_policy(browser, live_server, demo):
    User.objects.create_superuser("boss", password="a long enough password")
    visitor = Visitor(browser, live_server.url)
    visitor.visit("/admin/login/")
    visitor.page.fill("#id_username", "boss")
    visitor.page.fill("#id_password", "a long enough password")
    visitor.page.click("input[type=submit]")
    visitor.page.wait_for_url(live_server.url + "/admin/")
    for path in [
        "/admin/",
        "/admin/cases/case/",
        "/admin/cases/case/add/",
        "/admin/cases/event/",
        "/admin/cases/event/add/",
        "/admin/cases/testimony/add/",
        "/admin/articles/source/",
        "/admin/articles/source/add/",
        "/admin/articles/source/add-from-url/",
        "/admin/auth/user/",
    ]:
        visitor.visit(path, ready="#content")
    # The admin's scripts run: the date widget's calendar link and the related-object widgets.
    visitor.visit("/admin/cases/event/add/", ready=".datetimeshortcuts")
    visitor.context.close()


def test_swagger_ui_renders_under_the_policy(browser, live_server, demo):
    visitor = Visitor(browser, live_server.url)
    visitor.visit("/api/v1/docs/", ready=".opblock")
    assert visitor.page.locator(".opblock").count() > 10
    visitor.context.close()


def test_redoc_renders_under_the_policy(browser, live_server, demo):
    visitor = Visitor(browser, live_server.url)
    # Redoc's "API docs by Redocly" logo comes from its CDN: the policy keeps that request from
    # leaving the site (the docs work offline), and nothing else is blocked.
    visitor.allow("img-src blocked https://cdn.redoc.ly/redoc/logo-mini.svg")
    visitor.visit("/api/v1/redoc/", ready="[data-section-id]")
    assert visitor.page.get_by_text("AI Litigation Tracker API").count() > 0
    visitor.context.close()
