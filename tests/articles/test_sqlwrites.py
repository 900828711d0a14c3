"""The worker's plain-SQL writes give the rows the ORM and simple-history would have written."""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import DataError, IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import analysis, services, sqlwrites
from articles.models import Mention, Source, TestimonyCandidate, quote_key
from tests.articles.conftest import page
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db
ARTICLE = page("techlusive-musk-xai.html")


def _tracked_values(record) -> dict:
    """A historical row's copy of the source, without simple-history's own columns."""
    own = {*sqlwrites.HISTORY_COLUMNS, sqlwrites.HISTORY_USER}
    return {
        field.attname: getattr(record, field.attname)
        for field in record._meta.concrete_fields
        if field.column not in own
    }


def test_the_fetch_history_row_is_the_row_simple_history_writes_for_the_same_source(
    server, demo_parties
):
    source = SourceFactory(url=server.add("/story", ARTICLE), outlet=None, title="")
    services.fetch_and_store(source.pk, task_id="task")
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
        services.fetch_and_store(source.pk, task_id="task")
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


def test_inserted_candidates_get_the_models_defaults_and_creation_time(server, demo_parties):
    source = SourceFactory(url=server.add("/story", ARTICLE))
    before = timezone.now()
    services.fetch_and_store(source.pk, task_id="task")
    candidate = TestimonyCandidate.objects.get(source=source, quote="Partly.")
    assert candidate.status == "pending"
    assert candidate.testimony is None and candidate.decided_by is None
    assert candidate.decided_at is None and candidate.created_at >= before
    assert candidate.speaker == demo_parties.musk


def test_a_historical_model_with_columns_of_its_own_is_refused():
    """A copy inside the database cannot fill extra history fields: fail loudly at once
    rather than write history rows without them."""

    class Field:
        def __init__(self, column: str) -> None:
            self.column = column

    class Meta:
        concrete_fields = [Field("id"), Field("title")]

    class HistoricalMeta:
        concrete_fields = [
            Field("id"),
            Field("title"),
            *map(Field, sqlwrites.HISTORY_COLUMNS),
            Field(sqlwrites.HISTORY_USER),
            Field("history_ip_address"),
        ]

    historical = type("HistoricalThing", (), {"_meta": HistoricalMeta})
    history = type("History", (), {"model": historical})
    model = type("Thing", (), {"_meta": Meta, "history": history})
    with pytest.raises(ImproperlyConfigured, match="history_ip_address"):
        sqlwrites._history_columns(model)


def test_a_write_failing_inside_the_pipeline_rolls_the_whole_store_back(
    server, demo_parties, monkeypatch
):
    """The page's writes are sent without waiting for each answer, so a failing one is only
    reported when the pipeline ends: the transaction must still roll back as a whole, with
    Django's exception, and leave the connection usable."""
    source = SourceFactory(url=server.add("/story", ARTICLE), title="", text="Before.")
    history = source.history.count()
    bad = analysis.FoundMention(party_id=demo_parties.musk.pk, count=-1, names={"Musk"})
    monkeypatch.setattr(analysis, "find_mentions", lambda text, matcher: [bad])

    with pytest.raises(IntegrityError):  # the count's CHECK (>= 0), after the source's UPDATE
        services.fetch_and_store(source.pk, task_id="task")

    source.refresh_from_db()
    assert (source.title, source.text, source.content_hash) == ("", "Before.", "")
    assert source.history.count() == history
    assert not Mention.objects.filter(source=source).exists()
    assert not TestimonyCandidate.objects.filter(source=source).exists()


def test_writes_inside_pipelined_travel_without_waiting_for_answers(demo_parties):
    """On PostgreSQL the block runs in libpq's pipeline mode, and a statement's answer is read
    only when the block ends."""
    from psycopg import pq

    source = SourceFactory(title="Before")
    with transaction.atomic():
        with sqlwrites.pipelined():
            assert connection.connection.pgconn.pipeline_status == pq.PipelineStatus.ON
            sqlwrites.update_row(Source, source.pk, {"title": "After"})
            sqlwrites.insert_rows(
                Mention,
                [{"source_id": source.pk, "party_id": demo_parties.musk.pk, "count": 2}],
                unique=["source_id", "party_id"],
            )
        assert connection.connection.pgconn.pipeline_status == pq.PipelineStatus.OFF
    source.refresh_from_db()
    assert source.title == "After"
    assert Mention.objects.get(source=source).count == 2


def test_delete_rows_spares_the_kept_rows_and_rows_outside_its_condition(demo_parties):
    source, other = SourceFactory(), SourceFactory()
    for party in (demo_parties.musk, demo_parties.openai, demo_parties.xai):
        Mention.objects.create(source=source, party=party)
    Mention.objects.create(source=other, party=demo_parties.musk)

    sqlwrites.delete_rows(
        Mention, {"source_id": source.pk}, keep=["party_id"], kept=[(demo_parties.openai.pk,)]
    )
    assert set(Mention.objects.values_list("source_id", "party_id")) == {
        (source.pk, demo_parties.openai.pk),
        (other.pk, demo_parties.musk.pk),
    }
    sqlwrites.delete_rows(Mention, {"source_id": source.pk})  # nothing kept: all of its rows
    assert list(Mention.objects.values_list("source_id", flat=True)) == [other.pk]


