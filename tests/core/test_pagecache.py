"""The page cache (core.pagecache) is never stale: publish, unpublish or edit, and every surface
that shows the change shows it on the next read. Run against the local-memory cache and a real
Redis (TEST_REDIS_URL), as production runs it (CACHE_URL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from rest_framework.authtoken.models import Token

from cases import services
from cases.models import Event, EventCitation
from core.models import PublicVersion
from demo.loader import load_demo
from tests.factories import (
    CaseFactory,
    CaseRoleFactory,
    EventFactory,
    PartyFactory,
    SourceFactory,
    TopicFactory,
)

NEEDLE = "Zygomorphic hearing on remedies"
UPCOMING = timezone.localdate() + dt.timedelta(days=20)


@pytest.fixture
def world(db):
    """A published case with a judge, a topic and one event, and what the test needs to change."""
    topic = TopicFactory(name="Remedies", slug="remedies")
    case = CaseFactory(short_title="Alpha v. Beta", slug="alpha-v-beta")
    case.topics.add(topic)
    judge = PartyFactory(name="Judge Quill", slug="judge-quill")
    CaseRoleFactory(case=case, party=judge, role="judge")
    source = SourceFactory(title="Court watch")
    EventFactory(case=case, title="Complaint filed", date=dt.date(2024, 8, 5), cite=source)
    return {"case": case, "topic": topic, "judge": judge, "source": source}


def surfaces(world) -> dict[str, str]:
    """Every public surface that lists a case's events, by name."""
    case, topic, judge = world["case"], world["topic"], world["judge"]
    return {
        "case page": reverse("cases:case-detail", args=[case.slug]),
        "party page": reverse("cases:party-detail", args=[judge.slug]),
        "topic page": reverse("cases:topic-detail", args=[topic.slug]),
        "case feed": reverse("cases:case-feed", args=[case.slug]),
        "party feed": reverse("cases:party-feed", args=[judge.slug]),
        "topic feed": reverse("cases:topic-feed", args=[topic.slug]),
        "calendar": reverse("cases:calendar"),
        "case calendar": reverse("cases:case-calendar", args=[case.slug]),
        "search": reverse("cases:search") + "?q=Zygomorphic",
        "API events": reverse("api:event-list"),
        "API timeline": reverse("api:case-timeline", args=[case.slug]),
        "API search": reverse("api:search") + "?q=Zygomorphic",
    }


def read_all(client, urls: dict[str, str]) -> dict[str, str]:
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        pages[name] = strip_tags(response.content.decode())  # search marks the words it found
    return pages


def draft_event(world, editor) -> Event:
    event = services.save(
        user=editor,
        obj=Event(
            case=world["case"],
            date=UPCOMING,
            kind=Event.Kind.HEARING,
            title=NEEDLE,
            importance=Event.Importance.MAJOR,
        ),
    )
    services.save(user=editor, obj=EventCitation(event=event, source=world["source"]))
    services.set_related(user=editor, obj=event, name="topics", values=[world["topic"]])
    return event


def test_a_second_anonymous_read_is_served_from_the_cache(
    client, page_cache, world, django_assert_num_queries
):
    url = reverse("cases:case-detail", args=[world["case"].slug])
    first = client.get(url)

    with django_assert_num_queries(1):  # the public version, nothing else
        second = client.get(url)

    assert second.status_code == 200
    assert second.content == first.content
    assert "max-age=0" in second["Cache-Control"] and "public" in second["Cache-Control"]


def test_publishing_unpublishing_and_editing_show_at_once_on_every_surface(
    client, page_cache, world, editor
):
    urls = surfaces(world)
    event = draft_event(world, editor)
    before = read_all(client, urls)  # warm: every page cached without the draft
    assert not [name for name, page in before.items() if NEEDLE in page]

    services.publish(obj=event, user=editor)
    published = read_all(client, urls)
    assert [name for name, page in published.items() if NEEDLE not in page] == []

    event.title = NEEDLE + " (adjourned)"
    services.save(user=editor, obj=event)
    edited = read_all(client, urls)
    assert [name for name, page in edited.items() if "(adjourned)" not in page] == []

    services.unpublish(obj=event, user=editor)
    unpublished = read_all(client, urls)
    assert [name for name, page in unpublished.items() if NEEDLE in page] == []


