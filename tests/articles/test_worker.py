"""Ingestion through a real Celery worker process on Redis and PostgreSQL.

The worker is a `celery worker` subprocess with the production settings module (not the eager
test settings), pointed at the pytest test database and at Redis (TEST_REDIS_URL). The tests
need committed data the worker can see, hence transactional tests. They skip with a reason when
Redis is missing locally, and fail instead when CI=true.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from django.db import connection

from articles.ingestion.services.submission import submit_url
from articles.models import Source, TestimonyCandidate
from tests.articles.conftest import TECHLUSIVE_PATH, Route, page
from tests.celery_worker import CeleryWorker, WorkerDidNotStart, broker_answers
from tests.databases import database_url

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
ARTICLE = page("techlusive-musk-xai.html")
FetchState = Source.FetchState


def require(condition: bool, reason: str) -> None:
    if not condition:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI must run the real worker tests)")
        pytest.skip(reason)


class Worker(CeleryWorker):
    def enqueue(self, source_id: int, task_id: str | None = None) -> None:
        self.send("articles.fetch_source", [source_id], task_id=task_id)


def start_worker(db_url: str, log: Path, pool: list[str]) -> Worker:
    worker = Worker(
        REDIS_URL,
        log,
        pool=pool,
        env={
            "DATABASE_URL": db_url,
            "INGEST_ALLOW_PRIVATE_NETWORKS": "true",  # the pages are served on 127.0.0.1
            "INGEST_RETRY_BACKOFF": "0.2",
            "INGEST_MAX_RETRIES": "2",
            "INGEST_READ_TIMEOUT": "2",
            "SECRET_KEY": "worker-tests-secret-key-" + "w" * 30,
        },
        queue_prefix="ingest-tests",
        ready_timeout=30,
    )
    try:
        return worker.start()
    except WorkerDidNotStart as exc:
        pytest.fail(str(exc))


def worker_database(django_db_blocker) -> str:
    require(broker_answers(REDIS_URL), f"Redis does not answer at {REDIS_URL}")
    with django_db_blocker.unblock():
        return database_url()


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """Two threads, so two tasks can race for one source."""
    db_url = worker_database(django_db_blocker)
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    handle = start_worker(db_url, log, ["--pool=threads", "--concurrency=2"])
    yield handle
    handle.stop()


@pytest.fixture
def prefork_worker(django_db_setup, django_db_blocker, tmp_path):
    """The production pool: a parent process and one child process that runs the tasks."""
    db_url = worker_database(django_db_blocker)
    handle = start_worker(db_url, tmp_path / "worker.log", ["--pool=prefork", "--concurrency=1"])
    yield handle
    handle.stop()


def wait_for(source_id: int, states=(FetchState.FETCHED, FetchState.FAILED), timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        source = Source.objects.get(pk=source_id)
        if source.fetch_state in states:
            return source
        time.sleep(0.05)
    raise AssertionError(f"source {source_id} still {source.fetch_state} after {timeout} s")


def test_the_worker_ingests_the_techlusive_article(worker, server, demo_parties):
    url = server.add(TECHLUSIVE_PATH.rstrip("/"), ARTICLE)
    submission = submit_url(url, enqueue=worker.enqueue)
    source = wait_for(submission.source.pk)
    assert source.fetch_state == FetchState.FETCHED, source.fetch_error + worker.output()[-2000:]
    assert source.title.startswith("Elon Musk reveals xAI") and source.outlet.name == "Techlusive"
    assert set(source.mentions.values_list("party__name", flat=True)) >= {"Elon Musk", "OpenAI"}
    partly = TestimonyCandidate.objects.get(source=source, quote="Partly.")
    assert partly.speaker == demo_parties.musk
    assert "articles.fetch_source" in worker.output()


def test_the_worker_retries_server_errors_with_backoff_then_succeeds(worker, server):
    server.routes["/flaky"] = Route(
        sequence=[Route(status=503), Route(status=500), Route(body=ARTICLE)]
    )
    submission = submit_url(server.url("/flaky"), enqueue=worker.enqueue)
    source = wait_for(submission.source.pk)
    assert source.fetch_state == FetchState.FETCHED, source.fetch_error
    assert server.paths() == ["/flaky"] * 3
    assert "Retry in" in worker.output()


def test_the_worker_gives_up_after_its_retries_with_a_readable_error(worker, server):
    server.add("/down", b"<html>down</html>", status=500)
    submission = submit_url(server.url("/down"), enqueue=worker.enqueue)
    source = wait_for(submission.source.pk)
    assert source.fetch_state == FetchState.FAILED
    assert source.fetch_error == "The site had a server error (HTTP 500)."
    assert len(server.hits) == 3  # the first try and INGEST_MAX_RETRIES=2 retries
    assert source.text == "" and source.outlet is None


def test_two_tasks_on_one_source_at_once_write_one_set_of_records(worker, server, demo_parties):
    url = server.add("/slow", ARTICLE, delay=0.8)
    source = Source.objects.create(url=url)
    worker.enqueue(source.pk)
    worker.enqueue(source.pk)  # a second submission, picked up by the worker's second thread
    source = wait_for(source.pk, states=(FetchState.FETCHED,))
    time.sleep(1.0)  # let the second task finish too
    assert len(server.hits) == 1  # the second task found the fetch held and stood down
    assert source.history.filter(history_change_reason="Fetched").count() == 1
    assert TestimonyCandidate.objects.filter(source=source, quote="Partly.").count() == 1


def test_a_task_whose_worker_process_dies_is_redelivered_and_finished(
    prefork_worker, server, demo_parties
):
    url = server.add("/slow", ARTICLE, delay=1.0)
    submission = submit_url(url, enqueue=prefork_worker.enqueue)
    deadline = time.monotonic() + 15
    while not server.hits:  # the child process is now fetching the page
        assert time.monotonic() < deadline, prefork_worker.output()[-2000:]
        time.sleep(0.02)
    children = prefork_worker.child_pids()
    require(bool(children), "the worker's child processes are not listed in /proc")
    for child in children:
        os.kill(child, signal.SIGKILL)  # the machine's OOM killer, say, mid-task
    source = wait_for(submission.source.pk, states=(FetchState.FETCHED,), timeout=30)
    assert "WorkerLostError" in prefork_worker.output()  # the parent saw it die...
    assert len(server.hits) == 2  # ...and the message ran again in a new child
    assert source.history.filter(history_change_reason="Fetched").count() == 1
    assert TestimonyCandidate.objects.filter(source=source, quote="Partly.").count() == 1


def worker_backends(worker: Worker) -> set[int]:
    """The PostgreSQL server processes of a worker's database connections (named after its
    queue)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s", [worker.queue]
        )
        return {pid for (pid,) in cursor.fetchall()}


