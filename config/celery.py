"""The Celery application; tasks live in each app's tasks.py, ingestion's in articles/ingestion."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["articles.ingestion"])


def use_worker_database_options(database) -> None:
    """Give a worker's sessions on `database` (a Django connection) the options of
    settings.WORKER_DATABASE_OPTIONS (generic plans on PostgreSQL: see the settings) over
    those the web's sessions use. A connection or pool it has open is closed first, so none
    keeps the web's options."""
    from django.conf import settings

    if not settings.WORKER_DATABASE_OPTIONS:
        return
    database.close()
    if hasattr(database, "close_pool"):  # PostgreSQL's connection pool
        database.close_pool()
    database.settings_dict.setdefault("OPTIONS", {}).update(settings.WORKER_DATABASE_OPTIONS)


@signals.worker_init.connect
def on_worker_init(**_kwargs) -> None:
    """In a worker's main process, before its pool starts: every child process then opens
    its connections with the worker's options."""
    from django.db import DEFAULT_DB_ALIAS, connections

    use_worker_database_options(connections[DEFAULT_DB_ALIAS])


@signals.task_prerun.connect
@signals.task_postrun.connect
def hand_back_database_connections(sender=None, **_kwargs) -> None:
    """Around every task a worker runs, give the database connection back to the pool (or
    close it if it broke or aged out), as Django does around a request.

    Celery's Django fix-up would close the connection itself, and in a prefork worker close
    the whole connection pool with it, so every task connected afresh (about 15 ms a page);
    CELERY_DB_REUSE_MAX leaves that to this handler. Eager tasks run inside the caller's
    request or transaction and are left alone."""
    from django.db import close_old_connections, connection

    if getattr(getattr(sender, "request", None), "is_eager", False) or connection.in_atomic_block:
        return
    close_old_connections()
