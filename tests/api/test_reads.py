"""What readers get: published data only, dates at their precision, sparse fields, CSV,
conditional GET and pagination."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CaseRoleFactory, EventFactory, PartyFactory, TopicFactory

pytestmark = pytest.mark.django_db

COLLECTIONS = ["cases", "parties", "events", "testimony", "sources", "topics", "courts"]


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_the_root_lists_every_collection_and_the_documentation(anon):
    response = anon.get(reverse("api:root"))
    assert response.status_code == 200
    links = response.json()
    for name in COLLECTIONS:
        assert links[name] == f"http://testserver/api/v1/{name}/"
    assert links["schema"].endswith("/api/v1/schema/")


def test_anonymous_readers_see_no_draft_anywhere(anon, world):
    draft_markers = {
        world.draft_case.slug,
        world.draft_event.title,
        world.event_of_draft_case.title,
        world.draft_testimony.excerpt,
        world.draft_source.url,
    }
    for name in COLLECTIONS:
        body = anon.get(f"/api/v1/{name}/").content.decode()
        for marker in draft_markers:
            assert marker not in body, (name, marker)
    # Nor through a detail address, nor in counts.
    assert anon.get(f"/api/v1/cases/{world.draft_case.slug}/").status_code == 404
    assert anon.get(f"/api/v1/events/{world.draft_event.pk}/").status_code == 404
    assert anon.get(f"/api/v1/events/{world.event_of_draft_case.pk}/").status_code == 404
    assert anon.get(f"/api/v1/testimony/{world.draft_testimony.pk}/").status_code == 404
    assert anon.get(f"/api/v1/sources/{world.draft_source.pk}/").status_code == 404
    assert anon.get("/api/v1/cases/").json()["count"] == 1


def test_parties_and_topics_only_named_by_drafts_stay_hidden(anon, curator_api, world):
    insider = PartyFactory(slug="insider")
    CaseRoleFactory(case=world.draft_case, party=insider, role="witness")
    secret_topic = TopicFactory(slug="secret-topic")
    world.draft_case.topics.add(secret_topic)
    assert anon.get("/api/v1/parties/insider/").status_code == 404
    assert anon.get("/api/v1/topics/secret-topic/").status_code == 404
    assert "insider" not in anon.get("/api/v1/parties/").content.decode()
    assert "secret-topic" not in anon.get("/api/v1/topics/").content.decode()
    assert curator_api.get("/api/v1/parties/insider/").status_code == 200
    # The examining counsel of public testimony is named there, so their page exists.
    assert anon.get(f"/api/v1/parties/{world.counsel.slug}/").status_code == 200


def test_a_witness_never_links_to_a_draft_case_they_have_a_role_in(anon, world):
    party = anon.get(f"/api/v1/parties/{world.witness.slug}/").json()
    assert party["roles"] == [{"case": "musk-v-openai", "role": "plaintiff"}]
    source = anon.get(f"/api/v1/sources/{world.source.pk}/").json()
    assert source["cases"] == ["musk-v-openai"]


def test_citations_of_draft_sources_are_hidden_from_readers_but_shown_to_curators(
    anon, curator_api, world
):
    event = EventFactory(case=world.case, cite=world.draft_source, title="Cites a draft")
    event.citations.create(source=world.source)  # a published event cites a published source
    public = [e for e in results(anon.get("/api/v1/events/")) if e["title"] == "Cites a draft"]
    assert [c["source"] for c in public[0]["citations"]] == [world.source.pk]
    curated = results(curator_api.get("/api/v1/events/?search=draft"))
    assert {c["source"] for e in curated for c in e["citations"]} >= {world.draft_source.pk}


def test_curators_and_editors_see_drafts_and_can_filter_on_state(curator_api, editor_api, world):
    for client in (curator_api, editor_api):
        titles = {e["title"] for e in results(client.get("/api/v1/events/?state=draft"))}
        assert titles == {world.draft_event.title}


def test_a_stranger_with_a_token_reads_like_an_anonymous_reader(stranger_api, world):
    titles = {e["title"] for e in results(stranger_api.get("/api/v1/events/"))}
    assert world.draft_event.title not in titles
    assert world.event.title in titles


def test_dates_carry_their_precision(anon, world):
    event = anon.get(f"/api/v1/events/{world.month_event.pk}/").json()
    assert event["date"] == "2024-11"
    assert event["date_precision"] == "month"
    assert event["date_display"] == "November 2024"
    case = anon.get(f"/api/v1/cases/{world.case.slug}/").json()
    assert case["filed_on"] == "2024-08-05"
    assert case["filed_on_display"] == "5 August 2024"
    assert case["closed_on"] is None


def test_sparse_fields_return_only_those_and_do_not_select_the_other_columns(anon, world):
    with CaptureQueriesContext(connection) as queries:
        response = anon.get("/api/v1/events/?fields=title,date")
    assert [set(row) for row in results(response)] == [{"title", "date"}] * 2
    event_query = next(q["sql"] for q in queries if 'FROM "cases_event"' in q["sql"])
    selected = event_query.split(" FROM ")[0]
    assert '"cases_event"."title"' in selected
    assert '"cases_event"."description"' not in selected
    assert '"cases_event"."importance"' not in selected
    # Nothing is loaded for the relations that were not asked for.
    assert not any("cases_eventcitation" in q["sql"] for q in queries)


def test_sparse_fields_work_on_detail_endpoints(anon, world):
    body = anon.get(f"/api/v1/cases/{world.case.slug}/?fields=slug,topics").json()
    assert body == {"slug": "musk-v-openai", "topics": ["distillation"]}


def test_an_unknown_sparse_field_is_a_400_naming_it(anon, world):
    response = anon.get("/api/v1/events/?fields=title,secret")
    assert response.status_code == 400
    assert "secret" in response.json()["fields"][0]


def test_list_endpoints_speak_csv_with_columns_in_api_order(anon, world):
    response = anon.get("/api/v1/testimony/?format=csv&fields=id,witness,topics,citations")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["id", "witness", "topics", "citations"]
    assert rows[1][:2] == [str(world.testimony.pk), "elon-musk"]
    assert f'"source":{world.source.pk}' in rows[1][3]
    assert len(rows) == 2  # the draft testimony is not there


def test_csv_lists_join_names_with_semicolons(anon, world):
    world.case.topics.add(world.topic.__class__.objects.create(name="Fair use", slug="fair-use"))
    body = b"".join(anon.get("/api/v1/cases/?format=csv").streaming_content)
    rows = list(csv.DictReader(io.StringIO(body.decode())))
    assert (
        rows[0]["topics"] == "fair-use; distillation"
        or rows[0]["topics"] == "distillation; fair-use"
    )


def test_csv_is_refused_on_detail_endpoints_and_errors_stay_json(anon, world):
    response = anon.get(f"/api/v1/events/{world.event.pk}/?format=csv")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "format" in response.json()
    response = anon.get("/api/v1/events/?format=csv&kind=nonsense")
    assert response.status_code == 400
    assert response.json()["kind"]


def test_detail_endpoints_answer_conditional_gets(anon, world):
    url = f"/api/v1/events/{world.event.pk}/"
    first = anon.get(url)
    assert first["ETag"] and first["Last-Modified"]
    again = anon.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    since = anon.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    world.event.title = "Changed"
    world.event.save()
    changed = anon.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_models_without_timestamps_still_get_an_etag(anon, world):
    url = f"/api/v1/parties/{world.witness.slug}/"
    first = anon.get(url)
    assert "Last-Modified" not in first
    assert anon.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_cursor_pagination_walks_a_growing_collection_without_repeats(anon, world):
    for number in range(5):
        EventFactory(case=world.case, cite=world.source, title=f"Same day {number}")
    seen, url = [], "/api/v1/events/?page_size=2"
    while url:
        body = anon.get(url).json()
        assert "count" not in body
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == 7


def test_page_size_is_capped(anon, world, monkeypatch):
    from api.pagination import CursorPagination, PageNumberPagination

    monkeypatch.setattr(CursorPagination, "max_page_size", 1)
    monkeypatch.setattr(PageNumberPagination, "max_page_size", 1)
    assert len(anon.get("/api/v1/events/?page_size=100000").json()["results"]) == 1
    assert len(anon.get("/api/v1/parties/?page_size=100000").json()["results"]) == 1


def test_small_collections_use_page_numbers_with_a_count(anon, world):
    body = anon.get("/api/v1/parties/?page_size=1").json()
    assert body["count"] == 2
    assert "page=2" in body["next"]
