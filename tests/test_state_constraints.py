"""The state invariants the database holds (issue 15, section 5), each refused by a named
constraint and shown as a friendly validation error by full_clean()."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import CaseSuggestion, Source, Suggestion, TestimonyCandidate, quote_key
from cases import services
from cases.models import Case, Event, Testimony
from core.publishing import PublicationState
from tests.factories import (
    CaseFactory,
    EventFactory,
    PartyFactory,
    SourceFactory,
    TestimonyFactory,
)

pytestmark = pytest.mark.django_db

PUBLISHED = PublicationState.PUBLISHED


def refused(constraint: str):
    return pytest.raises(IntegrityError, match=constraint)


@pytest.mark.parametrize(
    ("model", "make", "prefix"),
    [
        (Case, lambda: CaseFactory(), "case"),
        (Event, lambda: EventFactory(), "event"),
        (Testimony, lambda: TestimonyFactory(), "testimony"),
        (Source, lambda: SourceFactory(), "source"),
    ],
)
def test_a_published_entry_always_records_when_it_was_made_public(model, make, prefix):
    entry = make()
    entry.made_public_at = None
    with pytest.raises(ValidationError, match="records when it was made public"):
        entry.full_clean()
    with refused(f"{prefix}_published_when"), transaction.atomic():
        model.objects.filter(pk=entry.pk).update(made_public_at=None)
    with refused(f"{prefix}_state_valid"), transaction.atomic():
        model.objects.filter(pk=entry.pk).update(state="maybe")


def test_publishing_through_the_service_records_the_time_and_unpublishing_keeps_it(editor):
    event = EventFactory(state=PublicationState.DRAFT)
    event = services.publish(obj=event, user=editor)
    assert event.made_public_at is not None
    event = services.unpublish(obj=event, user=editor)
    assert event.made_public_at is not None  # when it was last public


def test_a_fetch_in_progress_is_held_by_a_task_since_a_known_time():
    source = SourceFactory(state=PublicationState.DRAFT)
    with refused("source_fetching_has_task"), transaction.atomic():
        Source.objects.filter(pk=source.pk).update(fetch_state=Source.FetchState.FETCHING)
    with refused("source_fetch_state_valid"), transaction.atomic():
        Source.objects.filter(pk=source.pk).update(fetch_state="lost")
    Source.objects.filter(pk=source.pk).update(
        fetch_state=Source.FetchState.FETCHING, fetch_task_id="t-1", fetch_started_at=timezone.now()
    )


def candidate(source, speaker, **fields) -> TestimonyCandidate:
    return TestimonyCandidate.objects.create(
        source=source,
        speaker=speaker,
        quote="Partly.",
        quote_key=quote_key("Partly."),
        sentence="He said “Partly.”",
        **fields,
    )


def test_an_accepted_candidate_names_its_testimony_and_states_stay_in_their_choices():
    source, speaker = SourceFactory(), PartyFactory()
    with refused("testimonycandidate_accepted_has_testimony"), transaction.atomic():
        candidate(source, speaker, status=Suggestion.ACCEPTED)
    with refused("testimonycandidate_status_valid"), transaction.atomic():
        candidate(source, speaker, status="maybe")
    with refused("casesuggestion_status_valid"), transaction.atomic():
        CaseSuggestion.objects.create(source=source, case=CaseFactory(), reason="x", status="?")


def test_deleting_a_testimony_returns_its_candidates_to_review(editor):
    testimony = TestimonyFactory(state=PublicationState.DRAFT)
    accepted = candidate(
        testimony.citations.get().source,
        testimony.witness,
        status=Suggestion.ACCEPTED,
        testimony=testimony,
        decided_by=editor,
        decided_at=timezone.now(),
    )
    services.delete(user=editor, obj=testimony)
    accepted.refresh_from_db()
    assert (accepted.status, accepted.testimony, accepted.decided_by) == ("pending", None, None)


def test_deleting_a_case_takes_the_candidates_accepted_into_its_testimony_along(editor):
    testimony = TestimonyFactory(state=PublicationState.DRAFT)
    accepted = candidate(
        testimony.citations.get().source,
        testimony.witness,
        status=Suggestion.ACCEPTED,
        testimony=testimony,
    )
    testimony.case.delete()
    assert not TestimonyCandidate.objects.filter(pk=accepted.pk).exists()
