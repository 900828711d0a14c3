"""The API's throttles count per client address, and a client cannot pick its own address by
writing X-Forwarded-For: only the proxies NUM_PROXIES says are there are believed."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_rates(settings):
    """Two anonymous requests a minute, with the NUM_PROXIES the settings give by default."""
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/min", "user": "3/min"},
    }
    yield settings
    cache.clear()


def get(client: APIClient, forwarded_for: str, remote: str = "203.0.113.7") -> int:
    response = client.get("/api/v1/topics/", HTTP_X_FORWARDED_FOR=forwarded_for, REMOTE_ADDR=remote)
    return response.status_code


def test_by_default_no_proxy_is_trusted(settings):
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0


def test_rotating_x_forwarded_for_does_not_escape_the_anonymous_throttle(strict_rates):
    client = APIClient()
    codes = [get(client, f"198.51.100.{n}") for n in range(1, 6)]
    assert codes == [200, 200, 429, 429, 429]


def test_behind_one_proxy_the_address_it_saw_is_counted_not_what_the_client_wrote(strict_rates):
    strict_rates.REST_FRAMEWORK = {**strict_rates.REST_FRAMEWORK, "NUM_PROXIES": 1}
    client = APIClient()
    # The proxy appends the address it saw (192.0.2.1); the client's own entries vary.
    codes = [get(client, f"198.51.100.{n}, 192.0.2.1", remote="10.0.0.2") for n in range(1, 5)]
    assert codes == [200, 200, 429, 429]
    # Another client behind the same proxy has its own count.
    assert get(client, "192.0.2.2", remote="10.0.0.2") == 200
