"""A judge's remark or ruling is a statement from the bench in the API: labelled by `speaker`,
filterable, never listed as a witness's testimony."""

import pytest

from cases.models import Testimony
from tests.factories import CaseRoleFactory, PartyFactory, TestimonyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def judge(world):
    judge = PartyFactory(slug="yvonne-gonzalez-rogers", name="Yvonne Gonzalez Rogers")
    CaseRoleFactory(case=world.case, party=judge, role="judge")
    return judge


@pytest.fixture
def remark(world, judge):
    return TestimonyFactory(
        case=world.case,
        witness=judge,
        speaker=Testimony.Speaker.BENCH,
        cite=world.source,
        excerpt="There is plenty of evidence.",
    )


def test_a_bench_statement_says_so_and_names_no_witness(anon, remark):
    row = anon.get(f"/api/v1/testimony/{remark.pk}/").json()
    assert row["speaker"] == "bench"
    assert (row["said_by"], row["said_by_name"]) == (
        "yvonne-gonzalez-rogers",
        "Yvonne Gonzalez Rogers",
    )
    assert row["witness"] is None and row["witness_name"] is None


def test_testimony_names_its_witness(anon, world):
    row = anon.get(f"/api/v1/testimony/{world.testimony.pk}/").json()
    assert row["speaker"] == "witness"
    assert (row["witness"], row["said_by"]) == ("elon-musk", "elon-musk")


def test_the_speaker_filter_separates_the_bench_from_witnesses(anon, world, remark):
    bench = anon.get("/api/v1/testimony/?speaker=bench").json()["results"]
    assert [row["id"] for row in bench] == [remark.pk]
    witnesses = anon.get("/api/v1/testimony/?speaker=witness").json()["results"]
    assert [row["id"] for row in witnesses] == [world.testimony.pk]


def test_the_witness_filter_lists_only_testimony(anon, remark):
    assert anon.get("/api/v1/testimony/?witness=yvonne-gonzalez-rogers").json()["results"] == []
    said = anon.get("/api/v1/testimony/?said_by=yvonne-gonzalez-rogers").json()["results"]
    assert [row["id"] for row in said] == [remark.pk]


def test_an_unknown_speaker_is_a_400_naming_the_choices(anon):
    response = anon.get("/api/v1/testimony/?speaker=jury")
    assert response.status_code == 400
    assert "jury" in str(response.json())


def test_a_judges_statement_written_without_a_speaker_is_from_the_bench(curator_api, world, judge):
    payload = {"case": world.case.slug, "witness": judge.slug, "date": "2026-01", "excerpt": "No."}
    response = curator_api.post("/api/v1/testimony/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert Testimony.objects.get(excerpt="No.", witness=judge).speaker == "bench"
    payload["witness"] = world.witness.slug
    assert curator_api.post("/api/v1/testimony/", payload, format="json").status_code == 201
    assert Testimony.objects.get(excerpt="No.", witness=world.witness).speaker == "witness"


def test_the_schema_documents_the_speaker_field_and_filter(anon):
    schema = anon.get("/api/v1/schema/?format=json").json()
    fields = schema["components"]["schemas"]["Testimony"]["properties"]
    assert "bench" in str(fields["speaker"]) and fields["witness"]["nullable"] is True
    params = {p["name"] for p in schema["paths"]["/api/v1/testimony/"]["get"]["parameters"]}
    assert {"speaker", "said_by", "witness"} <= params


def test_the_timeline_labels_a_bench_statement_and_names_no_witness(anon, world, remark):
    rows = anon.get(f"/api/v1/cases/{world.case.slug}/timeline/?kind=testimony").json()["results"]
    details = {row["id"]: row["details"] for row in rows}
    assert details[remark.pk]["speaker"] == "bench"
    assert details[remark.pk]["said_by"] == "yvonne-gonzalez-rogers"
    assert details[remark.pk]["witness"] is None
    assert details[world.testimony.pk]["speaker"] == "witness"
    assert details[world.testimony.pk]["witness"] == "elon-musk"
