"""`manage.py seed_bench`: a synthetic published case of N entries, replaced on re-runs."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Source
from cases import models
from cases.search.query import search
from cases.timeline.builder import build_timeline
from cases.timeline.scopes import case_scope
from demo.bench import COMMON_WORD, RARE_MATCHES, RARE_WORD

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


def test_cases_spreads_the_entries_evenly_over_numbered_cases_with_progress_per_case():
    out = StringIO()
    call_command("seed_bench", events=100, cases=3, stdout=out)
    seeded = models.Case.objects.filter(slug__startswith="bench-case").order_by("slug")
    assert [case.slug for case in seeded] == ["bench-case-1", "bench-case-2", "bench-case-3"]
    assert [_entries(case) for case in seeded] == [34, 33, 33]
    assert all(case.is_published for case in seeded)
    assert "cases: 3/3" in out.getvalue() and "events:" not in out.getvalue()
    assert "Seeded 'bench-case' with 100 entries" in out.getvalue()


def test_the_rare_word_matches_the_same_rows_whatever_the_number_of_cases():
    call_command("seed_bench", events=200, cases=2, verbosity=0)
    first = {kind: search(RARE_WORD).counts[kind] for kind in ("event", "testimony", "source")}
    call_command("seed_bench", events=600, cases=10, verbosity=0)
    second = search(RARE_WORD).counts
    assert first == {"event": RARE_MATCHES, "testimony": RARE_MATCHES, "source": RARE_MATCHES}
    assert {kind: second[kind] for kind in first} == first
    assert search(COMMON_WORD).counts["event"] == models.Event.objects.count() // 3


def test_remove_deletes_every_case_of_a_seed_of_several_and_nothing_else():
    call_command("seed_bench", events=40, slug="bench-other", verbosity=0)
    call_command("seed_bench", events=30, cases=3, verbosity=0)
    call_command("seed_bench", remove=True, verbosity=0)
    assert list(models.Case.objects.values_list("slug", flat=True)) == ["bench-other"]
    assert not Source.objects.filter(url__contains="/bench-case-").exists()
    assert (
        models.Event.objects.count()
        == models.Event.objects.filter(case__slug="bench-other").count()
    )
    assert _entries(models.Case.objects.get(slug="bench-other")) == 40


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"events": 2}, "at least 3"),
        ({"events": 8, "cases": 3}, "at least 3 a case"),
        ({"events": 8, "cases": 0}, "--cases must be positive"),
        ({}, "at least 3"),
        ({"events": 10, "slug": "musk-v-openai"}, "Refusing"),
    ],
)
def test_seed_bench_refuses_bad_options(options, message):
    with pytest.raises(CommandError, match=message):
        call_command("seed_bench", **options)
