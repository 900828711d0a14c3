"""Accepting a candidate whose quote is already a statement of the same witness adds the
source and its wording to that statement (through the rulebook when it is published) instead of
creating a second one; a similar quote waits for the curator's choice; the date keeps the
precision the article gives."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from articles.ingestion.services import review
from articles.models import Suggestion, TestimonyCandidate, quote_key
from cases.models import Change, Testimony
from core.publishing import PublicationState
from tests.factories import CaseRoleFactory, PartyFactory, SourceFactory, TestimonyFactory

pytestmark = pytest.mark.django_db

REPORTED = dt.datetime(2026, 5, 20, 9, 0, tzinfo=dt.UTC)


def candidate_for(case, speaker, quote, sentence=None, published_at=REPORTED):
    source = SourceFactory(published_at=published_at)
    source.cases.add(case)
    return TestimonyCandidate.objects.create(
        source=source,
        speaker=speaker,
        quote=quote,
        quote_key=quote_key(quote),
        sentence=sentence or f"Musk answered, “{quote}”",
        verb="answered",
    )


@pytest.fixture
def existing(demo_parties):
    """Musk's “Partly.”, published, from another outlet, reported on 18 May."""
    return TestimonyFactory(
        case=demo_parties.case,
        witness=demo_parties.musk,
        excerpt="Partly.",
        date=dt.date(2026, 5, 18),
    )


def test_accepting_the_same_quote_adds_a_citation_to_the_existing_draft_testimony(
    demo_parties, curator
):
    draft = TestimonyFactory(
        case=demo_parties.case,
        witness=demo_parties.musk,
        excerpt="Partly.",
        date=dt.date(2026, 5, 18),
        state=PublicationState.DRAFT,
        made_public_at=None,
    )
    candidate = candidate_for(demo_parties.case, demo_parties.musk, "partly")
    assert review.accept_candidate(candidate, user=curator) == draft
    assert Testimony.objects.count() == 1
    added = draft.citations.get(source=candidate.source)
    assert added.wording == "partly"
    candidate.refresh_from_db()
    assert candidate.status == Suggestion.ACCEPTED and candidate.testimony == draft


def test_an_editor_adds_the_source_to_published_testimony_through_the_rulebook(
    existing, demo_parties, editor
):
    candidate = candidate_for(demo_parties.case, demo_parties.musk, "“Partly”")
    assert review.accept_candidate(candidate, user=editor) == existing
    assert Testimony.objects.count() == 1
    assert existing.citations.filter(source=candidate.source, wording="“Partly”").exists()
    # A change of published testimony, so the change feed (webhooks, page cache) hears of it.
    assert Change.objects.filter(model="cases.testimony", object_id=existing.pk).exists()


def test_a_curator_is_refused_adding_a_source_to_published_testimony_not_given_a_duplicate(
    existing, demo_parties, curator
):
    candidate = candidate_for(demo_parties.case, demo_parties.musk, "Partly")
    with pytest.raises(PermissionDenied):
        review.accept_candidate(candidate, user=curator)
    assert Testimony.objects.count() == 1
    assert not existing.citations.filter(source=candidate.source).exists()
    candidate.refresh_from_db()
    assert candidate.status == Suggestion.PENDING


def test_the_same_quote_weeks_later_is_a_new_statement(existing, demo_parties, editor):
    candidate = candidate_for(
        demo_parties.case,
        demo_parties.musk,
        "Partly.",
        published_at=dt.datetime(2026, 6, 20, tzinfo=dt.UTC),
    )
    created = review.accept_candidate(candidate, user=editor)
    assert created != existing and Testimony.objects.count() == 2


def test_a_similar_quote_is_a_warning_until_the_curator_chooses(existing, demo_parties, curator):
    candidate = candidate_for(demo_parties.case, demo_parties.musk, "Partially.")
    with pytest.raises(review.NearMatches) as refused:
        review.accept_candidate(candidate, user=curator)
    assert [m.testimony for m in refused.value.matches] == [existing]
    assert "similar statement" in refused.value.messages[0]
    assert Testimony.objects.count() == 1
    created = review.accept_candidate(candidate, user=curator, create_anyway=True)
    assert created != existing and created.excerpt == "Partially."
    assert Testimony.objects.count() == 2


def test_the_curator_may_add_a_similar_quote_to_the_existing_statement(
    existing, demo_parties, editor
):
    candidate = candidate_for(demo_parties.case, demo_parties.musk, "Partially.")
    assert review.accept_candidate(candidate, user=editor, add_to=existing) == existing
    assert existing.citations.get(source=candidate.source).wording == "Partially."


def test_adding_to_another_witness_statement_is_refused(existing, demo_parties, editor):
    candidate = candidate_for(demo_parties.case, demo_parties.altman, "Partially.")
    with pytest.raises(ValidationError, match="not Samuel Altman's statement"):
        review.accept_candidate(candidate, user=editor, add_to=existing)


def test_testified_in_may_is_may_at_month_precision(demo_parties, curator):
    candidate = candidate_for(
        demo_parties.case,
        demo_parties.musk,
        "We used their models.",
        sentence="Musk testified in May that “We used their models.”",
        published_at=dt.datetime(2026, 6, 2, 8, 0, tzinfo=dt.UTC),
    )
    testimony = review.accept_candidate(candidate, user=curator)
    assert (testimony.date, testimony.date_precision) == (dt.date(2026, 5, 1), "month")
    assert testimony.date_display == "May 2026"


def test_without_a_date_in_the_sentence_the_article_day_is_used(demo_parties, curator):
    candidate = candidate_for(demo_parties.case, demo_parties.musk, "We used their models.")
    testimony = review.accept_candidate(candidate, user=curator)
    assert (testimony.date, testimony.date_precision) == (dt.date(2026, 5, 20), "day")


def test_a_date_the_curator_gives_keeps_its_precision(demo_parties, curator):
    candidate = candidate_for(demo_parties.case, demo_parties.musk, "We used their models.")
    testimony = review.accept_candidate(
        candidate, user=curator, date=dt.date(2026, 1, 1), date_precision="year"
    )
    assert testimony.date_display == "2026"


def test_a_judges_words_are_accepted_as_a_statement_from_the_bench(demo_parties, curator):
    judge = PartyFactory(name="Yvonne Gonzalez Rogers")
    CaseRoleFactory(case=demo_parties.case, party=judge, role="judge")
    candidate = candidate_for(demo_parties.case, judge, "There is plenty of evidence.")
    testimony = review.accept_candidate(candidate, user=curator)
    assert testimony.speaker == Testimony.Speaker.BENCH
    witness = candidate_for(demo_parties.case, demo_parties.musk, "I never read it.")
    assert review.accept_candidate(witness, user=curator).speaker == Testimony.Speaker.WITNESS
