"""/api/v1/webhooks/: owner-scoped endpoints, the secret shown once, caps, the SSRF guard, the
delivery log, re-sending and test events, and who may do what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.api.conftest import token_client
from tests.factories import CaseFactory, UserFactory
from webhooks.models import Delivery, Endpoint

LIST = reverse("api:webhook-list")
EVENTS = ["entry.published", "case.status_changed"]


def detail(endpoint, suffix: str = "") -> str:
    return reverse("api:webhook-detail", kwargs={"pk": endpoint.pk}) + suffix


@pytest.fixture
def receiver_url() -> str:
    return "http://127.0.0.1:9/hook"  # discard port: nothing answers (tests/webhooks delivers)


@pytest.fixture
def mine(stranger_api, receiver_url, world) -> Endpoint:
    answer = stranger_api.post(
        LIST, {"url": receiver_url, "events": EVENTS, "cases": ["musk-v-openai"]}, format="json"
    )
    assert answer.status_code == 201, answer.json()
    return Endpoint.objects.get(pk=answer.json()["id"])


def test_anonymous_clients_get_401_with_the_token_scheme(anon, db):
    for answer in (anon.get(LIST), anon.post(LIST, {}, format="json")):
        assert answer.status_code == 401
        assert answer["WWW-Authenticate"].startswith("Token")


def test_the_secret_is_shown_on_creation_only(stranger_api, receiver_url, world):
    created = stranger_api.post(LIST, {"url": receiver_url, "events": EVENTS}, format="json")
    assert created.status_code == 201
    secret = created.json()["secret"]
    assert len(secret) == 64
    shown = stranger_api.get(detail(Endpoint.objects.get(pk=created.json()["id"]))).json()
    assert "secret" not in shown
    assert secret not in str(stranger_api.get(LIST).json())


def test_a_user_sees_and_changes_only_their_own_endpoints(mine, editor_api):
    assert editor_api.get(LIST).json()["results"] == []
    for answer in (
        editor_api.get(detail(mine)),
        editor_api.patch(detail(mine), {"description": "mine now"}, format="json"),
        editor_api.delete(detail(mine)),
        editor_api.get(detail(mine, "deliveries/")),
        editor_api.post(detail(mine, "test/")),
    ):
        assert answer.status_code == 404
    mine.refresh_from_db()
    assert mine.description == ""


def test_the_owner_reads_changes_and_deletes_an_endpoint(mine, stranger_api):
    shown = stranger_api.get(detail(mine)).json()
    assert shown["cases"] == ["musk-v-openai"] and shown["events"] == sorted(EVENTS)
    changed = stranger_api.patch(
        detail(mine), {"events": ["entry.updated"], "cases": []}, format="json"
    )
    assert changed.status_code == 200
    assert changed.json()["events"] == ["entry.updated"] and changed.json()["cases"] == []
    assert stranger_api.delete(detail(mine)).status_code == 204
    assert not Endpoint.objects.exists()


def test_bad_input_is_a_400_naming_the_field(stranger_api, receiver_url, world):
    cases = [f"case-{n}" for n in range(51)]
    for body, field in [
        ({"url": receiver_url, "events": ["nonsense"]}, "events"),
        ({"url": receiver_url, "events": []}, "events"),
        ({"url": "ftp://example.org/", "events": EVENTS}, "url"),
        ({"url": receiver_url, "events": EVENTS, "cases": cases}, "cases"),
        ({"url": receiver_url, "events": EVENTS, "cases": ["secret-case"]}, "cases"),  # a draft
        ({"url": receiver_url, "events": EVENTS, "description": "a\x00b"}, "description"),
    ]:
        answer = stranger_api.post(LIST, body, format="json")
        assert answer.status_code == 400, body
        assert field in answer.json(), answer.json()


def test_a_private_address_is_refused_when_private_networks_are_not_allowed(
    stranger_api, receiver_url, world, settings
):
    settings.INGEST_ALLOW_PRIVATE_NETWORKS = False
    answer = stranger_api.post(LIST, {"url": receiver_url, "events": EVENTS}, format="json")
    assert answer.status_code == 400
    assert "127.0.0.1" in answer.json()["url"][0]
    assert not Endpoint.objects.exists()


def test_one_user_may_register_only_so_many_endpoints(stranger_api, receiver_url, world, settings):
    settings.WEBHOOK_MAX_ENDPOINTS = 2
    answers = [
        stranger_api.post(LIST, {"url": receiver_url, "events": EVENTS}, format="json")
        for _ in range(3)
    ]
    assert [answer.status_code for answer in answers] == [201, 201, 400]


def test_the_list_is_paged_and_its_queries_do_not_grow(
    stranger, receiver_url, world, django_assert_num_queries
):
    client = token_client(stranger)
    for n in range(5):
        endpoint = Endpoint.objects.create(owner=stranger, url=f"{receiver_url}{n}", events=EVENTS)
        endpoint.cases.add(world.case, CaseFactory())
    # Token, count, the page, and one query per followed kind.
    with django_assert_num_queries(6):
        page = client.get(LIST, {"page_size": 2}).json()
    assert page["count"] == 5 and len(page["results"]) == 2
    assert client.get(LIST, {"page_size": 100000}).status_code == 200  # capped, not refused
    assert client.get(LIST, {"bogus": 1}).status_code == 400


def test_a_test_event_is_logged_and_can_be_sent_again(
    mine, stranger_api, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_MAX_RETRIES = 0
    with django_capture_on_commit_callbacks(execute=True):
        sent = stranger_api.post(detail(mine, "test/"))
    assert sent.status_code == 202
    delivery = Delivery.objects.get(endpoint=mine)
    assert sent.json()["event"] == "ping"
    assert stranger_api.get(detail(mine, "deliveries/")).json()["results"][0]["attempts"] == 1
    log = stranger_api.get(detail(mine, "deliveries/")).json()
    assert [row["id"] for row in log["results"]] == [delivery.pk]
    one = reverse("api:webhook-delivery-detail", kwargs={"pk": mine.pk, "delivery": delivery.pk})
    assert stranger_api.get(one).json()["id"] == delivery.pk
    with django_capture_on_commit_callbacks(execute=True):
        resent = stranger_api.post(
            reverse("api:webhook-delivery-resend", kwargs={"pk": mine.pk, "delivery": delivery.pk})
        )
    assert resent.status_code == 202
    delivery.refresh_from_db()
    assert delivery.attempts == 2  # nothing listens on the discard port: it failed again
    assert delivery.status == "failed" and "127.0.0.1" in delivery.error


def test_another_users_delivery_is_not_found(mine, stranger_api):
    stranger_api.post(detail(mine, "test/"))
    delivery = Delivery.objects.get(endpoint=mine)
    other = token_client(UserFactory(username="other"))
    url = reverse("api:webhook-delivery-detail", kwargs={"pk": mine.pk, "delivery": delivery.pk})
    assert other.get(url).status_code == 404
