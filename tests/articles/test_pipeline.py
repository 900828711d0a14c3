"""Submitting a URL runs the whole pipeline (eager Celery): fetch, extract, analyse, store."""

import datetime as dt

import pytest

from articles.ingestion import analysis, store
from articles.ingestion.services import review
from articles.ingestion.services.submission import submit_url
from articles.ingestion.tasks import fetch_source
from articles.models import CaseSuggestion, Mention, Outlet, Source, TestimonyCandidate
from tests.articles.conftest import TECHLUSIVE_PATH, page
from tests.factories import CaseRoleFactory, OutletFactory, PartyFactory, SourceFactory

pytestmark = pytest.mark.django_db
ARTICLE = page("techlusive-musk-xai.html")
FetchState = Source.FetchState


@pytest.fixture
def techlusive(server, fake_dns):
    """The Techlusive article served locally under its own host name."""
    fake_dns.add("www.techlusive.in", "127.0.0.1")
    server.add(TECHLUSIVE_PATH, ARTICLE)
    # Like the real site (WordPress), the address without the final slash redirects to it.
    server.redirect(TECHLUSIVE_PATH.rstrip("/"), TECHLUSIVE_PATH, status=301)
    return server.url(TECHLUSIVE_PATH, host="www.techlusive.in")


def test_pasting_the_techlusive_url_gives_source_outlet_mentions_and_the_partly_candidate(
    techlusive, demo_parties, run_on_commit
):
    submission = run_on_commit(submit_url, techlusive + "?utm_source=x")
    source = Source.objects.get(pk=submission.source.pk)
    assert submission.created and source.fetch_state == FetchState.FETCHED, source.fetch_error
    assert source.title == "Elon Musk reveals xAI relied on OpenAI models “partly” to train Grok"
    assert source.authors == "Shubham Arora"
    assert source.published_at == dt.datetime(2026, 5, 1, 11, 40, tzinfo=dt.UTC)  # 17:10 IST
    assert source.language == "en"
    assert source.canonical_url == (
        "https://www.techlusive.in/news/"
        "musk-reveals-xai-relied-on-openai-models-partly-to-train-grok-1660301"
    )
    assert source.outlet.domain == "techlusive.in" and source.outlet.name == "Techlusive"
    assert "Musk answered, “Partly.”" in source.text
    assert len(source.content_hash) == 64 and source.http_status == 200
    assert source.state == "draft"

    mentioned = {m.party.name for m in Mention.objects.filter(source=source)}
    assert {"Elon Musk", "OpenAI", "xAI", "Samuel Altman", "William Savitt"} <= mentioned
    assert CaseSuggestion.objects.get(source=source).case == demo_parties.case

    partly = TestimonyCandidate.objects.get(source=source, quote="Partly.")
    assert partly.speaker == demo_parties.musk
    assert partly.context == "So that’s a yes?"
    assert partly.sentence == "Musk answered, “Partly.”"
    speakers = set(TestimonyCandidate.objects.filter(source=source).values_list("speaker__name"))
    assert speakers == {("Elon Musk",)}  # Savitt's question is context, not testimony


@pytest.mark.parametrize(
    "variant",
    [
        "HTTP://WWW.TECHLUSIVE.IN:{port}" + TECHLUSIVE_PATH,
        "http://www.techlusive.in:{port}" + TECHLUSIVE_PATH.rstrip("/") + "#comments",
        "http://www.techlusive.in:{port}" + TECHLUSIVE_PATH + "?utm_medium=social&fbclid=abc",
    ],
)
def test_a_known_url_returns_the_existing_source_never_a_duplicate(
    techlusive, server, run_on_commit, variant
):
    first = run_on_commit(submit_url, techlusive).source
    again = run_on_commit(submit_url, variant.format(port=server.port))
    assert again.source.pk == first.pk and not again.created and not again.queued
    assert Source.objects.count() == 1
    assert server.paths().count(TECHLUSIVE_PATH) == 1  # not fetched a second time
    assert len(server.hits) == 2  # the redirect and the page, once


