"""`manage.py seed_bench`: a synthetic published case of N entries, replaced on re-runs."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Source
from cases import models
from cases.timeline.builder import build_timeline
from cases.timeline.scopes import case_scope

pytestmark = pytest.mark.django_db


def _entries(case) -> int:
    return (
        models.Event.objects.filter(case=case).count()
        + models.Testimony.objects.filter(case=case).count()
        + Source.objects.filter(cases=case).count()
    )


def test_seed_bench_creates_a_published_case_with_n_entries_and_shows_progress():
    out = StringIO()
    call_command("seed_bench", events=60, batch_size=7, stdout=out)
    case = models.Case.objects.get(slug="bench-case")
    assert case.is_published and _entries(case) == 60
    assert "events: 48/48" in out.getvalue()
    page = build_timeline(case_scope(case), page_size=100)
    assert len(page.entries) == 60
    assert all(entry.citations for entry in page.entries)


def test_re_running_replaces_the_previous_bench_case_only():
    call_command("seed_bench", events=40, slug="bench-other", verbosity=0)
    call_command("seed_bench", events=40, verbosity=0)
    first = models.Case.objects.get(slug="bench-case")
    call_command("seed_bench", events=20, verbosity=0)
    second = models.Case.objects.get(slug="bench-case")
    assert second.pk != first.pk and _entries(second) == 20
    assert not models.Event.objects.filter(case_id=first.pk).exists()
    assert _entries(models.Case.objects.get(slug="bench-other")) == 40


def test_remove_deletes_the_bench_case_and_its_sources_and_seeds_nothing():
    call_command("seed_bench", events=40, verbosity=0)
    call_command("seed_bench", events=40, slug="bench-other", verbosity=0)
    call_command("seed_bench", remove=True, verbosity=0)
    assert not models.Case.objects.filter(slug="bench-case").exists()
    assert not Source.objects.filter(url__contains="/bench-case/").exists()
    assert _entries(models.Case.objects.get(slug="bench-other")) == 40


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"events": 2}, "at least 3"),
        ({}, "at least 3"),
        ({"events": 10, "slug": "musk-v-openai"}, "Refusing"),
    ],
)
def test_seed_bench_refuses_bad_options(options, message):
    with pytest.raises(CommandError, match=message):
        call_command("seed_bench", **options)
