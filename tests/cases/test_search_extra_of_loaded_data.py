"""load_demo and seed_bench write rows directly, bypassing the services: they rebuild what
search finds a statement by (Testimony.search_extra), so it finds their statements by witness
and by wording."""

from django.core.management import call_command

from cases.models import Testimony
from cases.search.query import search


def test_the_demo_s_partly_answer_is_found_by_musk_and_by_the_shmews_wording(demo_data, db):
    partly = Testimony.objects.get(excerpt="Partly.")
    musk_distillation = [hit.entry.id for hit in search("Musk distilled", kinds=["testimony"]).hits]
    assert partly.pk in musk_distillation  # "distilled" is in its context, "Musk" its witness
    (hit,) = [hit for hit in search("Partially", kinds=["testimony"]).hits]
    assert hit.entry.id == partly.pk
    assert hit.wording_html == "<mark>Partially</mark>."


def test_seed_bench_s_statements_are_found_by_their_witness(db):
    call_command("seed_bench", events=60, batch_size=7, stdout=None)
    statements = Testimony.objects.filter(case__slug="bench-case")
    assert statements.exists() and not statements.filter(search_extra="").exists()
    results = search('"Bench Witness One"', kinds=["testimony"], limit=100)
    assert results.total == statements.filter(witness__name="Bench Witness One").count()
