"""The project's own PostgreSQL (config/embedded_db.py): started by the first process that needs
it, joined by the others, stopped when the last of them ends, whatever a crash left behind."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parent.parent
# A process of a checkout whose var/ is argv[1]: prints its DATABASE_URL, then uses the server
# until its standard input closes.
USER = """
import sys
from pathlib import Path

import config.embedded_db as db

db.VAR = Path(sys.argv[1])
db.PGDATA = db.VAR / "postgres"
db.START_STOP_LOCK, db.USERS_LOCK = db.VAR / "postgres.lock", db.VAR / "postgres.users"
print(db.database_url("probe"), flush=True)
sys.stdin.read()
"""


class User:
    def __init__(self, var: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", USER, str(var)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.url = self.process.stdout.readline().strip()
        assert self.url.startswith("postgres://"), "the process could not start the server"

    def leave(self) -> None:
        self.process.stdin.close()
        assert self.process.wait(timeout=60) == 0


def answers(url: str) -> bool:
    try:
        with psycopg.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=5):
            return True
    except psycopg.OperationalError:
        return False


@pytest.fixture
def var(tmp_path):
    yield tmp_path
    if (tmp_path / "postgres" / "postmaster.pid").exists():  # a failed test: stop the server
        leftover = User(tmp_path)
        leftover.leave()


def test_the_server_runs_until_the_last_process_using_it_ends(var):
    first = User(var)
    second = User(var)
    assert second.url == first.url
    assert answers(first.url)
    first.leave()
    assert answers(second.url), "the server stopped while a process still used it"
    second.leave()
    assert not (var / "postgres" / "postmaster.pid").exists()
    assert not answers(first.url)


def test_a_postmaster_pid_left_by_a_crash_does_not_stop_the_next_start(var):
    User(var).leave()  # creates the cluster
    # After a crash and a reboot, the pid in postmaster.pid can belong to another process.
    pgdata = var / "postgres"
    stale = [str(os.getpid()), str(pgdata), "0", "5432", str(pgdata), "", "0 0", "ready"]
    (pgdata / "postmaster.pid").write_text("\n".join(stale) + "\n")
    user = User(var)
    assert answers(user.url)
    user.leave()
