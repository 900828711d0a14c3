"""On PostgreSQL, statements a connection runs often are prepared, and still planned each time
for their own values (a generic plan would serve a 50,000-entry case with a small case's plan)."""

import pytest
from django.db import connection

from cases.models import Party

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL settings only"),
]


def test_a_statement_run_often_is_prepared_and_planned_for_its_own_values():
    for number in range(6):
        Party.objects.filter(pk=number).exists()
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_custom_plan"
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any('FROM "cases_party"' in statement for statement in prepared), prepared
