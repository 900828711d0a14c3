"""Guessing passwords at /admin/login/ (django-axes): after AXES_FAILURE_LIMIT wrong ones for a
username from one address, even the right password is refused for the cool-off time."""

import pytest
from django.test import Client, override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("lockout_on")]
LOGIN = "/admin/login/"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def lockout_on():
    """config.test_settings turns the lockout off for the rest of the suite."""
    with override_settings(AXES_ENABLED=True):
        yield


@pytest.fixture
def editor(db):
    user = UserFactory(username="editor", groups=["Editors"])
    user.set_password(PASSWORD)
    user.save()
    return user


def log_in(client: Client, password: str, username: str = "editor", address="203.0.113.5"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_after_thirty_wrong_passwords_the_right_one_is_refused_with_a_lockout_page(editor):
    client = Client()
    codes = [log_in(client, f"guess {n}").status_code for n in range(30)]
    # The form shows its error for the first four; from the limit on, the lockout page.
    assert codes[:4] == [200] * 4 and set(codes[4:]) == {429}
    response = log_in(client, PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client)
    page = response.content.decode()
    assert "Too many failed logins" in page
    assert "as <strong>editor</strong> from this address is locked after 5 wrong passwords" in page
    assert "Wait 15 minutes" in page


def test_the_lockout_is_per_username_and_address(editor):
    for n in range(5):
        log_in(Client(), f"guess {n}")
    assert log_in(Client(), PASSWORD).status_code == 429
    # The same editor from another address, where nobody guessed, logs in.
    elsewhere = Client()
    assert log_in(elsewhere, PASSWORD, address="198.51.100.9").status_code == 302
    assert logged_in(elsewhere)


def test_rotating_x_forwarded_for_does_not_reset_the_count(editor):
    """With NUM_PROXIES=0 (the default) the header is not the client's address."""
    client = Client()
    for n in range(5):
        client.post(
            LOGIN,
            {"username": "editor", "password": f"guess {n}"},
            REMOTE_ADDR="203.0.113.5",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    response = client.post(
        LOGIN,
        {"username": "editor", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.5",
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )
    assert response.status_code == 429


def test_fewer_wrong_passwords_than_the_limit_do_not_lock_and_success_resets_them(editor):
    client = Client()
    for n in range(4):
        assert log_in(client, f"guess {n}").status_code == 200
    assert log_in(client, PASSWORD).status_code == 302
    assert logged_in(client)
    client.logout()
    for n in range(4):  # counted from zero again
        assert log_in(client, f"again {n}").status_code == 200
    assert log_in(client, PASSWORD).status_code == 302


def test_force_login_sessions_and_api_tokens_keep_working_with_the_lockout_on(editor):
    client = Client()
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    assert api.get("/api/v1/events/?state=draft").status_code == 200
