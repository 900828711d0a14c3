"""With the task broker down, submitting a URL says so (503, an admin error, one line from the
command) within seconds, and the source is marked failed instead of staying "queued" with no
fetch on its way."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import Celery
from django.urls import reverse
from rest_framework.test import APIClient

from articles.ingestion.services.submission import QUEUE_UNAVAILABLE
from articles.models import Source
from config.celery import app as project_app
from tests.articles.conftest import page
from tests.databases import database_url

# The submissions commit, and the fetch is sent when they do. The flush after each such test
# empties every table, so the member groups are made again first (not serialized_rollback: it
# reloads rows that a flush after another module's transactional test has already remade).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("member_groups")]
ROOT = Path(__file__).resolve().parents[2]
NOBODY_LISTENS = "redis://127.0.0.1:1/0"
ARTICLE = page("techlusive-musk-xai.html")


@pytest.fixture
def broker_down(settings):
    """Tasks go to a broker (not eagerly, as elsewhere in the tests) that refuses connections.

    They are sent through a Celery app of the test's own, as a new process would: the
    project's app keeps the connection pool it made for the broker it saw first."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = NOBODY_LISTENS
    app = Celery("broker-down-test")
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.set_current()
    yield
    project_app.set_current()
    app.close()


def assert_failed_not_queued(url: str) -> Source:
    source = Source.objects.get(url=url)
    assert source.fetch_state == Source.FetchState.FAILED
    assert source.fetch_error == QUEUE_UNAVAILABLE
    return source


def test_the_api_answers_503_with_a_reason_and_the_source_is_marked_failed(curator, broker_down):
    api = APIClient()
    api.force_authenticate(curator)
    started = time.monotonic()
    response = api.post(
        reverse("api-source-ingest"), {"url": "https://news.example/a"}, format="json"
    )
    assert time.monotonic() - started < 5
    assert response.status_code == 503, response.content
    assert response["Retry-After"] == "60"
    detail = response.json()["detail"]
    assert detail.startswith("Could not queue the fetch: the task broker is unavailable")
    assert "send the URL again" in detail
    assert_failed_not_queued("https://news.example/a")


def test_sending_the_url_again_once_the_broker_is_back_queues_the_fetch(
    curator, broker_down, settings, server
):
    url = server.add("/story", ARTICLE)
    api = APIClient()
    api.force_authenticate(curator)
    assert api.post(reverse("api-source-ingest"), {"url": url}).status_code == 503
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the broker is back (here: tasks run in-process)
    response = api.post(reverse("api-source-ingest"), {"url": url})
    assert response.status_code == 202 and response.json()["queued"] is True
    source = Source.objects.get()
    assert source.fetch_state == Source.FetchState.FETCHED and source.fetch_error == ""


def test_the_admin_shows_an_error_on_the_form_and_keeps_the_urls(editor_client, broker_down):
    urls = "https://news.example/a\nhttps://news.example/b"
    response = editor_client.post(reverse("admin:articles_source_add_from_url"), {"urls": urls})
    assert response.status_code == 503
    html = response.content.decode()
    assert "Could not queue the fetch: the task broker is unavailable" in html
    assert "https://news.example/a is saved, marked failed; submit again" in html
    assert "https://news.example/b" in html  # still in the form, for the retry
    assert_failed_not_queued("https://news.example/a")
    assert not Source.objects.filter(url="https://news.example/b").exists()


def test_the_command_prints_one_line_and_fails(broker_down):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError) as raised:
        call_command("ingest", "https://news.example/a")
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith("[1/1] https://news.example/a: Could not queue the fetch")
    assert "CELERY_BROKER_URL" in message
    assert_failed_not_queued("https://news.example/a")


@pytest.fixture
def silent_broker():
    """A port that accepts connections and never answers: a hung Redis, or a firewall."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    listener.close()


def test_a_silent_broker_is_given_up_on_within_seconds_by_the_real_command(silent_broker):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": silent_broker,
        "DEBUG": "false",
        "SECRET_KEY": "broker-test-secret-key-" + "b" * 30,
        "LOG_LEVEL": "CRITICAL",
    }
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "manage.py", "ingest", "https://news.example/silent"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "CommandError: [1/1] https://news.example/silent: Could not queue the fetch: the task "
        "broker is unavailable; try again shortly. (Is the broker at CELERY_BROKER_URL "
        "running?) The source is saved, marked failed: run the command again to queue it."
    ]
    assert elapsed < 15, f"took {elapsed:.1f} s"
    assert_failed_not_queued("https://news.example/silent")
