"""The case resource's DAIL-style facets and tracker row (issue 18): read, written through the
case write path, filterable, and in the CSV export."""

import csv
import datetime as dt
import io

import pytest

from cases.models import Case, CaseRole
from tests.factories import (
    ApplicationAreaFactory,
    CaseFactory,
    CaseRoleFactory,
    CauseOfActionFactory,
    EventFactory,
    PartyFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def facets(world):
    copyright_ = CauseOfActionFactory(name="Copyright", slug="copyright")
    images = ApplicationAreaFactory(name="Image generation", slug="image-generation")
    andersen = CaseFactory(
        slug="andersen",
        short_title="Andersen v. Stability AI",
        ai_systems="Stable Diffusion, DreamStudio",
        jurisdiction_type=Case.JurisdictionType.FEDERAL,
        is_class_action=True,
        causes_of_action=[copyright_],
        application_areas=[images],
    )
    CaseRoleFactory(
        case=andersen, party=PartyFactory(name="William H. Orrick"), role=CaseRole.Role.JUDGE
    )
    EventFactory(case=andersen, date=TODAY - dt.timedelta(days=2), title="Order on discovery")
    EventFactory(case=andersen, date=TODAY + dt.timedelta(days=9), title="Hearing")
    getty = CaseFactory(
        slug="getty",
        short_title="Getty v. Stability AI",
        ai_systems="Stable Diffusion",
        jurisdiction_type=Case.JurisdictionType.FOREIGN,
        has_published_opinion=True,
        causes_of_action=[copyright_],
    )
    return {"andersen": andersen, "getty": getty}


def _slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(row["slug"] for row in response.json()["results"])


def test_a_case_reads_with_its_facets_and_tracker_row(anon, facets):
    data = anon.get("/api/v1/cases/andersen/").json()
    assert {key: data[key] for key in data if key in EXPECTED} == EXPECTED
    assert data["latest_development_date"] == (TODAY - dt.timedelta(days=2)).isoformat()
    assert data["next_date"] == (TODAY + dt.timedelta(days=9)).isoformat()


EXPECTED = {
    "causes_of_action": ["copyright"],
    "application_areas": ["image-generation"],
    "ai_systems": "Stable Diffusion, DreamStudio",
    "jurisdiction_type": "federal",
    "is_class_action": True,
    "has_published_opinion": False,
    "judge": "William H. Orrick",
    "latest_development": "Order on discovery",
    "next_event": "Hearing",
}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"cause": "copyright"}, ["andersen", "getty"]),
        ({"area": "image-generation"}, ["andersen"]),
        ({"ai_system": "dreamstudio"}, ["andersen"]),
        ({"jurisdiction_type": "foreign"}, ["getty"]),
        ({"class_action": "true"}, ["andersen"]),
        ({"published_opinion": "true"}, ["getty"]),
    ],
)
def test_cases_filter_by_every_facet(anon, facets, params, expected):
    assert _slugs(anon.get("/api/v1/cases/", params)) == expected


@pytest.mark.parametrize("params", [{"class_action": "perhaps"}, {"jurisdiction_type": "galactic"}])
def test_a_bad_facet_filter_is_a_400(anon, facets, params):
    assert anon.get("/api/v1/cases/", params).status_code == 400


def test_an_editor_writes_the_facets_through_the_case_write_path(editor_api, facets):
    ApplicationAreaFactory(name="LLM training data", slug="llm")
    response = editor_api.patch(
        "/api/v1/cases/getty/",
        {
            "application_areas": ["llm"],
            "ai_systems": "Stable Diffusion XL",
            "is_class_action": True,
            "jurisdiction_type": "state",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    getty = Case.objects.get(slug="getty")
    assert list(getty.application_areas.values_list("slug", flat=True)) == ["llm"]
    assert list(getty.causes_of_action.values_list("slug", flat=True)) == ["copyright"]
    assert (getty.ai_systems, getty.is_class_action, getty.jurisdiction_type) == (
        "Stable Diffusion XL",
        True,
        "state",
    )
    assert response.json()["application_areas"] == ["llm"]


def test_an_unknown_facet_slug_is_a_400_that_names_it(editor_api, facets):
    response = editor_api.patch(
        "/api/v1/cases/getty/", {"causes_of_action": ["no-such-claim"]}, format="json"
    )
    assert response.status_code == 400
    assert "no-such-claim" in response.content.decode()


def test_the_csv_export_has_the_facets_and_tracker_columns(anon, facets):
    response = anon.get("/api/v1/cases/", {"format": "csv", "cause": "copyright"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(body))}
    assert set(rows) == {"andersen", "getty"}
    assert rows["andersen"]["causes_of_action"] == "copyright"
    assert rows["andersen"]["judge"] == "William H. Orrick"
    assert rows["andersen"]["latest_development"] == "Order on discovery"
    assert rows["getty"]["has_published_opinion"] in ("True", "true")


def test_the_schema_documents_the_facet_filters_and_the_tracker_fields(anon):
    schema = anon.get("/api/v1/schema/", {"format": "json"}).json()
    parameters = {
        parameter["name"]: parameter
        for parameter in schema["paths"]["/api/v1/cases/"]["get"]["parameters"]
    }
    for name in ("cause", "area", "ai_system", "jurisdiction_type", "class_action"):
        assert parameters[name].get("description"), name
    assert parameters["class_action"]["schema"]["type"] == "boolean"
    properties = schema["components"]["schemas"]["Case"]["properties"]
    for name in ("causes_of_action", "judge", "latest_development_date", "next_date"):
        assert properties[name].get("description"), name
    # A jurisdiction type or "" (unknown), as drf-spectacular writes a blank choice.
    refs = {item["$ref"].rsplit("/", 1)[1] for item in properties["jurisdiction_type"]["oneOf"]}
    assert refs == {"JurisdictionTypeEnum", "BlankEnum"}
    assert schema["components"]["schemas"]["JurisdictionTypeEnum"]["enum"] == [
        "federal",
        "state",
        "foreign",
    ]
