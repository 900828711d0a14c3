"""Query counts stay fixed whatever the size: pinned at two sizes each."""

import pytest
from django.urls import reverse

from articles.ingestion import analysis, store
from articles.models import TestimonyCandidate, quote_key
from articles.urlnorm import url_host
from tests.articles.conftest import page
from tests.factories import OutletFactory, PartyFactory, SourceFactory

pytestmark = pytest.mark.django_db

SHORT = """<html lang="en"><head><title>Short note</title></head><body><article>
<h1>Short note</h1><p>Musk posted on his network again today about the weather, at length,
with many words about clouds and rain and the sun and the wind over the bay.
“It will be sunny,” Musk said.</p>
<p>Nothing in it concerned the trial, the court or anybody else in the case at all.</p>
</article></body></html>""".encode()


@pytest.mark.parametrize(
    ("body", "mentioned", "candidates"),
    [(SHORT, 1, 1), (page("techlusive-musk-xai.html"), 6, 3)],
    ids=["one-party-one-quote", "six-parties-three-quotes"],
)
def test_storing_a_fetched_source_takes_the_same_queries_whatever_it_mentions(
    server, demo_parties, django_assert_num_queries, body, mentioned, candidates
):
    source = SourceFactory(url=server.add("/story", body), outlet=None)
    analysis.knowledge()  # the worker's warm cache
    # Claim (a conditional update, then the URL, the old text's hash and the parties'
    # version in one read); then in one transaction (a savepoint in the test's): the source,
    # locked if this task still holds the fetch; as this site is new, its outlet (read, then
    # insert and its history in a savepoint); the source's update and its history row; the
    # published source's change counted for the page cache (core.pagecache); one insert each
    # for mentions, case suggestions and candidates.
    with django_assert_num_queries(16):
        store.fetch_and_store(source.pk, task_id="task")
    assert source.mentions.count() == mentioned
    assert source.testimony_candidates.count() == candidates


def test_a_page_from_a_known_outlet_is_stored_with_it_in_a_fixed_number_of_queries(
    server, demo_parties, django_assert_num_queries
):
    url = server.add("/story", page("techlusive-musk-xai.html"))
    outlet = OutletFactory(domain=url_host(url))
    source = SourceFactory(url=url, outlet=None)
    analysis.knowledge()
    # Claim; then in a transaction (a savepoint here, in the test's own): the locked source,
    # its outlet, the update, its history row, the page cache's count of a change to a
    # published source, and the three inserts.
    with django_assert_num_queries(12):
        store.fetch_and_store(source.pk, task_id="task")
    source.refresh_from_db()
    assert source.outlet == outlet


@pytest.mark.parametrize("size", [2, 20])
def test_the_candidate_review_list_takes_the_same_queries_for_2_or_20_candidates(
    curator_client, django_assert_num_queries, size
):
    source = SourceFactory()
    for number in range(size):
        quote = f"Quote number {number}."
        TestimonyCandidate.objects.create(
            source=source,
            speaker=PartyFactory(),
            quote=quote,
            quote_key=quote_key(quote),
            sentence=quote,
        )
    url = reverse("admin:articles_testimonycandidate_changelist")
    curator_client.get(url)  # warm up the session and permission caches
    with django_assert_num_queries(8):
        response = curator_client.get(url)
    assert response.status_code == 200
