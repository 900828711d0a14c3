"""GET /api/v1/cases/<slug>/timeline/: the case page's timeline as JSON and TimelineJS."""

import datetime as dt

import pytest

from core.dates import Precision
from tests.factories import EventFactory, TestimonyFactory

pytestmark = pytest.mark.django_db


def timeline(client, slug="musk-v-openai", **params):
    response = client.get(f"/api/v1/cases/{slug}/timeline/", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_timeline_merges_events_testimony_and_sources_in_date_order(anon, world):
    body = timeline(anon)
    kinds = [entry["kind"] for entry in body["results"]]
    assert {"event", "testimony", "source"} <= set(kinds)
    keys = [(entry["date"][:4], entry["date"]) for entry in body["results"]]
    assert keys == sorted(keys, key=lambda key: key[0])
    first = body["results"][0]
    assert (first["id"], first["date"], first["date_precision"], first["date_display"]) == (
        world.month_event.pk,
        "2024-11",
        "month",
        "November 2024",
    )
    assert first["api_url"].endswith(f"/api/v1/events/{world.month_event.pk}/")
    assert first["citations"][0]["source"] == world.source.pk


def test_the_timeline_never_shows_drafts_or_draft_cases(anon, curator_api, world):
    ids = {(entry["kind"], entry["id"]) for entry in timeline(anon)["results"]}
    assert ("event", world.draft_event.pk) not in ids
    assert ("testimony", world.draft_testimony.pk) not in ids
    assert anon.get("/api/v1/cases/secret-case/timeline/").status_code == 404


def test_the_timeline_pages_by_cursor_and_filters_by_kind(anon, world):
    for day in range(1, 6):
        EventFactory(case=world.case, cite=world.source, date=dt.date(2025, 1, day))
    first = timeline(anon, page_size=3)
    assert len(first["results"]) == 3
    second = anon.get(first["next"]).json()
    assert second["results"][0]["date"] > first["results"][-1]["date"] or (
        second["results"][0]["id"] != first["results"][-1]["id"]
    )
    events_only = timeline(anon, kind="event")
    assert {entry["kind"] for entry in events_only["results"]} == {"event"}
    from_2026 = timeline(anon, **{"from": "2026"})
    assert all(entry["date"] >= "2026" for entry in from_2026["results"])


def test_timelinejs_output_honours_partial_dates(anon, world):
    TestimonyFactory(
        case=world.case,
        witness=world.witness,
        cite=world.source,
        date=dt.date(2025, 1, 1),
        date_precision=Precision.YEAR,
        excerpt="<script>alert(1)</script> Partly.",
    )
    response = anon.get("/api/v1/cases/musk-v-openai/timeline/", {"format": "timelinejs"})
    assert response.status_code == 200
    document = response.json()
    assert document["title"]["text"]["headline"] == "Musk v. OpenAI"
    dates = {slide["unique_id"]: slide["start_date"] for slide in document["events"]}
    assert dates[f"event-{world.month_event.pk}"] == {
        "year": 2024,
        "month": 11,
        "display_date": "November 2024",
    }
    year_slide = next(
        s for s in document["events"] if s["start_date"].get("display_date") == "2025"
    )
    assert year_slide["start_date"] == {"year": 2025, "display_date": "2025"}
    assert "<script>" not in response.content.decode()
    assert "&lt;script&gt;" in year_slide["text"]["text"]
    assert dates[f"event-{world.event.pk}"]["day"] == 27


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"kind": "verdict"}, "kind"),
        ({"after": "nonsense"}, "after"),
        ({"before": "2026-13-01.day.event.1"}, "before"),
        ({"from": "2026-02-31"}, "from"),
        ({"page_size": "0"}, "page_size"),
        ({"latest": "yes"}, "latest"),
        ({"colour": "red"}, "colour"),
        ({"format": "csv"}, "format"),
    ],
)
def test_bad_timeline_parameters_are_400s_that_name_them(anon, world, params, name):
    response = anon.get("/api/v1/cases/musk-v-openai/timeline/", params)
    assert response.status_code == 400
    assert name in response.json()


@pytest.mark.parametrize("extra", [1, 15])
def test_the_timeline_runs_a_fixed_number_of_queries(anon, world, django_assert_num_queries, extra):
    for number in range(extra):
        EventFactory(case=world.case, cite=world.source, date=dt.date(2025, 2, 1 + number))
    # The case, then the timeline: one query per entry kind and one for the citations.
    with django_assert_num_queries(5):
        timeline(anon, page_size=500)


def test_the_api_lists_the_same_entries_as_the_case_page(anon, world):
    from cases.timeline.builder import build_timeline
    from cases.timeline.scopes import case_scope

    page = build_timeline(case_scope(world.case))
    expected = [(str(entry.kind), entry.id) for entry in page.entries]
    assert [(e["kind"], e["id"]) for e in timeline(anon)["results"]] == expected
    html = anon.get(world.case.get_absolute_url()).content.decode()
    for kind, pk in expected:
        assert f'id="{kind}-{pk}"' in html
