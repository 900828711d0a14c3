"""Review of drafts (cases.review): curators submit, editors publish or send back, the rulebook
says who may, and publishing clears the submission."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases import review, services
from cases.models import Case, Event, Testimony
from core.publishing import PublicationState
from tests.factories import CaseFactory, EventFactory, SourceFactory, TestimonyFactory

pytestmark = pytest.mark.django_db

DRAFT = PublicationState.DRAFT
PUBLISHED = PublicationState.PUBLISHED


@pytest.fixture
def draft_testimony():
    """Draft testimony of a published case, citing a draft source."""
    return TestimonyFactory(state=DRAFT, cite=SourceFactory(state=DRAFT, title="The article"))


def test_a_curator_submits_a_draft_for_review(curator, draft_testimony):
    review.submit_for_review(obj=draft_testimony, user=curator)
    stored = Testimony.objects.get(pk=draft_testimony.pk)
    assert stored.is_submitted
    assert stored.submitted_by == curator
    assert stored.state == DRAFT
    assert list(Testimony.objects.submitted()) == [stored]
    assert stored.history.first().history_change_reason == "Submitted for review"


def test_each_publishable_model_can_be_submitted(curator):
    for obj in [
        CaseFactory(state=DRAFT),
        EventFactory(state=DRAFT),
        TestimonyFactory(state=DRAFT),
        SourceFactory(state=DRAFT),
    ]:
        review.submit_for_review(obj=obj, user=curator)
        assert type(obj).objects.submitted().filter(pk=obj.pk).exists(), type(obj)


def test_a_stranger_may_not_submit(stranger, draft_testimony):
    with pytest.raises(PermissionDenied, match="testimony"):
        review.submit_for_review(obj=draft_testimony, user=stranger)
    assert not Testimony.objects.submitted().exists()


def test_a_published_entry_cannot_be_submitted(curator, editor):
    event = EventFactory()
    with pytest.raises((ValidationError, PermissionDenied)):
        review.submit_for_review(obj=event, user=curator)
    with pytest.raises(ValidationError, match="published already"):
        review.submit_for_review(obj=event, user=editor)


def test_submitting_twice_says_since_when_it_waits(curator, draft_testimony):
    review.submit_for_review(obj=draft_testimony, user=curator)
    with pytest.raises(ValidationError, match="already waits for review"):
        review.submit_for_review(obj=draft_testimony, user=curator)


def test_an_editor_sends_a_draft_back_with_a_note_the_curator_sees(
    curator, editor, draft_testimony
):
    review.submit_for_review(obj=draft_testimony, user=curator)
    review.send_back(obj=draft_testimony, user=editor, note="  Check the date.  ")
    stored = Testimony.objects.get(pk=draft_testimony.pk)
    assert not stored.is_submitted and stored.submitted_by is None
    assert stored.review_note == "Check the date."
    assert list(Testimony.objects.sent_back()) == [stored]
    assert not Testimony.objects.submitted().exists()
    assert stored.state == DRAFT


def test_submitting_again_clears_the_editors_note(curator, editor, draft_testimony):
    review.submit_for_review(obj=draft_testimony, user=curator)
    review.send_back(obj=draft_testimony, user=editor, note="Check the date.")
    review.submit_for_review(obj=draft_testimony, user=curator)
    stored = Testimony.objects.get(pk=draft_testimony.pk)
    assert stored.is_submitted and stored.review_note == ""


def test_a_curator_may_not_send_back(curator, draft_testimony):
    review.submit_for_review(obj=draft_testimony, user=curator)
    with pytest.raises(PermissionDenied, match="Only an editor may send testimony back"):
        review.send_back(obj=draft_testimony, user=curator, note="")
    assert Testimony.objects.get(pk=draft_testimony.pk).is_submitted


def test_a_draft_not_submitted_cannot_be_sent_back(editor, draft_testimony):
    with pytest.raises(ValidationError, match="not waiting for review"):
        review.send_back(obj=draft_testimony, user=editor)


def test_publishing_clears_the_submission_and_publishes_the_draft_source_with_it(
    curator, editor, draft_testimony
):
    source = draft_testimony.sources.get()
    review.submit_for_review(obj=source, user=curator)
    review.submit_for_review(obj=draft_testimony, user=curator)
    services.publish(obj=draft_testimony, user=editor, with_sources=True)
    stored = Testimony.objects.get(pk=draft_testimony.pk)
    source.refresh_from_db()
    assert stored.state == PUBLISHED and source.state == PUBLISHED
    assert (stored.submitted_at, stored.submitted_by, stored.review_note) == (None, None, "")
    assert source.submitted_at is None
    # One history row for the publish, recording the submission cleared.
    latest = stored.history.first()
    assert latest.history_change_reason == "Published" and latest.submitted_at is None


def test_publishing_without_its_sources_is_refused_and_keeps_the_submission(
    curator, editor, draft_testimony
):
    review.submit_for_review(obj=draft_testimony, user=curator)
    with pytest.raises(ValidationError, match="cites only draft sources"):
        services.publish(obj=draft_testimony, user=editor)
    stored = Testimony.objects.get(pk=draft_testimony.pk)
    assert stored.state == DRAFT and stored.is_submitted


def test_a_curator_may_not_publish_and_the_submission_stays(curator, draft_testimony):
    review.submit_for_review(obj=draft_testimony, user=curator)
    with pytest.raises(PermissionDenied, match="publish permission"):
        services.publish(obj=draft_testimony, user=curator, with_sources=True)
    assert Testimony.objects.get(pk=draft_testimony.pk).is_submitted


def test_unpublishing_clears_a_stale_submission(editor):
    case = CaseFactory()
    Case.objects.filter(pk=case.pk).update(submitted_at=case.created_at, review_note="Old")
    case.refresh_from_db()
    services.unpublish(obj=case, user=editor)
    case.refresh_from_db()
    assert case.state == DRAFT
    assert (case.submitted_at, case.review_note) == (None, "")
    assert not Case.objects.submitted().exists()


def test_a_draft_published_another_way_leaves_the_submitted_list(curator, editor):
    from cases import services

    event = EventFactory(state=DRAFT)
    review.submit_for_review(obj=event, user=curator)
    services.publish(obj=event, user=editor)
    assert not Event.objects.submitted().exists()
