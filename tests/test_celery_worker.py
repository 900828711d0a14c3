"""The real-worker helper the worker tests and the ingestion benchmark share."""

import pytest

from tests.celery_worker import CeleryWorker, WorkerDidNotStart, broker_answers


def test_a_worker_that_cannot_start_is_reported_with_its_output(tmp_path):
    worker = CeleryWorker(
        "redis://127.0.0.1:1/0", tmp_path / "worker.log", pool=["--pool=no-such-pool"]
    )
    with pytest.raises(WorkerDidNotStart, match="did not start(.|\n)*no-such-pool"):
        worker.start()
    assert worker.process.poll() is not None  # nothing left running
    assert worker.queue.startswith("worker-")


def test_a_broker_nobody_listens_on_does_not_answer():
    assert broker_answers("redis://127.0.0.1:1/0") is False