def test_a_url_already_queued_is_not_queued_again_until_its_fetch_looks_lost(settings):
    source = SourceFactory(url="https://news.example/story", fetch_state=FetchState.QUEUED)
    assert submit_url("https://news.example/story").queued is False
    lost = dt.timedelta(seconds=settings.INGEST_FETCH_LEASE + settings.INGEST_RETRY_BACKOFF_MAX)
    Source.objects.filter(pk=source.pk).update(updated_at=source.updated_at - lost / 2)
    assert submit_url("https://news.example/story").queued is False  # may be a retry
    lost += dt.timedelta(seconds=1)
    Source.objects.filter(pk=source.pk).update(updated_at=source.updated_at - lost)
    assert submit_url("https://news.example/story", enqueue=lambda pk: None).queued


def test_a_url_matching_a_sources_declared_canonical_url_is_that_source(techlusive, run_on_commit):
    first = run_on_commit(submit_url, techlusive).source
    canonical = Source.objects.get(pk=first.pk).canonical_url
    assert submit_url(canonical + "/").source.pk == first.pk


def test_a_url_stored_as_a_source_is_that_source_even_if_another_declares_it_canonical():
    story = SourceFactory(url="https://news.example/story")
    SourceFactory(url="https://news.example/story/amp", canonical_url="https://news.example/story")
    assert submit_url("https://news.example/story").source.pk == story.pk


def test_a_scheduled_retry_is_not_doubled_by_submitting_the_url_again(settings):
    from articles.ingestion.errors import NetworkError

    source = SourceFactory(url="https://news.example/story", fetch_state=FetchState.QUEUED)
    long_ago = source.updated_at - dt.timedelta(days=1)
    Source.objects.filter(pk=source.pk).update(updated_at=long_ago)
    assert store.claim_fetch(source.pk, "task-1") is not None
    store.record_retry(source.pk, task_id="task-1", error=NetworkError("No answer."))
    source.refresh_from_db()
    assert source.fetch_state == FetchState.QUEUED and source.updated_at > long_ago
    # The retry waits up to INGEST_RETRY_BACKOFF_MAX, longer than a lease: still on its way.
    later = dt.timedelta(seconds=settings.INGEST_FETCH_LEASE + 1)
    Source.objects.filter(pk=source.pk).update(updated_at=source.updated_at - later)
    queued: list[int] = []
    assert submit_url(source.url, enqueue=queued.append).queued is False
    assert queued == []


def test_a_declared_canonical_url_too_long_to_store_is_left_out(server, run_on_commit):
    declared = b"https://www.techlusive.in/news/" + b"a" * 2100
    server.add("/long", ARTICLE.replace(b"https://www.techlusive.in/news/", declared, 1))
    source = run_on_commit(submit_url, server.url("/long")).source
    source.refresh_from_db()
    assert source.fetch_state == FetchState.FETCHED, source.fetch_error
    assert source.canonical_url == "" and "Partly." in source.text


@pytest.mark.parametrize(
    "module, function",
    # While extracting; and while analysing
    [(store, "extract"), (analysis, "find_quotes")],
    ids=["extracting", "analysing"],
)
def test_an_unexpected_error_fails_the_source_with_a_reason_instead_of_leaving_it_fetching(
    server, run_on_commit, monkeypatch, caplog, demo_parties, module, function
):
    def broken(*args):
        raise RuntimeError("a bug nobody foresaw")

    monkeypatch.setattr(module, function, broken)
    server.add("/page", ARTICLE)
    source = run_on_commit(submit_url, server.url("/page")).source
    source.refresh_from_db()
    assert source.fetch_state == FetchState.FAILED
    assert "unexpected error" in source.fetch_error and source.text == ""
    assert not source.mentions.exists() and source.history.first().text == ""
    assert "a bug nobody foresaw" in caplog.text  # the traceback goes to the log


def test_a_server_error_is_retried_then_the_source_is_fetched(server, run_on_commit):
    from tests.articles.conftest import Route

    server.routes["/flaky"] = Route(sequence=[Route(status=500), Route(body=ARTICLE)])
    source = run_on_commit(submit_url, server.url("/flaky")).source
    source.refresh_from_db()
    assert server.paths() == ["/flaky", "/flaky"]
    assert source.fetch_state == FetchState.FETCHED and source.fetch_error == ""


