"""Sources and outlets keep simple-history's behaviour with the manager class built once."""

import pytest

from articles.models import Outlet, Source
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Source, Outlet])
def test_the_history_manager_class_is_built_once_not_on_every_access(model):
    assert type(model.history) is type(model.history)


def test_a_sources_history_lists_its_own_rows_and_the_model_history_lists_all():
    first, second = SourceFactory(title="First"), SourceFactory(title="Second")
    first.title = "First, corrected"
    first._change_reason = "Corrected"
    first.save()

    assert list(first.history.values_list("title", flat=True)) == ["First, corrected", "First"]
    assert first.history.first().history_change_reason == "Corrected"
    assert second.history.count() == 1
    assert Source.history.filter(id__in=[first.pk, second.pk]).count() == 3
    assert first.history.first().instance == first
