"""The Celery application; tasks live in each app's tasks.py."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


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