def test_delete_rows_matches_kept_rows_on_every_kept_column(demo_parties):
    """(speaker, quote) pairs: a kept speaker with another quote is not kept."""
    source = SourceFactory()

    def candidate(speaker, quote, status="pending"):
        return TestimonyCandidate.objects.create(
            source=source,
            speaker=speaker,
            quote=quote,
            quote_key=quote_key(quote),
            sentence=quote,
            status=status,
        )

    kept = candidate(demo_parties.musk, "Partly.")
    candidate(demo_parties.musk, "Partially.")
    candidate(demo_parties.altman, "Partly.")
    decided = candidate(demo_parties.altman, "No.", status="dismissed")

    sqlwrites.delete_rows(
        TestimonyCandidate,
        {"source_id": source.pk, "status": "pending"},
        keep=["speaker_id", "quote_key"],
        kept=[(demo_parties.musk.pk, quote_key("Partly.")), (demo_parties.xai.pk, "x")],
    )
    assert set(TestimonyCandidate.objects.values_list("pk", flat=True)) == {kept.pk, decided.pk}


def test_the_store_sends_the_sources_update_before_it_analyses_the_text(
    server, demo_parties, monkeypatch
):
    """The store is one pipeline that reads nothing first, the source's UPDATE first: the
    database works on it (its search vector) while the text is analysed."""
    from psycopg import pq

    source = SourceFactory(url=server.add("/story", ARTICLE))
    claim = services.claim_fetch(source.pk, "task")
    page = services._fetch_page(claim.url)
    extracted = services.extract(page.text(), page.url)
    events = []

    def spy(name, function):
        def run(*args, **kwargs):
            status = connection.connection.pgconn.pipeline_status
            events.append((name, status == pq.PipelineStatus.ON))
            return function(*args, **kwargs)

        return run

    monkeypatch.setattr(sqlwrites, "update_row", spy("update", sqlwrites.update_row))
    monkeypatch.setattr(analysis, "find_mentions", spy("analyse", analysis.find_mentions))
    analysis.knowledge(claim.knowledge_version)  # a worker's warm cache of the parties
    with CaptureQueriesContext(connection) as queries:
        services.store_extraction(
            source.pk, task_id="task", page=page, extracted=extracted, claim=claim
        )

    assert events == [("update", True), ("analyse", True)]
    statements = [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert statements[0].startswith('UPDATE "articles_source"')  # no lock or read before it
    source.refresh_from_db()
    assert source.fetch_state == "fetched" and source.mentions.filter(party=demo_parties.musk)


def test_update_row_checks_its_conditions_and_returns_what_it_wrote():
    source = SourceFactory(title="", summary="Kept", fetch_task_id="mine")
    other_title = sqlwrites.Computed("%s || " + connection.ops.quote_name("summary"), ("New: ",))

    stored = sqlwrites.update_row(
        Source,
        source.pk,
        {"title": other_title, "summary": "Replaced"},
        where={"fetch_task_id": "someone else's"},
        returning=["title"],
    )
    assert stored() is None  # the condition failed: nothing written
    source.refresh_from_db()
    assert (source.title, source.summary) == ("", "Kept")

    stored = sqlwrites.update_row(
        Source,
        source.pk,
        {"title": other_title, "summary": "Replaced"},
        where={"fetch_task_id": "mine"},
        returning=["title", "summary"],
    )
    # A computed value reads the row as it was before the UPDATE.
    assert stored() == ("New: Kept", "Replaced")


def test_insert_rows_sends_one_statement_text_whatever_the_number_of_rows(demo_parties):
    """The rows travel as arrays, so PostgreSQL can keep the statement prepared."""
    one, three = SourceFactory(), SourceFactory()
    parties = [demo_parties.musk, demo_parties.openai, demo_parties.xai]
    with CaptureQueriesContext(connection) as queries:
        for source, some in ((one, parties[:1]), (three, parties)):
            sqlwrites.insert_rows(
                Mention,
                [{"source_id": source.pk, "party_id": p.pk, "count": 2} for p in some],
                unique=["source_id", "party_id"],
                update=["count"],
            )
    first, second = (q["sql"] for q in queries)
    assert first.split(" SELECT ")[0] == second.split(" SELECT ")[0]  # only the values differ
    assert "unnest(" in first and "VALUES" not in first
    assert sorted(Mention.objects.filter(source=three).values_list("party_id", "count")) == sorted(
        (p.pk, 2) for p in parties
    )
    # A NULL in every row, a default and a creation time, through arrays too.
    sqlwrites.insert_rows(
        TestimonyCandidate,
        [
            {"source_id": one.pk, "speaker_id": p.pk, "quote": q, "quote_key": quote_key(q)}
            for p, q in ((demo_parties.musk, "Partly."), (demo_parties.altman, "No."))
        ],
        unique=["source_id", "speaker_id", "quote_key"],
    )
    rows = TestimonyCandidate.objects.filter(source=one)
    assert {(c.quote, c.status, c.testimony_id) for c in rows} == {
        ("Partly.", "pending", None),
        ("No.", "pending", None),
    }
    assert all(c.created_at for c in rows)


def test_insert_rows_refuses_a_value_longer_than_its_column_rather_than_cut_it(demo_parties):
    source = SourceFactory()
    with pytest.raises(DataError), transaction.atomic():
        sqlwrites.insert_rows(
            Mention,
            [{"source_id": source.pk, "party_id": demo_parties.musk.pk, "excerpt": "x" * 401}],
            unique=["source_id", "party_id"],
        )
    assert not Mention.objects.filter(source=source).exists()
