"""On PostgreSQL, the database itself refuses a published entry without a source citation."""

import pytest
from django.db import IntegrityError, connection, transaction

from cases.models import Event, EventCitation, Testimony
from core.publishing import PublicationState
from tests.factories import EventFactory, SourceFactory, TestimonyFactory

pytestmark = pytest.mark.django_db


def check_now() -> None:
    """Run the deferred constraint checks now instead of at commit."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_a_published_event_without_a_citation_is_refused():
    refused = pytest.raises(IntegrityError, match="event_published_cites_source|must cite")
    with refused, transaction.atomic():
        EventFactory(cite=False)
        check_now()


def test_an_event_and_its_first_citation_can_be_written_in_any_order_in_one_transaction():
    with transaction.atomic():
        event = EventFactory(cite=False)
        EventCitation.objects.create(event=event, source=SourceFactory())
        check_now()
    assert Event.objects.published().count() == 1


def test_deleting_the_last_citation_of_published_testimony_is_refused():
    testimony = TestimonyFactory()
    refused = pytest.raises(IntegrityError, match="testimony_published_cites_source|must cite")
    with refused, transaction.atomic():
        testimony.citations.all().delete()
        check_now()
    assert testimony.citations.count() == 1


def test_drafts_need_no_citation_and_deleting_a_published_entry_is_fine():
    with transaction.atomic():
        EventFactory(cite=False, state=PublicationState.DRAFT)
        TestimonyFactory().delete()
        check_now()
    assert Testimony.objects.count() == 0


def test_publishing_an_uncited_draft_by_a_raw_update_is_refused():
    event = EventFactory(cite=False, state=PublicationState.DRAFT)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(state=PublicationState.PUBLISHED)
        check_now()
