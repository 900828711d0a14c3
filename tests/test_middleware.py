"""The site-wide request guards (config.middleware): addresses holding a NUL and methods no
page answers are refused before any view, on the site and the API alike."""

import pytest

from tests.factories import CaseFactory, PartyFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(db):
    case = CaseFactory(slug="a")
    PartyFactory(slug="a")
    TopicFactory(slug="a")
    return case


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/cases/%00/",
        "/api/v1/parties/a%00b/",
        "/api/v1/topics/a%00/",
        "/api/v1/courts/%00a/",
        "/api/v1/cases/a%00/timeline/",
        "/api/v1/events/1%00/",
    ],
)
def test_a_nul_in_an_api_address_is_a_json_404(client, published, path):
    response = client.get(path)
    assert response.status_code == 404, response.content
    assert "NUL character" in response.json()["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/cases/%00/",
        "/parties/a%00b/",
        "/topics/a%00/",
        "/cases/a%00/feed/",
        "/cases/a%00/calendar.ics",
        "/sitemap-%00.xml",
        "/admin/cases/case/%00/change/",
    ],
)
def test_a_nul_in_a_page_address_is_the_sites_404_page(admin_client, published, path):
    response = admin_client.get(path)
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_the_same_addresses_without_the_nul_still_answer(client, published):
    assert client.get("/api/v1/cases/a/").status_code == 200
    assert client.get("/cases/a/").status_code == 200


@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "PROPFIND", "FOO"])
@pytest.mark.parametrize("path", ["/", "/cases/", "/cases/a/", "/admin/login/"])
def test_methods_no_page_answers_are_405_with_the_allowed_ones(client, published, method, path):
    response = client.generic(method, path)
    assert response.status_code == 405
    assert "GET" in response["Allow"] and method not in response["Allow"]
    assert f"The {method} method is not allowed here" in response.content.decode()


def test_trace_on_the_api_is_a_json_405(client):
    response = client.generic("TRACE", "/api/v1/cases/")
    assert response.status_code == 405
    assert "TRACE" in response.json()["detail"]


def test_the_usual_methods_still_reach_the_pages(client, published):
    assert client.get("/").status_code == 200
    assert client.head("/cases/a/").status_code == 200
    assert client.options("/api/v1/cases/").status_code == 200


@pytest.mark.parametrize(
    "query",
    ["state=%00", "fetch_state=a%00", "q=x&state=draft%00"],
)
@pytest.mark.parametrize("changelist", ["/admin/cases/case/", "/admin/articles/source/"])
def test_a_nul_in_an_admin_list_filter_is_a_400_naming_it(admin_client, changelist, query):
    response = admin_client.get(f"{changelist}?{query}")
    assert response.status_code == 400
    name = next(part.split("=")[0] for part in query.split("&") if "%00" in part)
    assert f"The {name}= in the address contains a NUL character" in response.content.decode()