def test_a_server_error_that_persists_fails_with_a_readable_error_and_no_content(
    server, run_on_commit, settings
):
    server.add("/down", b"<html>oops</html>", status=500)
    source = run_on_commit(submit_url, server.url("/down")).source
    source.refresh_from_db()
    assert len(server.hits) == settings.INGEST_MAX_RETRIES + 1
    assert source.fetch_state == FetchState.FAILED
    assert source.fetch_error == "The site had a server error (HTTP 500)."
    assert source.http_status == 500
    assert (source.text, source.title, source.content_hash, source.outlet) == ("", "", "", None)


@pytest.mark.parametrize(("status", "reason"), [(404, "gone"), (410, "gone"), (403, "refused")])
def test_a_client_error_is_not_retried(server, run_on_commit, status, reason):
    server.add("/missing", b"<html>no</html>", status=status)
    source = run_on_commit(submit_url, server.url("/missing")).source
    source.refresh_from_db()
    # Never the same request twice; a 404 only tries the address with its final slash back.
    assert server.paths() == (["/missing", "/missing/"] if status == 404 else ["/missing"])
    assert source.fetch_state == FetchState.FAILED and source.http_status == status
    assert reason in source.fetch_error and f"HTTP {status}" in source.fetch_error


def test_a_site_that_needs_the_final_slash_normalization_dropped_is_still_fetched(
    server, run_on_commit
):
    server.add("/news/story/", ARTICLE)  # and /news/story answers 404, no redirect
    source = run_on_commit(submit_url, server.url("/news/story/")).source
    source.refresh_from_db()
    assert source.url == server.url("/news/story")
    assert source.fetch_state == FetchState.FETCHED and "Partly." in source.text


def test_a_timeout_is_retried_and_then_reported(server, run_on_commit, settings):
    settings.INGEST_READ_TIMEOUT = 0.2
    settings.INGEST_MAX_RETRIES = 1
    server.add("/slow", ARTICLE, delay=0.6)
    source = run_on_commit(submit_url, server.url("/slow")).source
    source.refresh_from_db()
    assert len(server.hits) == 2
    assert source.fetch_state == FetchState.FAILED
    assert "did not answer within the time limit" in source.fetch_error


def test_non_html_content_fails_with_a_readable_error(server, run_on_commit):
    server.add("/data.json", b"{}", headers={"Content-Type": "application/json"})
    source = run_on_commit(submit_url, server.url("/data.json")).source
    source.refresh_from_db()
    assert source.fetch_state == FetchState.FAILED
    assert "“application/json”, not an HTML page" in source.fetch_error


def test_an_oversized_page_fails_without_filling_anything(server, run_on_commit, settings):
    settings.INGEST_MAX_BYTES = 3_000
    server.add("/big", ARTICLE)
    source = run_on_commit(submit_url, server.url("/big")).source
    source.refresh_from_db()
    assert source.fetch_state == FetchState.FAILED and "limit" in source.fetch_error
    assert source.text == "" and source.title == ""


def test_a_private_address_fails_without_any_connection(
    server, run_on_commit, no_private_networks, network_guard
):
    server.add("/page", ARTICLE)
    source = run_on_commit(submit_url, server.url("/page")).source
    source.refresh_from_db()
    assert source.fetch_state == FetchState.FAILED
    assert "non-public address" in source.fetch_error
    assert server.hits == [] and network_guard.attempts == []


def test_fetching_again_records_that_the_text_changed_and_history_keeps_the_old_text(
    server, run_on_commit
):
    url = server.add("/story", ARTICLE)
    source = run_on_commit(submit_url, url).source
    source.refresh_from_db()
    old_text, old_hash = source.text, source.content_hash
    assert source.text_changed_at is None

    run_on_commit(submit_url, url, force=True)  # same page: no change
    source.refresh_from_db()
    assert source.content_hash == old_hash and source.text_changed_at is None
    assert source.history.first().history_change_reason == "Fetched again"

    server.add("/story", ARTICLE.replace(b"Musk answered", b"Musk finally answered"))
    run_on_commit(submit_url, url, force=True)
    source.refresh_from_db()
    assert source.content_hash != old_hash and source.text_changed_at is not None
    assert "Musk finally answered" in source.text
    assert old_text in source.history.values_list("text", flat=True)
    assert source.history.first().history_change_reason == "Fetched again: the text changed"


