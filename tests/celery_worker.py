"""A real `celery worker` in a subprocess, as the worker tests and the ingestion benchmark run
it: the project's app and settings module, its own queue (so it never takes another worker's
tasks), started and waited for until it is ready, and stopped cleanly. Its PostgreSQL sessions
are named after its queue (libpq's PGAPPNAME), so pg_stat_activity shows which are its."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import time
import uuid
from collections.abc import Mapping, Sequence

ROOT = pathlib.Path(__file__).resolve().parent.parent  # the checkout


def broker_answers(url: str) -> bool:
    """Whether the Redis broker at `url` answers a PING within a second."""
    try:
        import redis
    except ImportError:
        return False
    try:
        with redis.Redis.from_url(url, socket_connect_timeout=1) as client:
            return bool(client.ping())
    except redis.RedisError:
        return False


class WorkerDidNotStart(RuntimeError):
    """The worker exited or was not ready in time; the message ends with its output."""


class CeleryWorker:
    """`celery -A config worker` on a queue of its own, with `pool` options such as
    ["--pool=prefork", "--concurrency=1"], `env` added to this process's environment, and its
    output in `log`. Use as a context manager, or call start() and stop()."""

    def __init__(
        self,
        broker_url: str,
        log: pathlib.Path,
        *,
        pool: Sequence[str],
        env: Mapping[str, str] | None = None,
        queue_prefix: str = "worker",
        ready_timeout: float = 60.0,
    ) -> None:
        self.broker_url, self.log, self.pool = broker_url, log, list(pool)
        self.env = dict(env or {})
        self.queue = f"{queue_prefix}-{uuid.uuid4().hex[:8]}"
        self.ready_timeout = ready_timeout
        self.process: subprocess.Popen | None = None
        self._app = None

    def start(self) -> CeleryWorker:
        command = [
            sys.executable, "-m", "celery", "-A", "config", "worker", *self.pool,
            "-Q", self.queue, "--loglevel=INFO", "--without-gossip", "--without-mingle",
            "--without-heartbeat", f"--hostname={self.queue}@%h",
        ]  # fmt: skip
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "CELERY_BROKER_URL": self.broker_url,
            "PGAPPNAME": self.queue,
            **self.env,
        }
        with self.log.open("w") as out:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
        deadline = time.monotonic() + self.ready_timeout
        while "ready." not in self.output():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                raise WorkerDidNotStart(
                    f"The Celery worker did not start:\n{self.output()[-3000:]}"
                )
            time.sleep(0.1)
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if self._app is not None:
            self._app.close()

    def __enter__(self) -> CeleryWorker:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()

    def send(self, task: str, args: Sequence, task_id: str | None = None) -> None:
        """Queue `task` for this worker only."""
        if self._app is None:
            from celery import Celery

            self._app = Celery("celery-subprocess-client", broker=self.broker_url)
        self._app.send_task(task, args=list(args), queue=self.queue, task_id=task_id)

    def waiting(self) -> int:
        """Messages the worker has not taken yet (the Redis list kombu keeps per queue)."""
        import redis

        with redis.Redis.from_url(self.broker_url) as client:
            return client.llen(self.queue)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def child_pids(self) -> list[int]:
        """The pool's child processes (Linux /proc; empty where it is not available)."""
        pid = self.process.pid
        children = pathlib.Path(f"/proc/{pid}/task/{pid}/children")
        return [int(child) for child in children.read_text().split()] if children.exists() else []

    def cpu_seconds(self) -> float | None:
        """CPU time of the worker and its pool's child processes so far (Linux /proc; a child
        replaced by a new one takes its time with it). None where /proc cannot tell."""
        try:
            return sum(_cpu_of(pid) for pid in [self.process.pid, *self.child_pids()])
        except OSError:
            return None


def _cpu_of(pid: int) -> float:
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
