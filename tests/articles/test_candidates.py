"""Curators accept testimony candidates into draft testimony citing the source, or dismiss them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from articles.ingestion.services import review
from articles.models import CaseSuggestion, Suggestion, TestimonyCandidate, quote_key
from cases.models import Testimony
from tests.factories import CaseFactory, SourceFactory

pytestmark = pytest.mark.django_db


def make_candidate(source, speaker, quote="Partly.", context="So that’s a yes?"):
    return TestimonyCandidate.objects.create(
        source=source,
        speaker=speaker,
        quote=quote,
        quote_key=quote_key(quote),
        sentence=f"Musk answered, “{quote}”",
        context=context,
        verb="answered",
    )


@pytest.fixture
def partly(demo_parties):
    source = SourceFactory(
        title="Elon Musk reveals xAI relied on OpenAI models “partly” to train Grok",
        published_at=dt.datetime(2026, 5, 1, 11, 40, tzinfo=dt.UTC),
    )
    CaseSuggestion.objects.create(source=source, case=demo_parties.case, score=5, reason="x")
    return make_candidate(source, demo_parties.musk)


def test_accepting_creates_a_draft_testimony_citing_the_source_in_its_own_wording(
    partly, demo_parties, curator
):
    testimony = review.accept_candidate(partly, user=curator)
    assert testimony.state == "draft"
    assert (testimony.case, testimony.witness) == (demo_parties.case, demo_parties.musk)
    assert testimony.excerpt == "Partly." and testimony.is_verbatim
    assert testimony.context == "So that’s a yes?"
    assert testimony.date == dt.date(2026, 5, 1)
    citation = testimony.citations.get()
    assert citation.source == partly.source and citation.wording == "Partly."
    partly.refresh_from_db()
    assert partly.status == Suggestion.ACCEPTED and partly.testimony == testimony
    assert partly.decided_by == curator
    # The source and the case are both published: putting the source on the case's public
    # timeline is an editor's call, so the link waits as a pending case suggestion.
    assert demo_parties.case not in partly.source.cases.all()
    assert CaseSuggestion.objects.get().status == Suggestion.PENDING


def test_an_editor_accepting_a_candidate_also_links_the_source_to_the_case(
    partly, demo_parties, editor
):
    review.accept_candidate(partly, user=editor)
    assert demo_parties.case in partly.source.cases.all()
    assert CaseSuggestion.objects.get().status == Suggestion.ACCEPTED


def test_accepting_twice_gives_the_same_testimony(partly, curator):
    first = review.accept_candidate(partly, user=curator)
    assert review.accept_candidate(partly, user=curator) == first
    assert Testimony.objects.count() == 1


def test_the_same_statement_from_a_second_outlet_becomes_a_second_citation(
    partly, demo_parties, curator
):
    first = review.accept_candidate(partly, user=curator)
    other_source = SourceFactory(title="Another outlet")
    other_source.cases.add(demo_parties.case)
    second = review.accept_candidate(make_candidate(other_source, demo_parties.musk), user=curator)
    assert second == first
    assert set(first.citations.values_list("source__title", flat=True)) == {
        partly.source.title,
        "Another outlet",
    }


def test_when_the_case_is_unclear_the_curator_must_pick_it(demo_parties, curator):
    source = SourceFactory()
    for case in (demo_parties.case, CaseFactory(short_title="xAI v. OpenAI")):
        CaseSuggestion.objects.create(source=source, case=case, score=2, reason="x")
    candidate = make_candidate(source, demo_parties.musk)
    with pytest.raises(ValidationError, match="Pick the case"):
        review.accept_candidate(candidate, user=curator)
    assert Testimony.objects.count() == 0
    testimony = review.accept_candidate(candidate, user=curator, case=demo_parties.case)
    assert testimony.case == demo_parties.case


def test_the_case_the_text_names_by_title_wins_over_cases_sharing_parties(demo_parties, curator):
    source = SourceFactory()
    other = CaseFactory(short_title="NYT v. Microsoft & OpenAI")
    CaseSuggestion.objects.create(source=source, case=other, score=2, reason="x")
    CaseSuggestion.objects.create(
        source=source, case=demo_parties.case, score=6, reason="x", by_title=True
    )
    testimony = review.accept_candidate(make_candidate(source, demo_parties.musk), user=curator)
    assert testimony.case == demo_parties.case


def test_a_stranger_cannot_accept_or_dismiss(partly, stranger):
    with pytest.raises(PermissionDenied):
        review.accept_candidate(partly, user=stranger)
    with pytest.raises(PermissionDenied):
        review.dismiss_candidate(partly, user=stranger)
    partly.refresh_from_db()
    assert partly.status == Suggestion.PENDING


def test_dismissing_keeps_the_candidate_as_dismissed(partly, curator):
    review.dismiss_candidate(partly, user=curator)
    partly.refresh_from_db()
    assert partly.status == Suggestion.DISMISSED and partly.decided_by == curator
    assert Testimony.objects.count() == 0


@pytest.mark.parametrize(("persona", "state"), [("editor", "published"), ("curator", "draft")])
def test_accepting_a_case_suggestion_links_the_source(demo_parties, request, persona, state):
    source = SourceFactory(state=state)
    suggestion = CaseSuggestion.objects.create(
        source=source, case=demo_parties.case, score=3, reason="x"
    )
    review.decide_case_suggestion(suggestion, user=request.getfixturevalue(persona), accept=True)
    assert list(source.cases.all()) == [demo_parties.case]
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.ACCEPTED
