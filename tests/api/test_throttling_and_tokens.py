"""Throttling (429 with Retry-After) and getting a token."""

import io

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_rates(settings):
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/min", "user": "3/min"},
    }
    yield
    cache.clear()


def test_anonymous_clients_are_throttled_with_retry_after(anon, strict_rates):
    assert [anon.get("/api/v1/topics/").status_code for _ in range(2)] == [200, 200]
    response = anon.get("/api/v1/topics/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "throttled" in response.json()["detail"].lower()


def test_authenticated_clients_have_their_own_higher_rate(stranger_api, anon, strict_rates):
    assert [stranger_api.get("/api/v1/courts/").status_code for _ in range(3)] == [200] * 3
    assert stranger_api.get("/api/v1/courts/").status_code == 429
    # Anonymous readers are counted apart.
    assert anon.get("/api/v1/courts/").status_code == 200


def test_create_api_token_prints_the_same_token_until_rotated(curator):
    out = io.StringIO()
    call_command("create_api_token", "curator", stdout=out, stderr=io.StringIO())
    key = out.getvalue().strip()
    assert Token.objects.get(user=curator).key == key
    again = io.StringIO()
    call_command("create_api_token", "curator", stdout=again)
    assert again.getvalue().strip() == key
    rotated = io.StringIO()
    call_command("create_api_token", "curator", "--rotate", stdout=rotated, stderr=io.StringIO())
    assert rotated.getvalue().strip() not in ("", key)


def test_create_api_token_explains_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user named 'ghost'"):
        call_command("create_api_token", "ghost")


def test_a_token_authenticates_api_requests(curator, anon, world):
    out = io.StringIO()
    call_command("create_api_token", "curator", stdout=out, stderr=io.StringIO())
    anon.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    assert anon.get("/api/v1/events/?state=draft").json()["results"]
    anon.credentials(HTTP_AUTHORIZATION="Token wrong")
    assert anon.get("/api/v1/events/").status_code == 401
