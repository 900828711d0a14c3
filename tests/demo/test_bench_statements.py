"""The demo data records judges' words as statements from the bench, and its checks refuse a
judge's words recorded as a witness's testimony."""

import copy

import pytest
from django.db.models import Exists, OuterRef

from cases.models import CaseRole, Testimony
from cases.models.entries import BENCH_ROLES
from demo.checks import dataset_problems
from demo.dataset import read_dataset

DATASET = read_dataset()


def judges_words(data):
    for case in data.cases:
        judges = {r["party"] for r in case.get("roles", []) if r["role"] == "judge"}
        for item in case.get("testimony", []):
            if item["witness"] in judges:
                yield case, item


def test_every_judges_statement_in_the_dataset_is_from_the_bench():
    words = list(judges_words(DATASET))
    assert len(words) >= 20  # both files: YGR, Alsup, Stein, Rakoff, Bansal …
    assert {item.get("speaker") for _, item in words} == {"bench"}
    assert not [p for p in dataset_problems(DATASET) if "bench" in p]


def test_the_checks_refuse_a_judges_words_recorded_as_testimony():
    data = copy.deepcopy(DATASET)
    case, item = next(judges_words(data))
    del item["speaker"]
    problems = "\n".join(dataset_problems(data))
    assert f"{item['witness']} is a judge in this case" in problems
    assert 'add "speaker": "bench"' in problems


def test_the_checks_refuse_a_witness_speaking_from_the_bench():
    data = copy.deepcopy(DATASET)
    case = next(c for c in data.cases if c["slug"] == "musk-v-openai")
    item = next(t for t in case["testimony"] if t["witness"] == "elon-musk")
    item["speaker"] = "bench"
    assert any(
        "only a judge of the case speaks from the bench" in p for p in dataset_problems(data)
    )


@pytest.mark.django_db
def test_load_demo_loads_judges_words_as_statements_from_the_bench(demo_data):
    judge = CaseRole.objects.filter(
        case=OuterRef("case"), party=OuterRef("witness"), role__in=BENCH_ROLES
    )
    statements = Testimony.objects.annotate(by_judge=Exists(judge))
    assert statements.filter(speaker="bench").count() >= 20
    assert not statements.filter(by_judge=True).exclude(speaker="bench").exists()
    assert not statements.filter(by_judge=False, speaker="bench").exists()
