"""The member groups in code (cases.groups) say exactly what the migrations granted."""

import pytest
from django.contrib.auth.models import Group

from cases.groups import CURATORS, EDITORS, codenames, ensure_groups

pytestmark = pytest.mark.django_db


def granted(name: str) -> set[tuple[str, str]]:
    return set(
        Group.objects.get(name=name).permissions.values_list("content_type__app_label", "codename")
    )


def declared(name: str) -> set[tuple[str, str]]:
    return {(app, code) for app, codes in codenames(name).items() for code in codes}


@pytest.mark.parametrize("name", [CURATORS, EDITORS])
def test_the_groups_the_migrations_made_hold_exactly_the_declared_permissions(name):
    assert granted(name) == declared(name)


def test_ensure_groups_makes_missing_groups_again_with_the_same_permissions():
    Group.objects.filter(name__in=[CURATORS, EDITORS]).delete()
    ensure_groups()
    assert granted(CURATORS) == declared(CURATORS)
    assert granted(EDITORS) == declared(EDITORS)
    assert ("cases", "publish_case") in granted(EDITORS)
    assert ("cases", "publish_case") not in granted(CURATORS)
    ensure_groups()  # idempotent
    assert Group.objects.filter(name__in=[CURATORS, EDITORS]).count() == 2
