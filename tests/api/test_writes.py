"""Writing through the API: drafts, publication through the service, field-level errors,
atomic writes and the request-body cap."""

import datetime as dt
import json

import pytest

from articles.models import Source
from cases.models import Case, CaseRole, Event, Testimony
from core.publishing import PublicationState
from tests.factories import EventFactory, PartyFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)

DRAFT, PUBLISHED = PublicationState.DRAFT, PublicationState.PUBLISHED


def event_payload(world, **extra):
    return {
        "case": world.case.slug,
        "date": "2024-11",
        "title": "Judge denies the motion",
        "kind": "ruling",
        "citations": [{"source": world.source.pk, "pinpoint": "ECF 471 at 3"}],
        **extra,
    }


def test_a_curator_creates_a_draft_event_with_its_citations_in_one_request(curator_api, world):
    response = curator_api.post("/api/v1/events/", event_payload(world), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "draft"
    assert (body["date"], body["date_precision"], body["date_display"]) == (
        "2024-11",
        "month",
        "November 2024",
    )
    assert body["citations"] == [{"source": world.source.pk, "pinpoint": "ECF 471 at 3"}]
    assert response["Location"] == body["api_url"]
    event = Event.objects.get(pk=body["id"])
    assert event.date.isoformat() == "2024-11-01"
    history = event.history.first()
    assert history.history_user.username == "curator"


@pytest.mark.parametrize(
    ("value", "precision"), [("2024", "year"), ("2024-11", "month"), ("2024-11-05", "day")]
)
def test_written_dates_infer_their_precision(curator_api, world, value, precision):
    response = curator_api.post("/api/v1/events/", event_payload(world, date=value), format="json")
    assert response.status_code == 201
    assert response.json()["date_precision"] == precision
    assert response.json()["date"] == value


@pytest.mark.parametrize(
    "value",
    [
        "2026-02-31",
        "Nov 2024",
        20241105,
        "",
        None,
        "2024-13",
        # Beyond the accepted years (1800-2200): typos the pages cannot lay out.
        "9999-12-31",
        "9998-12-31",
        "0001",
        "0050",
        "9999-12",
        "1799-12-31",
        "2201",
        # Not ISO 8601, though int() reads them.
        "+202",
        "2_24",
        "\u0662\u0660\u0662\u0664",  # Arabic-Indic digits
        "2024-1",
    ],
)
def test_a_bad_date_is_a_400_naming_the_field(curator_api, world, value):
    before = Event.objects.count()
    response = curator_api.post("/api/v1/events/", event_payload(world, date=value), format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["date"]
    assert Event.objects.count() == before


def test_dates_outside_the_accepted_years_are_refused_with_the_range_named(editor_api, world):
    url = f"/api/v1/events/{world.event.pk}/"
    response = editor_api.patch(url, {"date": "9999-12-31"}, format="json")
    assert response.status_code == 400
    assert "a year from 1800 to 2200" in response.json()["date"][0]
    response = editor_api.patch(url, {"end_date": "9999-12-31"}, format="json")
    assert response.status_code == 400
    assert "1800 to 2200" in response.json()["end_date"][0]
    response = editor_api.patch(
        f"/api/v1/cases/{world.case.slug}/", {"filed_on": "0050"}, format="json"
    )
    assert response.status_code == 400
    assert "1800 to 2200" in response.json()["filed_on"][0]
    for edge in ("1800", "2200-12-31"):
        response = editor_api.patch(url, {"date": edge}, format="json")
        assert response.status_code == 200, response.content


def test_unknown_choices_and_unknown_references_are_field_level_errors(curator_api, world):
    response = curator_api.post(
        "/api/v1/events/",
        event_payload(world, kind="picnic", case="no-such-case", citations=[{"source": 999999}]),
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert "picnic" in errors["kind"][0]
    assert errors["case"]
    assert "999999" in json.dumps(errors["citations"])


def test_model_rules_come_back_as_field_errors_not_server_errors(curator_api, world):
    response = curator_api.post(
        "/api/v1/events/",
        event_payload(world, date="2025-03-10", end_date="2025-03-01"),
        format="json",
    )
    assert response.status_code == 400
    assert "end_date" in response.json()
    response = curator_api.post(
        "/api/v1/cases/",
        {
            "short_title": "Dup",
            "slug": "dup",
            "court": world.court.slug,
            "docket_number": world.case.docket_number,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "docket number" in json.dumps(response.json())


def test_malformed_json_is_a_400(curator_api):
    response = curator_api.post(
        "/api/v1/events/", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]


@pytest.mark.parametrize("depth", [40, 500, 1000, 100_000])
def test_deeply_nested_json_is_a_400_not_a_server_error(curator_api, depth):
    body = "[" * depth + "]" * depth
    response = curator_api.post("/api/v1/topics/", data=body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert "nested too deeply" in response.json()["detail"]
    wrapped = '{"name": "Deep", "slug": "deep", "x": ' + body + "}"
    response = curator_api.post("/api/v1/topics/", data=wrapped, content_type="application/json")
    assert response.status_code == 400, response.content


def test_an_editor_publishing_an_uncited_event_gets_a_field_error_and_nothing_changes(
    editor_api, world
):
    event = EventFactory(case=world.case, cite=False, state=DRAFT)
    response = editor_api.patch(
        f"/api/v1/events/{event.pk}/", {"state": "published", "title": "New"}, format="json"
    )
    assert response.status_code == 400
    assert "cites no source" in response.json()["citations"][0]
    event.refresh_from_db()
    assert (event.state, event.title) == (DRAFT, event.title)
    assert event.title != "New"


def test_an_editor_cannot_publish_an_event_of_a_draft_case(editor_api, world):
    response = editor_api.post(
        "/api/v1/events/",
        event_payload(world, case=world.draft_case.slug, state="published"),
        format="json",
    )
    assert response.status_code == 400
    assert "publish the case first" in response.json()["case"][0]
    assert not Event.objects.filter(title="Judge denies the motion").exists()


def test_an_editor_publishes_and_unpublishes_and_readers_follow(editor_api, anon, world):
    url = f"/api/v1/events/{world.draft_event.pk}/"
    world.draft_event.citations.create(source=world.source)  # a published source to cite
    response = editor_api.patch(url, {"state": "published"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["made_public_at"]
    assert anon.get(url).status_code == 200
    assert editor_api.patch(url, {"state": "draft"}, format="json").status_code == 200
    assert anon.get(url).status_code == 404


def test_a_published_entry_never_loses_its_last_citation(editor_api, world):
    url = f"/api/v1/testimony/{world.testimony.pk}/"
    response = editor_api.patch(url, {"citations": []}, format="json")
    assert response.status_code == 400
    assert "at least one published source" in response.json()["citations"][0]
    assert world.testimony.citations.count() == 1


def test_citations_are_replaced_with_their_own_wording(editor_api, world):
    other = Source.objects.create(
        url="https://example.org/other", state=PUBLISHED, made_public_at=NOW
    )
    url = f"/api/v1/testimony/{world.testimony.pk}/"
    citations = [
        {"source": world.source.pk, "wording": "Partly."},
        {"source": other.pk, "wording": "Partially."},
    ]
    response = editor_api.patch(url, {"citations": citations}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["citations"] == citations
    assert response.json()["corroboration"] == 2


def test_citing_one_source_twice_is_refused(curator_api, world):
    twice = [{"source": world.source.pk}, {"source": world.source.pk}]
    response = curator_api.post(
        "/api/v1/events/", event_payload(world, citations=twice), format="json"
    )
    assert response.status_code == 400
    assert "twice" in response.json()["citations"][0]


def test_a_duplicate_source_url_is_refused_after_normalizing_it(curator_api, world):
    response = curator_api.post(
        "/api/v1/sources/",
        {"url": "HTTPS://NYTimes.com/musk-trial/?utm_source=feed#top"},
        format="json",
    )
    assert response.status_code == 400
    assert f"source #{world.source.pk}" in response.json()["url"][0]
    response = curator_api.post("/api/v1/sources/", {"url": "ftp://example.org/x"}, format="json")
    assert response.status_code == 400
    assert "http" in response.json()["url"][0]


def test_the_api_and_submitting_a_url_refuse_the_same_duplicates(curator_api, world):
    """One rule for both ways in: an address another source declares canonical (its AMP or
    print twin) is that source, not a new one."""
    from articles.ingestion.services.submission import submit_url
    from articles.urlnorm import normalize_url

    amp = "https://www.nytimes.com/musk-trial/amp"
    Source.objects.filter(pk=world.source.pk).update(canonical_url=normalize_url(amp))
    response = curator_api.post("/api/v1/sources/", {"url": amp}, format="json")
    assert response.status_code == 400
    message = response.json()["url"][0]
    assert f"source #{world.source.pk}" in message and "canonical address" in message
    assert submit_url(amp, enqueue=lambda pk: None).source.pk == world.source.pk


def test_a_submitted_url_gets_its_known_outlet_before_it_is_fetched(world):
    from articles.ingestion.services.submission import submit_url

    submitted = submit_url("https://nytimes.com/another-story", enqueue=lambda pk: None)
    assert submitted.created and submitted.source.outlet == world.source.outlet


def test_a_new_source_gets_its_outlet_from_the_url(curator_api, world):
    response = curator_api.post(
        "/api/v1/sources/",
        {"url": "https://www.nytimes.com/another", "cases": [world.case.slug]},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["outlet"] == "nytimes.com"
    assert response.json()["cases"] == [world.case.slug]


def test_case_roles_are_written_with_the_case(curator_api, world):
    lawyer = PartyFactory(slug="lawyer")
    response = curator_api.post(
        "/api/v1/cases/",
        {
            "short_title": "A v. B",
            "slug": "a-v-b",
            "court": world.court.slug,
            "filed_on": "2025-02",
            "roles": [
                {"party": world.witness.slug, "role": "plaintiff"},
                {"party": lawyer.slug, "role": "counsel", "represents": world.witness.slug},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["filed_on"] == "2025-02"
    assert [r["role"] for r in body["roles"]] == ["counsel", "plaintiff"]
    response = curator_api.post(
        "/api/v1/cases/",
        {
            "short_title": "C v. D",
            "slug": "c-v-d",
            "court": world.court.slug,
            "roles": [{"party": lawyer.slug, "role": "plaintiff", "represents": "elon-musk"}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "Only counsel" in json.dumps(response.json()["roles"])
    assert not Case.objects.filter(slug="c-v-d").exists()


def test_related_lists_are_replaced_when_sent_and_kept_when_left_out(editor_api, world):
    """A source's cases, a case's topics and its roles, on update."""
    source_url = f"/api/v1/sources/{world.source.pk}/"
    response = editor_api.patch(source_url, {"cases": [world.case.slug]}, format="json")
    assert response.status_code == 200, response.content
    assert editor_api.patch(source_url, {"title": "Renamed"}, format="json").status_code == 200
    world.source.refresh_from_db()
    assert world.source.title == "Renamed"
    assert list(world.source.cases.values_list("slug", flat=True)) == [world.case.slug]

    case_url = f"/api/v1/cases/{world.case.slug}/"
    roles = [{"party": world.counsel.slug, "role": "defendant"}]
    response = editor_api.patch(case_url, {"topics": [], "roles": roles}, format="json")
    assert response.status_code == 200, response.content
    assert editor_api.patch(case_url, {"summary": "Updated."}, format="json").status_code == 200
    world.case.refresh_from_db()
    assert world.case.summary == "Updated." and not world.case.topics.exists()
    assert list(world.case.roles.values_list("party__slug", "role")) == [
        (world.counsel.slug, "defendant")
    ]


def test_deleting_a_party_others_refer_to_is_a_409_not_a_500(editor_api, world):
    response = editor_api.delete(f"/api/v1/parties/{world.witness.slug}/")
    assert response.status_code == 409
    assert "refer to" in response.json()["detail"]
    assert CaseRole.objects.filter(party=world.witness).exists()


def test_an_oversized_body_is_a_413_json_error_and_stores_nothing(curator_api, world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    before = Testimony.objects.count()
    payload = {
        "case": world.case.slug,
        "witness": world.witness.slug,
        "date": "2025",
        "excerpt": "x" * 5_000,
    }
    response = curator_api.post("/api/v1/testimony/", payload, format="json")
    assert response.status_code == 413
    assert "larger than 2000 bytes" in response.json()["detail"]
    assert Testimony.objects.count() == before


def test_a_lying_huge_content_length_is_refused_up_front(curator_api):
    response = curator_api.generic(
        "POST",
        "/api/v1/events/",
        data=b"{}",
        content_type="application/json",
        CONTENT_LENGTH=str(10**12),
    )
    assert response.status_code == 413


def test_an_oversized_form_body_is_a_413_too(curator_api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = curator_api.post("/api/v1/topics/", {"name": "x" * 500, "slug": "big"})
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")


def test_nul_characters_are_refused_with_a_400_naming_the_field(curator_api, world):
    response = curator_api.post(
        "/api/v1/cases/",
        {"short_title": "A", "slug": "a", "court": "cand", "roles": [{"party": "x\x00"}]},
        format="json",
    )
    assert response.status_code == 400
    assert "roles.0.party" in response.json()["roles"][0]
    response = curator_api.get("/api/v1/events/?case=a%00b")
    assert response.status_code == 400
    assert "case" in response.json()


@pytest.mark.parametrize("character", ["\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f"])
def test_control_characters_are_refused_with_a_400_naming_the_field(editor_api, world, character):
    url = f"/api/v1/events/{world.event.pk}/"
    response = editor_api.patch(url, {"title": f"Vertical{character}tab"}, format="json")
    assert response.status_code == 400, response.content
    message = response.json()["title"][0]
    assert f"U+{ord(character):04X}" in message and "'title'" in message
    citations = [{"source": world.source.pk, "pinpoint": f"p{character}"}]
    response = editor_api.patch(url, {"citations": citations}, format="json")
    assert response.status_code == 400
    assert "citations.0.pinpoint" in response.json()["citations"][0]
    world.event.refresh_from_db()
    assert character not in world.event.title


def test_tabs_newlines_and_carriage_returns_are_still_accepted(editor_api, world):
    response = editor_api.patch(
        f"/api/v1/events/{world.event.pk}/",
        {"description": "One\tTwo\r\nThree\nFour"},
        format="json",
    )
    assert response.status_code == 200, response.content


def test_writes_take_json_only(curator_api):
    response = curator_api.post("/api/v1/topics/", {"name": "Form", "slug": "form"})
    assert response.status_code == 415
    assert (
        "application/json" in response.json()["detail"]
        or "Unsupported" in response.json()["detail"]
    )


def test_corroboration_counts_independent_outlets_not_articles(editor_api, world):
    same_outlet = Source.objects.create(
        url="https://nytimes.com/other-story",
        outlet=world.source.outlet,
        state=PUBLISHED,
        made_public_at=NOW,
    )
    no_outlet = Source.objects.create(
        url="https://blog.example/post", state=PUBLISHED, made_public_at=NOW
    )
    citations = [
        {"source": world.source.pk},
        {"source": same_outlet.pk},
        {"source": no_outlet.pk},
    ]
    url = f"/api/v1/testimony/{world.testimony.pk}/"
    response = editor_api.patch(url, {"citations": citations}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["corroboration"] == 2
