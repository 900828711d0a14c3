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
    # The case, its member cases (an MDL's), then the timeline: one query per entry kind and
    # one for the citations.
    with django_assert_num_queries(6):
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


# --- TimelineJS as an embed loads it -----------------------------------------------------------


def timelinejs_document(client, slug="musk-v-openai", **params):
    response = client.get(f"/api/v1/cases/{slug}/timeline/", {"format": "timelinejs", **params})
    assert response.status_code == 200, response.content
    return response.json()


def test_the_timelinejs_file_holds_every_published_entry_not_one_page(anon, world, monkeypatch):
    from api.views import timeline as timeline_view

    monkeypatch.setattr(timeline_view, "MAX_PAGE_SIZE", 4)  # several pages behind one file
    for n in range(11):
        EventFactory(case=world.case, cite=world.source, date=dt.date(2025, 3, 1 + n))
    total, url = 0, "/api/v1/cases/musk-v-openai/timeline/?page_size=3"
    while url:
        page = anon.get(url).json()
        total += len(page["results"])
        url = page["next"]
    document = timelinejs_document(anon)
    ids = [slide["unique_id"] for slide in document["events"]]
    assert len(ids) == total == len(set(ids))
    assert f"event-{world.draft_event.pk}" not in ids
    assert set(document) == {"title", "events"}  # no page links: nothing to follow


def test_kind_still_narrows_the_timelinejs_file_and_paging_parameters_are_refused(anon, world):
    document = timelinejs_document(anon, kind="testimony")
    assert {slide["group"] for slide in document["events"]} == {"Testimony"}
    response = anon.get(
        "/api/v1/cases/musk-v-openai/timeline/", {"format": "timelinejs", "page_size": "5"}
    )
    assert response.status_code == 400
    assert "page_size" in response.json()


def test_a_case_with_no_entries_still_gives_a_timeline_timelinejs_renders(anon, world):
    from tests.factories import CaseFactory

    case = CaseFactory(
        slug="quiet-case", short_title="Quiet v. Nobody", filed_on=dt.date(2026, 2, 3)
    )
    document = timelinejs_document(anon, slug=case.slug)
    assert document["title"]["text"]["headline"] == "Quiet v. Nobody"
    [slide] = document["events"]  # TimelineJS refuses a document without events
    assert slide["start_date"]["year"] == 2026 and slide["start_date"]["day"] == 3
    assert "No entries" in slide["text"]["text"]


def test_a_multi_day_event_keeps_its_end_date(anon, world):
    trial = EventFactory(
        case=world.case,
        cite=world.source,
        title="Jury trial",
        date=dt.date(2026, 4, 27),
        end_date=dt.date(2026, 5, 15),
    )
    slide = next(
        s for s in timelinejs_document(anon)["events"] if s["unique_id"] == f"event-{trial.pk}"
    )
    assert slide["end_date"] == {
        "year": 2026,
        "month": 5,
        "day": 15,
        "display_date": "15 May 2026",
    }
    assert slide["display_date"].endswith("15 May 2026")


def test_pages_on_other_origins_may_read_the_api_but_never_with_credentials(anon, world):
    origin = "https://newsroom.example"
    for url in (
        "/api/v1/cases/musk-v-openai/timeline/?format=timelinejs",
        "/api/v1/cases/",
        "/cases/musk-v-openai/feed/",
        "/cases/musk-v-openai/calendar.ics",
    ):
        response = anon.get(url, HTTP_ORIGIN=origin)
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in response
    preflight = anon.options(
        "/api/v1/cases/",
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    site = anon.get("/cases/musk-v-openai/", HTTP_ORIGIN=origin)
    assert "Access-Control-Allow-Origin" not in site  # the pages themselves are not shared
