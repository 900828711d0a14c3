"""The ingestion admin: add from URL, fetch again, the ingestion panel, candidate review."""

import pytest
from django.urls import reverse

from articles.models import Source, Suggestion, TestimonyCandidate
from cases.models import Testimony
from tests.articles.conftest import TECHLUSIVE_PATH, page
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db
ARTICLE = page("techlusive-musk-xai.html")


@pytest.fixture
def ingested(curator_client, server, demo_parties, run_on_commit):
    """The Techlusive article added through the admin form."""
    url = server.add(TECHLUSIVE_PATH, ARTICLE)
    response = run_on_commit(
        curator_client.post, reverse("admin:articles_source_add_from_url"), {"urls": url}
    )
    source = Source.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:articles_source_change", args=[source.pk])
    return source


def test_the_source_list_links_to_add_from_url(curator_client):
    response = curator_client.get(reverse("admin:articles_source_changelist"))
    assert reverse("admin:articles_source_add_from_url") in response.content.decode()


def test_a_curator_pastes_a_url_and_sees_mentions_and_the_partly_candidate(
    curator_client, ingested
):
    response = curator_client.get(reverse("admin:articles_source_change", args=[ingested.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fetched" in html and "Elon Musk" in html and "OpenAI" in html
    assert "Partly." in html and "So that’s a yes?" in html
    partly = TestimonyCandidate.objects.get(quote="Partly.")
    assert reverse("admin:articles_testimonycandidate_accept", args=[partly.pk]) in html


def test_the_add_from_url_form_explains_bad_urls(curator_client):
    response = curator_client.post(
        reverse("admin:articles_source_add_from_url"), {"urls": "https://ok.example/a\nftp://x/y"}
    )
    assert response.status_code == 200
    assert "Only http:// and https:// URLs can be sources." in response.content.decode()
    assert Source.objects.count() == 0


def test_the_add_from_url_form_refuses_a_url_too_long_to_store(curator_client):
    url = "https://news.example/" + "a" * 2100
    response = curator_client.post(reverse("admin:articles_source_add_from_url"), {"urls": url})
    assert response.status_code == 200
    assert "sources take at most 2,000" in response.content.decode()
    assert Source.objects.count() == 0


def test_a_stranger_cannot_open_add_from_url(client, stranger):
    stranger.is_staff = True
    stranger.save()
    client.force_login(stranger)
    assert client.get(reverse("admin:articles_source_add_from_url")).status_code == 403


def test_a_failed_fetch_shows_its_error_in_the_list_and_on_the_page(
    curator_client, server, run_on_commit
):
    url = server.add("/gone", b"gone", status=404)
    run_on_commit(curator_client.post, reverse("admin:articles_source_add_from_url"), {"urls": url})
    source = Source.objects.get()
    listing = curator_client.get(reverse("admin:articles_source_changelist")).content.decode()
    assert 'class="fetch-failed"' in listing and "HTTP 404" in listing
    detail = curator_client.get(reverse("admin:articles_source_change", args=[source.pk]))
    assert "The page is gone (HTTP 404)" in detail.content.decode()


def test_fetch_again_refetches_the_selected_sources(curator_client, server, run_on_commit):
    url = server.add("/story", ARTICLE)
    source = SourceFactory(url=url, title="", state="draft")  # a curator fetches drafts again
    run_on_commit(
        curator_client.post,
        reverse("admin:articles_source_changelist"),
        {"action": "fetch_again", "_selected_action": [source.pk]},
    )
    source.refresh_from_db()
    assert source.fetch_state == "fetched" and source.title.startswith("Elon Musk reveals")
    assert server.paths() == ["/story"]


def test_fetch_again_fetches_the_selected_source_not_one_declaring_its_url_canonical(
    curator_client, server, run_on_commit
):
    url = server.add("/story", ARTICLE)
    server.add("/story/amp", ARTICLE)
    source = SourceFactory(url=url, title="", state="draft")
    SourceFactory(url=url + "/amp", canonical_url=url)
    run_on_commit(
        curator_client.post,
        reverse("admin:articles_source_changelist"),
        {"action": "fetch_again", "_selected_action": [source.pk]},
    )
    source.refresh_from_db()
    assert source.fetch_state == "fetched"
    assert server.paths() == ["/story"]


def test_dead_links_are_flagged_in_the_list(curator_client):
    import datetime as dt

    SourceFactory(link_dead_since=dt.datetime(2026, 5, 3, 12, tzinfo=dt.UTC))
    listing = curator_client.get(reverse("admin:articles_source_changelist")).content.decode()
    assert "link dead since 3 May 2026" in listing


def test_accepting_a_candidate_in_the_admin_opens_the_new_draft_testimony(
    curator_client, ingested, demo_parties
):
    partly = TestimonyCandidate.objects.get(quote="Partly.")
    url = reverse("admin:articles_testimonycandidate_accept", args=[partly.pk])
    form = curator_client.get(url)
    assert form.status_code == 200 and "So that’s a yes?" in form.content.decode()
    response = curator_client.post(
        url, {"case": demo_parties.case.pk, "date": "2026-04-30", "setting": "trial"}
    )
    testimony = Testimony.objects.get()
    assert response.url == reverse("admin:cases_testimony_change", args=[testimony.pk])
    assert testimony.state == "draft" and str(testimony.date) == "2026-04-30"
    assert testimony.citations.get().wording == "Partly."


def test_the_one_click_action_accepts_candidates_whose_case_is_clear(curator_client, ingested):
    partly = TestimonyCandidate.objects.get(quote="Partly.")
    curator_client.post(
        reverse("admin:articles_testimonycandidate_changelist"),
        {"action": "accept_selected", "_selected_action": [partly.pk]},
    )
    partly.refresh_from_db()
    assert partly.status == Suggestion.ACCEPTED and partly.testimony.state == "draft"


def test_dismissing_a_candidate_in_the_admin(curator_client, ingested):
    partly = TestimonyCandidate.objects.get(quote="Partly.")
    url = reverse("admin:articles_testimonycandidate_dismiss", args=[partly.pk])
    assert curator_client.get(url).status_code == 200
    curator_client.post(url)
    partly.refresh_from_db()
    assert partly.status == Suggestion.DISMISSED


def test_candidate_and_suggestion_lists_render(curator_client, ingested):
    for name in ("testimonycandidate", "casesuggestion"):
        response = curator_client.get(reverse(f"admin:articles_{name}_changelist"))
        assert response.status_code == 200
