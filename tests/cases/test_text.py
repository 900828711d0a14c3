"""Invisible direction controls (U+202E RIGHT-TO-LEFT OVERRIDE and its kin) are refused in
typed-in text like the C0 controls, with a message naming the character."""

import pytest
from django.urls import reverse

from cases.models import Event
from core.text import strip_control_characters
from tests.admin.forms import event_form
from tests.api.conftest import token_client
from tests.factories import CaseFactory, EventFactory, SourceFactory

pytestmark = pytest.mark.django_db

BIDI = ["\u202e", "\u202a", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f"]


@pytest.mark.parametrize("character", [*BIDI, "\u061c", "\ufeff"])
def test_the_api_refuses_a_direction_control_naming_the_field_and_the_character(editor, character):
    event = EventFactory(case=CaseFactory(), cite=SourceFactory())
    response = token_client(editor).patch(
        f"/api/v1/events/{event.pk}/", {"title": f"Judge rules{character} for OpenAI"}, "json"
    )
    assert response.status_code == 400, response.content
    message = response.json()["title"][0]
    assert "'title' contains the invisible" in message
    assert f"U+{ord(character):04X}" in message
    event.refresh_from_db()
    assert character not in event.title


def test_the_api_message_says_which_control_it_is_and_why_it_is_refused(editor):
    event = EventFactory(case=CaseFactory(), cite=SourceFactory())
    response = token_client(editor).patch(
        f"/api/v1/events/{event.pk}/", {"description": "gnp.\u202eexe"}, "json"
    )
    assert response.json()["description"] == [
        "'description' contains the invisible direction control U+202E RIGHT-TO-LEFT OVERRIDE, "
        "which can make text display in another order than it is stored: remove it (tab, "
        "newline and carriage return are fine)."
    ]


@pytest.mark.parametrize("character", ["\u202e", "\u2067"])
def test_the_admin_refuses_a_direction_control_with_a_form_error(editor_client, character):
    case = CaseFactory()
    response = editor_client.post(
        reverse("admin:cases_event_add"), event_form(case, title=f"Hearing{character} on motion")
    )
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.errors)
    assert f"Remove the invisible direction control U+{ord(character):04X}" in errors
    assert not Event.objects.exists()


def test_right_to_left_script_itself_is_welcome(editor_client):
    case = CaseFactory()
    response = editor_client.post(
        reverse("admin:cases_event_add"), event_form(case, title="Hearing on שלום and مرحبا")
    )
    assert response.status_code == 302
    assert Event.objects.get().title == "Hearing on שלום and مرحبا"


def test_feeds_and_calendars_drop_stored_direction_controls():
    assert strip_control_characters("a\u202eb\u2066c\u2069d\te\n") == "abcd\te\n"
