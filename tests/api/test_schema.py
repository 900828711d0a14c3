"""The OpenAPI schema: valid, documented, faithful to what the endpoints return (schemathesis)."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

pytestmark = pytest.mark.django_db


@pytest.fixture
def openapi(anon) -> dict:
    response = anon.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_valid_openapi_3(openapi):
    assert openapi["openapi"].startswith("3.")
    validate(openapi)


def test_an_unknown_schema_format_is_a_400_naming_the_formats(anon):
    response = anon.get(reverse("api:schema"), {"format": "bogus"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"format": ["Unknown format 'bogus' here. Choose from: yaml, json."]}
    assert anon.get(reverse("api:schema"), {"format": "yaml"}).status_code == 200


def test_every_field_and_every_filter_is_documented(openapi):
    undocumented = []
    for name, component in openapi["components"]["schemas"].items():
        for field, spec in component.get("properties", {}).items():
            if field in ("id",) or name.startswith("Paginated"):
                continue
            if "$ref" in spec or "allOf" in spec:
                continue  # an enum component: documented where it is described
            if not spec.get("description"):
                undocumented.append(f"{name}.{field}")
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if not parameter.get("description"):
                    undocumented.append(f"{method.upper()} {path} ?{parameter['name']}")
    assert undocumented == [], "\n".join(undocumented)


def test_the_docs_are_served_from_our_own_static_files(anon):
    for name in ("docs", "redoc"):
        page = anon.get(reverse(f"api:{name}")).content.decode()
        assert "cdn" not in page.lower() and "https://" not in page.replace(
            "https://swagger.io", ""
        ), name
        assert "/static/drf_spectacular_sidecar/" in page


# Each collection's component in the schema, and its nested lists' components.
COMPONENTS = {
    "cases": ("Case", {"roles": "CaseRole"}),
    "parties": ("Party", {"roles": "PartyRole"}),
    "events": ("Event", {"citations": "EventCitation"}),
    "testimony": ("Testimony", {"citations": "TestimonyCitation"}),
    "sources": ("Source", {}),
    "topics": ("Topic", {}),
    "courts": ("Court", {}),
}


@pytest.mark.parametrize("name", list(COMPONENTS))
def test_the_schema_documents_exactly_the_fields_each_collection_returns(
    openapi, anon, world, name
):
    schemas = openapi["components"]["schemas"]
    component, nested = COMPONENTS[name]
    item = anon.get(f"/api/v1/{name}/").json()["results"][0]
    assert list(item) == list(schemas[component]["properties"])
    for field, nested_component in nested.items():
        assert item[field], f"the test data should give {name} some {field}"
        assert list(item[field][0]) == list(schemas[nested_component]["properties"])


@pytest.fixture
def wsgi_in_test_transaction():
    """The WSGI handler closes the database connection after each request (as a server must);
    inside a test that would close the test's transaction, so keep it open, as Django's test
    client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Loaded in-process from the WSGI application (schema generation needs no database).
# The coverage phase's exhaustive boundary cases take minutes; examples + fuzzing stay bounded.
api_schema = schemathesis.openapi.from_wsgi(
    "/api/v1/schema/?format=json",
    application,
    config=schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": False}}}),
)


@api_schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_schemathesis_finds_no_server_error_and_no_response_breaking_the_schema(
    case, world, editor, wsgi_in_test_transaction
):
    """Random valid and invalid requests, as an editor (so writes run too), against a database
    holding published and draft data."""
    token, _ = Token.objects.get_or_create(user=editor)
    case.call_and_validate(
        headers={"Authorization": f"Token {token.key}"},
        checks=[not_a_server_error, response_schema_conformance, status_code_conformance],
    )