def test_the_sitemap_lists_a_newly_published_case_at_once(client, page_cache, world, editor):
    case = CaseFactory(short_title="Gamma v. Delta", slug="gamma-v-delta", state="draft")
    sitemap = reverse("sitemap-section", args=["cases"])
    assert "gamma-v-delta" not in client.get(sitemap).content.decode()

    services.publish(obj=case, user=editor)

    assert "gamma-v-delta" in client.get(sitemap).content.decode()


def test_renaming_a_party_shows_on_its_cases_at_once(client, page_cache, world, editor):
    case_url = reverse("cases:case-detail", args=[world["case"].slug])
    assert "Judge Quill" in client.get(case_url).content.decode()

    judge = world["judge"]
    judge.name = "Judge Quillon"
    services.save(user=editor, obj=judge)

    assert "Judge Quillon" in client.get(case_url).content.decode()


def test_a_logged_in_editor_is_never_served_a_cached_answer(client, page_cache, world, editor):
    """The API shows a logged-in editor the drafts too: that answer is theirs alone."""
    url = reverse("api:event-list")
    draft_event(world, editor)
    assert NEEDLE not in client.get(url).content.decode()  # cached for readers

    client.force_login(editor)
    assert NEEDLE in client.get(url).content.decode()


def test_what_a_logged_in_editor_reads_is_never_stored_for_readers(
    client, page_cache, world, editor
):
    url = reverse("api:event-list")
    draft_event(world, editor)
    client.force_login(editor)
    assert NEEDLE in client.get(url).content.decode()
    client.logout()

    assert NEEDLE not in client.get(url).content.decode()


def test_a_logged_in_page_is_built_afresh_each_time(
    client, page_cache, world, editor, django_assert_max_num_queries
):
    url = reverse("cases:case-detail", args=[world["case"].slug])
    client.force_login(editor)
    client.get(url)

    with django_assert_max_num_queries(100) as queries:
        client.get(url)

    assert len(queries) > 3  # the session, the user and the page's own reads


def test_an_api_token_holder_is_answered_afresh(client, page_cache, world, editor):
    url = reverse("api:event-list")
    draft_event(world, editor)
    token = Token.objects.create(user=editor)
    client.get(url)  # cached for readers

    as_editor = client.get(url, HTTP_AUTHORIZATION=f"Token {token.key}")

    assert as_editor.status_code == 200
    assert NEEDLE in as_editor.content.decode()
    assert NEEDLE not in client.get(url).content.decode()


def test_a_page_that_sets_a_cookie_is_not_stored(client, page_cache, world):
    url = reverse("admin:login")
    first = client.get(url)
    assert first.cookies  # the CSRF cookie

    again = client.get(url)

    assert again.cookies
    assert first.content != again.content  # a new CSRF token: built afresh


def test_if_none_match_and_if_modified_since_answer_304_without_a_body(client, page_cache, world):
    url = reverse("cases:case-detail", args=[world["case"].slug])
    response = client.get(url)
    etag, last_modified = response["ETag"], response["Last-Modified"]

    by_etag = client.get(url, HTTP_IF_NONE_MATCH=etag)
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified)

    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_date.status_code == 304 and by_date.content == b""


def test_after_a_change_the_old_etag_no_longer_matches(client, page_cache, world, editor):
    url = reverse("cases:case-detail", args=[world["case"].slug])
    etag = client.get(url)["ETag"]
    services.publish(obj=draft_event(world, editor), user=editor)

    response = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert NEEDLE in response.content.decode()


def test_every_change_of_public_data_counts_a_version_and_drafts_do_not(world, editor):
    start, _ = PublicVersion.objects.current()
    event = draft_event(world, editor)  # a draft and its citation: nothing public changed
    assert PublicVersion.objects.current()[0] == start

    services.publish(obj=event, user=editor)
    assert PublicVersion.objects.current()[0] > start


def test_no_public_page_holds_a_csrf_token(client, page_cache, world):
    """A cached page is the same for every reader: one holding a reader's CSRF token would hand
    it to everyone (and set a cookie, so it would never be cached)."""
    for name, url in surfaces(world).items():
        response = client.get(url)
        assert "csrfmiddlewaretoken" not in response.content.decode(), name
        assert not response.cookies, name
    home = client.get(reverse("cases:home"))
    assert not home.cookies and "csrfmiddlewaretoken" not in home.content.decode()


def test_loading_the_demo_data_counts_as_a_change_of_public_data(db):
    start, _ = PublicVersion.objects.current()

    load_demo()

    assert PublicVersion.objects.current()[0] == start + 1
