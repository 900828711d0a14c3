"""`manage.py sync_dockets`: progress per case, and a clear failure."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cases.models import Event
from tests.dockets.conftest import serve_docket

pytestmark = pytest.mark.django_db


def test_the_command_syncs_a_case_and_says_what_it_did(courtlistener, linked_case):
    serve_docket(courtlistener)
    out = StringIO()

    call_command("sync_dockets", "--case", linked_case.slug, stdout=out)

    assert out.getvalue().startswith(
        f"[1/1] {linked_case.short_title}: 3 new, 0 updated, 0 unchanged docket entries; "
        "0 published. The case is published, so its empty docket number"
    )
    assert Event.objects.filter(case=linked_case).count() == 3


def test_the_command_reports_a_refused_token_and_fails(courtlistener, linked_case):
    err = StringIO()
    courtlistener.answer("dockets/68477933/", {"detail": "Invalid token."}, status=401)

    with pytest.raises(CommandError, match="1 of 1 cases could not be synced"):
        call_command("sync_dockets", stderr=err, stdout=StringIO())

    assert "refused access (HTTP 401)" in err.getvalue()


def test_an_unknown_slug_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No case has the slug “nope”"):
        call_command("sync_dockets", "--case", "nope")
