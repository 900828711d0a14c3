"""Storing a fetched page (store.store_extraction): the source's fields, its history row,
and the mentions, case suggestions and candidates its text gives, all or nothing."""

import datetime as dt

import pytest
from django.db import IntegrityError
from django.utils import timezone

from articles.ingestion import analysis, store
from articles.models import Mention, Source, TestimonyCandidate, quote_key
from tests.articles.conftest import page
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db
ARTICLE = page("techlusive-musk-xai.html")
HISTORY_OWN = {"history_id", "history_date", "history_change_reason", "history_type"}


def _tracked_values(record) -> dict:
    """A historical row's copy of the source, without simple-history's own columns."""
    return {
        field.attname: getattr(record, field.attname)
        for field in record._meta.concrete_fields
        if field.name not in HISTORY_OWN and field.attname != "history_user_id"
    }


def test_the_fetch_history_row_is_the_row_simple_history_writes_for_the_same_source(
    server, demo_parties
):
    source = SourceFactory(url=server.add("/story", ARTICLE), outlet=None, title="")
    store.fetch_and_store(source.pk, task_id="task")
    fetched = source.history.first()
    source.refresh_from_db()
    source._change_reason = "Saved by the ORM"
    source.save()  # simple-history's own row for the same content
    saved = source.history.first()

    assert fetched.history_id != saved.history_id
    assert _tracked_values(fetched) == _tracked_values(saved)
    assert "Partly." in fetched.text and fetched.outlet_id and fetched.title
    assert (fetched.history_type, fetched.history_user, fetched.history_change_reason) == (
        "~",
        None,
        "Fetched",
    )
    assert timezone.now() - fetched.history_date < dt.timedelta(minutes=1)


def test_empty_curated_fields_are_filled_and_filled_ones_kept_on_every_fetch(server):
    url = server.add("/story", ARTICLE)
    curated = dt.datetime(2025, 1, 2, 3, 4, tzinfo=dt.UTC)
    kept = SourceFactory(
        url=url,
        title="A curator's title",
        authors="A curator",
        published_at=curated,
        summary="A curator's summary.",
    )
    blank = SourceFactory(
        url=server.add("/story-2", ARTICLE), title="", authors="", published_at=None, summary=""
    )
    for source in (kept, blank):
        store.fetch_and_store(source.pk, task_id="task")
        source.refresh_from_db()

    assert (kept.title, kept.authors, kept.published_at, kept.summary) == (
        "A curator's title",
        "A curator",
        curated,
        "A curator's summary.",
    )
    assert blank.title.startswith("Elon Musk reveals") and blank.authors and blank.published_at
    # Machine fields are always the page's.
    assert kept.text == blank.text and "Partly." in kept.text
    assert kept.fetch_state == blank.fetch_state == Source.FetchState.FETCHED


def test_what_a_fetch_fills_on_a_published_source_shows_on_its_page_at_once(
    server, client, page_cache
):
    source = SourceFactory(url=server.add("/story", ARTICLE), title="")
    assert "Elon Musk reveals" not in client.get(source.get_absolute_url()).content.decode()

    store.fetch_and_store(source.pk, task_id="task")

    assert "Elon Musk reveals" in client.get(source.get_absolute_url()).content.decode()


def test_inserted_candidates_get_the_models_defaults_and_creation_time(server, demo_parties):
    source = SourceFactory(url=server.add("/story", ARTICLE))
    before = timezone.now()
    store.fetch_and_store(source.pk, task_id="task")
    candidate = TestimonyCandidate.objects.get(source=source, quote="Partly.")
    assert candidate.status == "pending"
    assert candidate.testimony is None and candidate.decided_by is None
    assert candidate.decided_at is None and candidate.created_at >= before
    assert candidate.speaker == demo_parties.musk


def test_a_write_that_fails_rolls_the_whole_store_back(server, demo_parties, monkeypatch):
    source = SourceFactory(url=server.add("/story", ARTICLE), title="", text="Before.")
    history = source.history.count()
    bad = analysis.FoundMention(party_id=demo_parties.musk.pk, count=-1, names={"Musk"})
    monkeypatch.setattr(analysis, "find_mentions", lambda text, matcher: [bad])

    with pytest.raises(IntegrityError):  # the count's CHECK (>= 0), after the source's UPDATE
        store.fetch_and_store(source.pk, task_id="task")

    source.refresh_from_db()
    assert (source.title, source.text, source.content_hash) == ("", "Before.", "")
    assert source.history.count() == history
    assert not Mention.objects.filter(source=source).exists()
    assert not TestimonyCandidate.objects.filter(source=source).exists()


def test_a_refetch_keeps_a_pending_candidate_only_for_the_same_speaker_and_quote(
    server, demo_parties
):
    """(speaker, quote) pairs: the speaker of a quote still in the text with another quote, or
    another speaker with that quote, is dropped; decided candidates and other sources' rows
    stay."""
    source = SourceFactory(url=server.add("/story", ARTICLE))
    other = SourceFactory()
    store.fetch_and_store(source.pk, task_id="t1")
    Mention.objects.create(source=other, party=demo_parties.musk)

    def candidate(speaker, quote, status="pending", source=source):
        return TestimonyCandidate.objects.create(
            source=source,
            speaker=speaker,
            quote=quote,
            quote_key=quote_key(quote),
            sentence=quote,
            status=status,
        )

    kept = TestimonyCandidate.objects.get(source=source, quote="Partly.")
    assert kept.speaker == demo_parties.musk
    candidate(demo_parties.musk, "Partially.")
    candidate(demo_parties.altman, "Partly.")
    decided = candidate(demo_parties.altman, "No.", status="dismissed")
    elsewhere = candidate(demo_parties.altman, "Partly.", source=other)
    store.claim_fetch(source.pk, "t2")
    store.fetch_and_store(source.pk, task_id="t2")

    remaining = set(TestimonyCandidate.objects.values_list("pk", flat=True))
    assert {kept.pk, decided.pk, elsewhere.pk} <= remaining
    assert not TestimonyCandidate.objects.filter(source=source, quote="Partially.").exists()
    assert not TestimonyCandidate.objects.filter(
        source=source, speaker=demo_parties.altman, quote="Partly."
    ).exists()
    assert Mention.objects.filter(source=other, party=demo_parties.musk).exists()