def test_a_failed_refetch_keeps_the_previous_content(server, run_on_commit):
    url = server.add("/story", ARTICLE)
    source = run_on_commit(submit_url, url).source
    server.add("/story", b"gone", status=410)
    run_on_commit(submit_url, url, force=True)
    source.refresh_from_db()
    assert source.fetch_state == FetchState.FAILED and "HTTP 410" in source.fetch_error
    assert "Partly." in source.text and source.title


def test_curated_fields_are_not_overwritten_by_a_refetch(server, run_on_commit):
    url = server.add("/story", ARTICLE)
    source = run_on_commit(submit_url, url).source
    Source.objects.filter(pk=source.pk).update(title="Musk: xAI used OpenAI models, partly")
    run_on_commit(submit_url, url, force=True)
    source.refresh_from_db()
    assert source.title == "Musk: xAI used OpenAI models, partly"


def test_an_existing_outlet_is_reused_not_renamed(server, run_on_commit, fake_dns):
    fake_dns.add("www.techlusive.in", "127.0.0.1")
    Outlet.objects.create(domain="techlusive.in", name="Techlusive India")
    url = server.add("/story", ARTICLE)
    run_on_commit(submit_url, url.replace("127.0.0.1", "www.techlusive.in"))
    assert Outlet.objects.get().name == "Techlusive India"
    assert Source.objects.get().outlet.name == "Techlusive India"


def test_a_task_for_a_source_another_task_is_fetching_does_nothing(server):
    url = server.add("/story", ARTICLE)
    source = SourceFactory(url=url, title="", outlet=None, published_at=None)
    assert store.claim_fetch(source.pk, "worker-a-task") is not None
    # A second task (another worker) finds the fetch held and leaves it alone.
    assert fetch_source.apply(args=(source.pk,), task_id="worker-b-task").get() == "skipped"
    assert server.hits == []
    # The holder finishes; one set of records, whoever ran.
    assert store.fetch_and_store(source.pk, task_id="worker-a-task").state == "fetched"
    assert store.fetch_and_store(source.pk, task_id="worker-a-task").state == "fetched"
    assert Source.objects.count() == 1 and Outlet.objects.count() == 1


def test_a_redelivered_task_may_take_over_its_own_unfinished_fetch(server):
    url = server.add("/story", ARTICLE)
    source = SourceFactory(url=url)
    store.claim_fetch(source.pk, "task-1")  # its worker died here
    assert fetch_source.apply(args=(source.pk,), task_id="task-1").get() == "fetched"


def test_a_stale_claim_is_taken_over_after_the_lease(server, settings):
    url = server.add("/story", ARTICLE)
    source = SourceFactory(url=url)
    claimed = store.claim_fetch(source.pk, "task-1")
    lease = dt.timedelta(seconds=settings.INGEST_FETCH_LEASE)
    Source.objects.filter(pk=source.pk).update(fetch_started_at=claimed.started_at - lease)
    assert fetch_source.apply(args=(source.pk,), task_id="task-2").get() == "fetched"
    # The first task, if it ever comes back, writes nothing.
    from articles.ingestion.extraction import extract
    from articles.ingestion.fetching import fetch

    history, mentions = source.history.count(), Mention.objects.filter(source=source).count()
    page_ = fetch(url)
    outcome = store.store_extraction(
        source.pk, task_id="task-1", page=page_, extracted=extract(page_.body, url), claim=claimed
    )
    assert outcome.state == "skipped"
    source.refresh_from_db()
    assert source.fetch_task_id == "task-2" and source.history.count() == history
    assert Mention.objects.filter(source=source).count() == mentions


def test_a_url_corrected_during_the_fetch_gets_the_outlet_of_the_corrected_url(server, fake_dns):
    from articles.ingestion.extraction import extract
    from articles.ingestion.fetching import fetch

    fake_dns.add("old.example", "127.0.0.1")
    url = server.add("/story", ARTICLE)
    OutletFactory(domain="old.example", name="Old")
    source = SourceFactory(url=url.replace("127.0.0.1", "old.example"), outlet=None)
    claim = store.claim_fetch(source.pk, "task")
    Source.objects.filter(pk=source.pk).update(url=url)  # a curator fixes the address
    page_ = fetch(url)
    store.store_extraction(
        source.pk, task_id="task", page=page_, extracted=extract(page_.body, url), claim=claim
    )
    source.refresh_from_db()
    assert source.outlet.domain == "127.0.0.1"


