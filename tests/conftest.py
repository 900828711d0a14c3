"""Shared fixtures: the personas every endpoint is tested with."""

import pytest
from django.contrib.auth.models import User

from tests.factories import UserFactory


@pytest.fixture
def curator(db) -> User:
    return UserFactory(username="curator", groups=["Curators"])


@pytest.fixture
def editor(db) -> User:
    return UserFactory(username="editor", groups=["Editors"])


@pytest.fixture
def stranger(db) -> User:
    """Logged in (or holding a token) but in no group: may read, may not write."""
    return UserFactory(username="stranger", is_staff=False)


@pytest.fixture
def superuser(db) -> User:
    return UserFactory(username="admin", is_superuser=True)


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
