"""The admin's "Add member" form: a curator or an editor in one step, through
cases.groups.make_member, for whoever Django lets add users."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from cases.groups import CURATORS, EDITORS

pytestmark = pytest.mark.django_db

ADD_MEMBER = "admin:auth_user_add_member"


def test_a_superuser_adds_an_editor_in_one_step_and_sees_the_password_once(
    client, superuser, member_groups
):
    client.force_login(superuser)
    response = client.post(
        reverse(ADD_MEMBER), {"username": "ada", "email": "ada@example.org", "role": "editor"}
    )
    assert response.status_code == 200
    ada = User.objects.get(username="ada")
    assert ada.is_staff and not ada.is_superuser
    assert ada.email == "ada@example.org"
    assert list(ada.groups.values_list("name", flat=True)) == [EDITORS]
    password = response.context["password"]
    assert password and password in response.content.decode()
    assert ada.check_password(password)
    # Shown once: the form again, and the user's own page, never show it.
    assert password not in client.get(reverse(ADD_MEMBER)).content.decode()
    change = client.get(reverse("admin:auth_user_change", args=[ada.pk]))
    assert password not in change.content.decode()


def test_the_user_list_links_to_the_add_member_form(client, superuser):
    client.force_login(superuser)
    html = client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert reverse(ADD_MEMBER) in html


def test_a_curator_may_not_add_members(curator_client):
    response = curator_client.post(reverse(ADD_MEMBER), {"username": "mallory", "role": "editor"})
    assert response.status_code == 403
    assert not User.objects.filter(username="mallory").exists()


def test_an_editor_may_not_add_members_either(editor_client):
    assert editor_client.get(reverse(ADD_MEMBER)).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse(ADD_MEMBER))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"username": "curator", "role": "editor"}, "username", "already has an account"),
        ({"username": "bad name!", "role": "curator"}, "username", "valid username"),
        ({"username": "grace", "role": "admin"}, "role", "Select a valid choice"),
        ({"username": "", "role": "curator"}, "username", "required"),
        ({"username": "grace", "email": "not-an-address", "role": "curator"}, "email", "valid"),
    ],
    ids=["duplicate-username", "invalid-username", "unknown-role", "no-username", "bad-email"],
)
def test_bad_input_shows_a_form_error_and_creates_nobody(
    client, superuser, curator, data, field, message
):
    client.force_login(superuser)
    before = User.objects.count()
    response = client.post(reverse(ADD_MEMBER), data)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert User.objects.count() == before
    assert set(curator.groups.values_list("name", flat=True)) == {CURATORS}
