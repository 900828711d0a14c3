"""Every response carries a strict Content-Security-Policy (django-csp): scripts only from the
site's own files, no inline script, no framing; what the pages need is allowed and no more."""

import base64
import hashlib
import re

import pytest
from django.template.loader import get_template

from tests.factories import CaseFactory, EventFactory, SourceFactory

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = [part.strip().split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in directives}


def style_hashes(html: str) -> list[str]:
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"
        for css in re.findall(r"<style>(.*?)</style>", html, re.S)
    ]


def inline_scripts(html: str) -> list[str]:
    """<script> elements with code in the page (not src=, not a JSON data block)."""
    return [
        tag
        for tag in re.findall(r"<script\b[^>]*>", html)
        if "src=" not in tag and "application/json" not in tag
    ]


@pytest.fixture
def case(db):
    case = CaseFactory(slug="musk-v-openai")
    EventFactory(case=case, cite=SourceFactory(), importance="major")
    return case


@pytest.mark.parametrize(
    "path", ["/", "/cases/", "/cases/musk-v-openai/", "/admin/login/", "/api/v1/cases/"]
)
def test_pages_and_the_api_carry_a_strict_policy(client, case, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"] and csp["form-action"] == ["'self'"]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/cases/",
        "/cases/musk-v-openai/",
        "/admin/",
        "/admin/cases/case/",
        "/admin/cases/event/add/",
        "/admin/articles/source/",
        "/api/v1/docs/",
        "/api/v1/redoc/",
    ],
)
def test_no_page_holds_an_inline_script_the_policy_would_block(admin_client, case, path):
    response = admin_client.get(path)
    assert response.status_code == 200
    assert inline_scripts(response.content.decode()) == []


def test_the_inline_styles_that_remain_are_allowed_by_their_hashes(client):
    allowed = policy(client.get("/"))["style-src"]
    server_error = get_template("500.html").render()
    change_list = get_template("admin/change_list.html").template.source
    for html in (server_error, change_list):
        hashes = style_hashes(html)
        assert hashes and set(hashes) <= set(allowed), (hashes, allowed)


def test_the_case_chart_may_place_its_marks_with_style_attributes(client, case):
    response = client.get("/cases/musk-v-openai/")
    assert 'style="' in response.content.decode()
    assert policy(response)["style-src-attr"] == ["'unsafe-inline'"]


@pytest.mark.parametrize("path", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_the_api_docs_may_use_inline_styles_but_scripts_stay_strict(client, path):
    csp = policy(client.get(path))
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["worker-src"] == ["'self'", "blob:"]


def test_swagger_ui_loads_its_start_up_script_from_a_url(client):
    page = client.get("/api/v1/docs/").content.decode()
    script_url = re.search(r'<script src="(/api/v1/docs/\?[^"]*script[^"]*)"', page).group(1)
    response = client.get(script_url.replace("&amp;", "&"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in response.content.decode()
