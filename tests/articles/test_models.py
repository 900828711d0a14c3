"""Source.clean: a publication date outside the years the tracker accepts is a field error in
the admin and the API alike."""

import pytest
from django.urls import reverse

from articles.models import Source
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = [
    "0001-01-01T00:00:00Z",
    "1799-12-31T12:00:00Z",
    "2201-01-01T00:00:00Z",
    "9999-12-31T12:00:00Z",
]


@pytest.mark.parametrize("published_at", OUT_OF_RANGE)
def test_the_api_refuses_a_publication_year_outside_1800_to_2200(curator, published_at):
    response = token_client(curator).post(
        "/api/v1/sources/",
        {"url": "https://news.example/old", "published_at": published_at},
        format="json",
    )
    assert response.status_code == 400, response.content
    year = int(published_at[:4])
    assert response.json()["published_at"] == [
        f"The year {year} is outside what the tracker accepts: use a year from 1800 to 2200."
    ]
    assert not Source.objects.exists()


def test_the_api_accepts_the_edges_of_the_range(curator):
    api = token_client(curator)
    for n, published_at in enumerate(["1800-01-01T00:00:00Z", "2200-12-31T12:00:00Z"]):
        response = api.post(
            "/api/v1/sources/",
            {"url": f"https://news.example/{n}", "published_at": published_at},
            format="json",
        )
        assert response.status_code == 201, response.content


def admin_add_form(client, **overrides) -> dict:
    """The source add form's fields as the admin's page fills them, and its inlines' counts."""
    response = client.get(reverse("admin:articles_source_add"))
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value not in (None, [], ""):
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    data.update(overrides)
    return data


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_the_admin_shows_a_field_error_for_a_publication_year_outside_the_range(editor_client, day):
    url = reverse("admin:articles_source_add")
    data = admin_add_form(
        editor_client,
        url="https://news.example/old",
        title="Old news",
        published_at_0=day,
        published_at_1="12:00:00",
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["published_at"] == [
        f"The year {int(day[:4])} is outside what the tracker accepts: use a year from 1800 to "
        "2200."
    ]
    assert not Source.objects.exists()
    # The same form with a date inside the range saves.
    data.update(published_at_0="2026-05-01")
    assert editor_client.post(url, data).status_code == 302
    assert Source.objects.get().published_at.year == 2026