def test_a_prefork_worker_keeps_its_database_connection_from_task_to_task(
    prefork_worker, server, demo_parties
):
    """Celery's Django fix-up would close the connection pool around every task in a prefork
    worker, so each page paid for a new connection and a cold server process."""
    backends = []
    for number in range(3):
        url = server.add(f"/story-{number}", ARTICLE)
        submission = submit_url(url, enqueue=prefork_worker.enqueue)
        assert wait_for(submission.source.pk).fetch_state == FetchState.FETCHED
        backends.append(worker_backends(prefork_worker))
    assert backends[0] and backends[0] == backends[1] == backends[2]


def test_a_worker_whose_database_connection_was_cut_gets_a_new_one_for_the_next_task(
    prefork_worker, server, demo_parties
):
    first = submit_url(server.add("/one", ARTICLE), enqueue=prefork_worker.enqueue)
    assert wait_for(first.source.pk).fetch_state == FetchState.FETCHED
    with connection.cursor() as cursor:  # a database restart or a failover, for the worker
        for pid in worker_backends(prefork_worker):
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    second = submit_url(server.add("/two", ARTICLE), enqueue=prefork_worker.enqueue)
    source = wait_for(second.source.pk)
    assert source.fetch_state == FetchState.FETCHED, prefork_worker.output()[-2000:]
