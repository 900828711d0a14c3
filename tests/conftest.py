"""Shared fixtures: the personas every endpoint is tested with."""

import contextlib
import os
import re
import uuid
from io import StringIO

import psutil
import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction

from cases.groups import ensure_groups
from tests.celery_worker import broker_answers
from tests.factories import UserFactory


@pytest.fixture
def member_groups(db):
    """Curators and Editors, made again where a flush between transactional tests removed them."""
    return ensure_groups()


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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test databases, with every session on them ended before they are
    dropped. PostgreSQL refuses to drop a database someone is connected to, and a connection
    pool, or a live server's request thread, can still hold one: the run then ended with a
    teardown warning and left the test database behind."""
    with django_db_blocker.unblock():
        _drop_test_databases_of_ended_runs()
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all(initialized_only=True):
            connection.close_pool()
            with connection._nodb_cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = %s AND pid <> pg_backend_pid()",
                    [connection.settings_dict["NAME"]],
                )


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker) -> str:
    """The demo dataset, loaded once for a test module and rolled back after it: what
    `load_demo` printed. Each test still runs in its own transaction inside this one."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = StringIO()
            call_command("load_demo", stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _drop_test_databases_of_ended_runs() -> None:
    """Drop the test databases that a run killed before its teardown left on the embedded
    server: config/test_settings names them after their run's pid, so a name whose pid no
    longer runs is a leftover."""
    from django.conf import settings
    from django.db import DatabaseError, connection

    if os.environ.get("DATABASE_URL"):
        return  # a server of someone else's, whose test databases pytest-django names
    prefix = re.fullmatch(r"(.+_)\d+(_gw\d+)?", settings.DATABASES["default"]["TEST"]["NAME"])[1]
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [prefix])
        names = [name for (name,) in cursor.fetchall()]
        for name in names:
            run = re.fullmatch(r"(\d+)(_gw\d+)?", name.removeprefix(prefix))
            if run is None or psutil.pid_exists(int(run.group(1))):
                continue
            with contextlib.suppress(DatabaseError):  # another worker dropped it first
                cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)}")


# --- The page cache (core.pagecache), off in the test settings: on for the tests that ask. ---

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_cache() -> dict:
    if not broker_answers(REDIS_URL):
        reason = f"Redis does not answer at {REDIS_URL}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI must test the page cache against Redis)")
        pytest.skip(reason)
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"pagecache-test-{uuid.uuid4().hex}",  # parallel runs never meet
    }


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request, settings):
    """The page cache turned on, in local memory or in Redis."""
    pages = (
        {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
        if request.param == "locmem"
        else _redis_cache()
    )
    settings.CACHES = {**settings.CACHES, "pages": pages}
    settings.PAGE_CACHE_SECONDS = 600
    yield caches["pages"]
    caches["pages"].clear()
