"""Statements a connection runs often are prepared, and still planned each time
for their own values (a generic plan would serve a 50,000-entry case with a small case's plan),
except in Celery workers, whose statements have one good plan."""

import copy

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections

from cases.models import Party
from config.celery import use_worker_database_options

pytestmark = pytest.mark.django_db


def test_a_statement_run_often_is_prepared_and_planned_for_its_own_values():
    for number in range(6):
        Party.objects.filter(pk=number).exists()
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_custom_plan"
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any('FROM "cases_party"' in statement for statement in prepared), prepared


class _Database:
    """The parts of a Django connection the worker's hook uses, with a copy of the default
    database's settings."""

    def __init__(self) -> None:
        self.settings_dict = copy.deepcopy(connections[DEFAULT_DB_ALIAS].settings_dict)
        self.closed = []

    def close(self) -> None:
        self.closed.append("connection")

    def close_pool(self) -> None:
        self.closed.append("pool")


def test_a_celery_workers_sessions_reuse_generic_plans():
    """What the worker_init signal does to the default database: its open connection and pool
    are closed, and the sessions opened after it reuse generic plans."""
    import psycopg

    worker = _Database()
    use_worker_database_options(worker)
    assert worker.closed == ["connection", "pool"]

    web = connections[DEFAULT_DB_ALIAS]
    params = type(web)(worker.settings_dict, DEFAULT_DB_ALIAS).get_connection_params()
    with psycopg.connect(**params) as session:  # a session as a worker opens it
        assert session.execute("SHOW plan_cache_mode").fetchone()[0] == "auto"
    with connection.cursor() as cursor:  # the web's sessions keep planning each run
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_custom_plan"