def test_analysing_twice_never_duplicates_mentions_or_candidates(server, demo_parties):
    url = server.add("/story", ARTICLE)
    source = SourceFactory(url=url)
    for task in ("t1", "t2"):
        store.claim_fetch(source.pk, task)
        store.fetch_and_store(source.pk, task_id=task)
    assert Mention.objects.filter(source=source, party=demo_parties.musk).count() == 1
    assert TestimonyCandidate.objects.filter(source=source, quote="Partly.").count() == 1


def test_a_worker_finds_an_alias_another_process_added_on_its_next_fetch(server, demo_parties):
    """A worker caches the parties' names; the claim reads their version, so an edit made in
    another process (no signal reaches the worker) is seen on the next fetch."""
    from articles.ingestion import analysis

    body = page("techlusive-musk-xai.html").replace(b"Musk answered", b"The Technoking answered")
    source = SourceFactory(url=server.add("/story", body))
    store.fetch_and_store(source.pk, task_id="t1")
    assert (
        "Technoking"
        not in Mention.objects.get(source=source, party=demo_parties.musk).matched_names
    )
    stale = analysis._cache["knowledge"]
    demo_parties.musk.aliases += "\nTechnoking"
    demo_parties.musk.save()  # its signal empties this process's cache...
    analysis._cache["knowledge"] = stale  # ...but a worker elsewhere still holds the old names
    store.fetch_and_store(source.pk, task_id="t2")
    assert "Technoking" in Mention.objects.get(source=source, party=demo_parties.musk).matched_names


def test_pending_candidates_the_text_lost_are_dropped_but_decisions_are_kept(
    server, demo_parties, run_on_commit, curator
):
    url = server.add("/story", ARTICLE)
    source = run_on_commit(submit_url, url).source
    generally = TestimonyCandidate.objects.get(source=source, quote__startswith="Generally")
    review.dismiss_candidate(generally, user=curator)
    changed = ARTICLE.replace("“Partly.”".encode(), "“Partially.”".encode()).replace(
        b"Generally all", b"Usually all"
    )
    server.add("/story", changed)
    run_on_commit(submit_url, url, force=True)
    quotes = set(TestimonyCandidate.objects.filter(source=source).values_list("quote", "status"))
    assert ("Partially.", "pending") in quotes
    assert ("Partly.", "pending") not in quotes
    assert ("Generally all the AI companies [do that].", "dismissed") in quotes


def test_a_refetch_drops_the_mentions_and_pending_cases_the_text_lost_and_keeps_decisions(
    server, demo_parties, run_on_commit, curator
):
    nadella = PartyFactory(name="Satya Nadella", slug="satya-nadella")
    brockman = PartyFactory(name="Greg Brockman", slug="greg-brockman")
    only_nadella = CaseRoleFactory(party=nadella, case__short_title="Doe v. Nadella").case
    only_brockman = CaseRoleFactory(party=brockman, case__short_title="Roe v. Brockman").case
    url = server.add("/story", ARTICLE)
    source = run_on_commit(submit_url, url).source
    named = set(Mention.objects.filter(source=source).values_list("party_id", flat=True))
    assert {nadella.pk, brockman.pk, demo_parties.microsoft.pk} <= named
    cases = {s.case_id: s for s in CaseSuggestion.objects.filter(source=source)}
    assert {only_nadella.pk, only_brockman.pk, demo_parties.case.pk} <= set(cases)
    review.decide_case_suggestion(cases[only_brockman.pk], user=curator, accept=False)

    lost = [b"Satya Nadella", b"Greg Brockman", b"Microsoft"]
    changed = ARTICLE
    for name in lost:
        changed = changed.replace(name, b"a witness")
    server.add("/story", changed)
    run_on_commit(submit_url, url, force=True)

    assert set(Mention.objects.filter(source=source).values_list("party_id", flat=True)) == (
        named - {nadella.pk, brockman.pk, demo_parties.microsoft.pk}
    )
    assert demo_parties.musk.pk in named
    after = dict(CaseSuggestion.objects.filter(source=source).values_list("case_id", "status"))
    assert only_nadella.pk not in after  # pending, and the text no longer points to it
    assert after[only_brockman.pk] == "dismissed"  # a curator's decision stays
    assert after[demo_parties.case.pk] == "pending"
