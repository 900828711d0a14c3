"""CSV exports as spreadsheets and scripts receive them: every matching row (streamed, not one
page), formulas from fetched pages neutralised, a download name, and a variant for Excel."""

import csv
import io

import pytest

from api.views import base
from tests.factories import EventFactory, SourceFactory

pytestmark = pytest.mark.django_db


def download(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response.streaming  # sent as it is read, never built whole in memory
    return response, b"".join(response.streaming_content)


def rows_of(body: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


def test_an_export_holds_every_matching_row_not_one_page(anon, world, monkeypatch):
    monkeypatch.setattr(base, "CSV_BATCH", 7)  # several batches
    for n in range(60):
        EventFactory(case=world.case, cite=world.source, title=f"Hearing {n}")
    response, body = download(anon, "/api/v1/events/?format=csv&page_size=5&fields=id,title")
    rows = rows_of(body)
    titles = {row["title"] for row in rows}
    assert {f"Hearing {n}" for n in range(60)} <= titles
    assert "Draft event" not in titles
    json_total = 0
    url = "/api/v1/events/?page_size=100"
    while url:
        page = anon.get(url).json()
        json_total += len(page["results"])
        url = page["next"]
    assert len(rows) == json_total


def test_filters_and_ordering_apply_to_the_export(anon, world):
    _response, body = download(anon, "/api/v1/events/?format=csv&kind=hearing&fields=id,kind")
    assert {row["kind"] for row in rows_of(body)} == {"hearing"}


@pytest.mark.parametrize(
    "payload", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]
)
def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(anon, world, payload):
    source = SourceFactory(url="https://example.org/formula", title=payload)
    source.cases.add(world.case)
    _response, body = download(anon, "/api/v1/sources/?format=csv&fields=id,title")
    titles = [row["title"] for row in rows_of(body)]
    assert "'" + payload in titles
    assert payload not in titles


def test_numbers_and_plain_text_are_left_alone():
    from core.text import neutralise_cell

    assert neutralise_cell(-3) == -3
    assert neutralise_cell("Musk v. OpenAI") == "Musk v. OpenAI"
    assert neutralise_cell("") == ""


def test_an_export_downloads_under_a_file_name(anon, world):
    response, _body = download(anon, "/api/v1/cases/?format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="cases.csv"'


def test_the_excel_variant_starts_with_a_byte_order_mark(anon, world):
    world.case.short_title = "Müller v. OpenAI"
    world.case.save()
    response, body = download(anon, "/api/v1/cases/?format=csv-excel&fields=short_title")
    assert body.startswith(b"\xef\xbb\xbf")
    assert rows_of(body[3:])[0]["short_title"] == "Müller v. OpenAI"
    _response, plain = download(anon, "/api/v1/cases/?format=csv&fields=short_title")
    assert not plain.startswith(b"\xef\xbb\xbf")


def test_errors_of_an_export_stay_json(anon, world):
    response = anon.get("/api/v1/events/?format=csv-excel&kind=nonsense")
    assert response.status_code == 400
    assert response.json()["kind"]


def test_an_export_runs_a_fixed_number_of_queries_per_batch(
    anon, world, django_assert_max_num_queries, monkeypatch
):
    monkeypatch.setattr(base, "CSV_BATCH", 3)
    for _ in range(5):
        EventFactory(case=world.case, cite=world.source)
    # 7 events: one query for the rows, and per batch of 3 at most one for their topics and
    # one for their citations
    with django_assert_max_num_queries(1 + 3 * 2):
        download(anon, "/api/v1/events/?format=csv")
