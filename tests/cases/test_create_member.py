"""`manage.py create_member`: a curator or an editor in one step (issue 16)."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from cases.groups import CURATORS, EDITORS

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("create_member", *args, stdout=out)
    return out.getvalue()


def test_a_new_editor_can_log_in_to_the_admin_with_the_printed_password():
    output = _run("dana", "--role", "editor", "--email", "dana@example.org")

    password = output.split("password: ")[1].split()[0]
    user = User.objects.get(username="dana")
    assert user.is_staff and not user.is_superuser and user.email == "dana@example.org"
    assert [group.name for group in user.groups.all()] == [EDITORS]
    client = Client()
    assert client.login(username="dana", password=password)
    assert client.get("/admin/").status_code == 200


def test_an_existing_member_changes_role_and_keeps_their_password():
    _run("sam", "--role", "editor")
    user = User.objects.get(username="sam")
    user.set_password("kept-secret-1")
    user.save()

    output = _run("sam", "--role", "curator")

    user.refresh_from_db()
    assert "now a curator" in output and "password" not in output
    assert [group.name for group in user.groups.all()] == [CURATORS]
    assert user.check_password("kept-secret-1")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["bad name!", "--role", "editor"], "username"),
        (["lee", "--role", "editor", "--email", "not-an-address"], "email"),
    ],
)
def test_bad_input_creates_nobody_and_says_what_to_fix(args, message):
    with pytest.raises(CommandError, match=message):
        _run(*args)
    assert not User.objects.exists()


def test_an_unknown_role_is_refused_by_the_command_line():
    with pytest.raises(CommandError, match="invalid choice"):
        _run("kim", "--role", "owner")
