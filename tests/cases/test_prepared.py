"""Compiled query shapes reused with new values give what the ORM gives."""

import datetime as dt

import pytest

from cases.models import Event
from cases.prepared import PreparedQueries, PreparedQuery
from tests.factories import CaseFactory, EventFactory

pytestmark = pytest.mark.django_db
MARK_DAY, MARK_ID = dt.date(1, 3, 10), -(10**15)


def _queryset(day, pk):
    return (
        Event.objects.filter(date__gte=day, id__gt=pk).order_by("date", "id").values("id", "date")
    )


def test_a_prepared_query_run_with_new_values_equals_the_orm():
    case = CaseFactory()
    for day in range(1, 6):
        EventFactory(case=case, date=dt.date(2025, 1, day))
    prepared = PreparedQuery.compile(_queryset(MARK_DAY, MARK_ID), {MARK_DAY, MARK_ID})
    for day, pk in [(dt.date(2025, 1, 3), 0), (dt.date(2025, 1, 1), 2)]:
        rows = prepared.run({MARK_DAY: day, MARK_ID: pk})
        assert rows == list(_queryset(day, pk))
        assert all(isinstance(row["date"], dt.date) for row in rows)


def test_the_cache_compiles_a_shape_once_and_forgets_the_oldest():
    cache, built = PreparedQueries(size=2), []

    def build(tag):
        built.append(tag)
        return _queryset(MARK_DAY, MARK_ID)

    for key in ("a", "a", "b", "c", "a"):
        cache.get(key, lambda key=key: build(key), {MARK_DAY, MARK_ID})
    assert built == ["a", "b", "c", "a"]


def test_union_all_runs_its_parts_in_one_statement_each_with_its_own_values(
    django_assert_num_queries,
):
    case = CaseFactory()
    events = [EventFactory(case=case, date=dt.date(2025, 1, day)) for day in range(1, 5)]
    other_day, other_id = dt.date(1, 4, 11), -(10**15) - 1
    first = PreparedQuery.compile(_queryset(MARK_DAY, MARK_ID), {MARK_DAY, MARK_ID})
    second = PreparedQuery.compile(_queryset(other_day, other_id), {other_day, other_id})
    both = PreparedQuery.union_all([first, second])
    with django_assert_num_queries(1):
        rows = both.run(
            {MARK_DAY: dt.date(2025, 1, 4), MARK_ID: 0, other_day: dt.date(2025, 1, 1), other_id: 0}
        )
    assert sorted(row["id"] for row in rows) == sorted(
        [events[3].pk, *(event.pk for event in events)]
    )
