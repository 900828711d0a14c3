"""POST /api/v1/sources/ingest/: curators and editors submit URLs; everyone else is refused."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.models import Source
from tests.articles.conftest import page
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db
ARTICLE = page("techlusive-musk-xai.html")
URL = reverse("api-source-ingest")


@pytest.fixture
def api():
    return APIClient()


def test_a_curator_submits_a_url_and_gets_202_with_the_source_and_its_state(
    api, curator, server, run_on_commit
):
    api.force_authenticate(curator)
    url = server.add("/story", ARTICLE)
    response = run_on_commit(api.post, URL, {"url": url + "?utm_source=feed"}, format="json")
    assert response.status_code == 202, response.content
    body = response.json()
    source = Source.objects.get()
    assert body["id"] == source.pk and body["url"] == url and body["created"] is True
    # The fetch runs when the request's transaction commits (here: after the response).
    assert body["queued"] is True and body["fetch_state"] == "queued"
    assert source.fetch_state == "fetched" and source.title.startswith("Elon Musk reveals")
    assert body["links"]["admin"].endswith(f"/admin/articles/source/{source.pk}/change/")
    assert "page" not in body["links"]  # a draft has no public page


def test_an_editor_with_a_token_may_submit_and_a_known_url_returns_the_same_source(
    api, editor, server, run_on_commit
):
    token = Token.objects.create(user=editor)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    url = server.add("/story", ARTICLE)
    first = run_on_commit(api.post, URL, {"url": url}, format="json").json()
    again = run_on_commit(api.post, URL, {"url": url.upper().replace("/STORY", "/story")})
    assert again.status_code == 202
    assert again.json()["id"] == first["id"] and again.json()["created"] is False
    assert Source.objects.count() == 1


def test_anonymous_clients_get_401(api):
    assert api.post(URL, {"url": "https://example.org/a"}, format="json").status_code == 401
    assert Source.objects.count() == 0


def test_a_stranger_with_a_token_gets_403(api, stranger):
    token = Token.objects.create(user=stranger)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.post(URL, {"url": "https://example.org/a"}, format="json")
    assert response.status_code == 403
    assert "curators and editors" in response.json()["detail"]
    assert Source.objects.count() == 0


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"url": "ftp://example.org/file"}, "Only http:// and https:// URLs"),
        ({"url": "https://"}, "has no host name"),
        ({"url": "http://example.org:99999/"}, "is not a valid URL"),
        ({"url": "http://exa mple.org/a"}, "is not a valid host name"),
        ({"url": "https://example.org/a\x0bb"}, "contains a control character"),
        ({"url": "https://news.example\\@evil.example/"}, "contains a backslash"),
        ({"url": "https://user:secret@news.example/a"}, "user name or password"),
        # 625 characters as sent, 3,625 once its query is percent-encoded
        ({"url": "https://news.example/a?q=" + "é" * 600}, "3,625 characters long"),
        ({}, "This field is required."),
        ({"url": ["a", "b"]}, "Not a valid string."),
    ],
)
def test_a_bad_url_gets_400_with_a_clear_message(api, curator, payload, message):
    api.force_authenticate(curator)
    response = api.post(URL, payload, format="json")
    assert response.status_code == 400
    assert message in response.json()["url"][0]
    assert Source.objects.count() == 0


def test_malformed_json_gets_400_not_500(api, curator):
    api.force_authenticate(curator)
    response = api.post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400


def test_deeply_nested_json_gets_400_not_500(api, curator):
    api.force_authenticate(curator)
    body = '{"url": ' + "[" * 1000 + "]" * 1000 + "}"
    response = api.post(URL, body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert "nested too deeply" in response.json()["detail"]
    assert Source.objects.count() == 0


def test_reading_the_ingest_endpoint_is_not_allowed(api, curator):
    api.force_authenticate(curator)
    assert api.get(URL).status_code == 405


@pytest.mark.parametrize(
    ("persona", "status", "refetched"), [("curator", 403, False), ("editor", 202, True)]
)
def test_forcing_a_fetch_of_a_published_source_is_for_editors(
    api, request, persona, status, refetched
):
    """A fetch rewrites the title and text the public reads, so a curator may not force it.
    (The fetch itself would go out at the commit, which a test transaction never reaches.)"""
    source = SourceFactory(url="https://news.example/story", title="As published")
    api.force_authenticate(request.getfixturevalue(persona))
    response = api.post(URL, {"url": source.url, "force": True}, format="json")
    assert response.status_code == status, response.content
    source.refresh_from_db()
    assert (source.fetch_state == "queued") is refetched and source.title == "As published"
    if not refetched:
        assert "editor" in response.json()["detail"]
