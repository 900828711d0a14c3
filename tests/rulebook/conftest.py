"""Fixtures for the rulebook tests: the base world and a client per persona, for the admin
(a browser session) and the API (a token)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from rest_framework.test import APIClient

from tests.rulebook.support import Base, make_base, session_client, token_client


@pytest.fixture
def base(db) -> Base:
    return make_base()


def persona_user(request, persona: str) -> User | None:
    return None if persona == "anonymous" else request.getfixturevalue(persona)


@pytest.fixture
def web_as(request) -> Callable[[str], Client]:
    """web_as("curator"): a browser session of that persona (the stranger is logged in but
    not staff; anonymous is not logged in)."""
    return lambda persona: session_client(persona_user(request, persona))


@pytest.fixture
def api_as(request) -> Callable[[str], APIClient]:
    """api_as("stranger"): an API client sending that persona's token (none for anonymous)."""
    return lambda persona: token_client(persona_user(request, persona))


@pytest.fixture
def editor_web(editor) -> Client:
    """A second session, used to read forms as someone who may edit them."""
    return session_client(editor)


@pytest.fixture
def editor_api(editor) -> APIClient:
    return token_client(editor)


@pytest.fixture
def curator_api(curator) -> APIClient:
    return token_client(curator)
