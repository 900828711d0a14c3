"""The sync against a CourtListener stand-in on a real socket."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from articles.models import Source
from cases.models import Event
from core.publishing import PublicationState
from dockets import services
from dockets.client import AccessDenied, CourtListenerError
from dockets.models import DocketEntryLink, DocketSync
from tests.dockets.conftest import DOCKET_ID, ENTRIES_PAGE_1, ENTRIES_PAGE_2, entry, serve_docket
from tests.factories import CaseFactory, EventFactory

pytestmark = pytest.mark.django_db


def test_a_linked_case_gets_every_entry_across_pages_as_draft_events_citing_documents(
    courtlistener, linked_case
):
    serve_docket(courtlistener)

    result = services.sync_case(linked_case.pk)

    events = list(Event.objects.filter(case=linked_case).order_by("docket_entry_number"))
    assert [(e.docket_entry_number, e.kind, e.state) for e in events] == [
        (1, Event.Kind.DOCKET_ENTRY, PublicationState.DRAFT),
        (2, Event.Kind.DOCKET_ENTRY, PublicationState.DRAFT),
        (3, Event.Kind.DOCKET_ENTRY, PublicationState.DRAFT),
    ]
    assert events[0].title == "COMPLAINT against Stability AI Ltd."
    cited = [list(e.sources.values_list("url", "kind")) for e in events]
    assert cited[0] == [
        (
            "https://storage.courtlistener.com/recap/gov.uscourts.cand.407208/"
            "gov.uscourts.cand.407208.1.0.pdf",
            Source.Kind.COURT_DOCUMENT,
        )
    ]
    # Not in RECAP: the document's page; no document at all: the docket page.
    assert cited[1][0][0].endswith(f"/docket/{DOCKET_ID}/2/andersen-v-stability-ai-ltd")
    assert cited[2][0][0] == (
        f"https://www.courtlistener.com/docket/{DOCKET_ID}/andersen-v-stability-ai-ltd"
    )
    assert result.created == 3
    assert all(auth == "Token test-token" for _path, auth in courtlistener.hits)


def test_the_case_s_empty_fields_are_filled_and_the_docket_is_kept_beside_ours(
    courtlistener, linked_case
):
    linked_case.caption = "Our own caption"
    linked_case.state = PublicationState.DRAFT
    linked_case.save()
    serve_docket(courtlistener)

    services.sync_case(linked_case.pk)

    linked_case.refresh_from_db()
    assert linked_case.docket_number == "3:23-cv-00201"
    assert str(linked_case.filed_on) == "2023-01-13"
    assert linked_case.caption == "Our own caption"  # ours is never overwritten
    state = DocketSync.objects.get(case=linked_case)
    assert state.docket["assigned_to_str"] == "William Horsley Orrick"
    assert state.docket["nature_of_suit"] == "Copyright"
    assert {"kind": "attorney", "id": 9, "name": "Joseph Saveri"} in state.parties
    assert state.last_error == ""


def test_syncing_again_changes_nothing_and_an_entry_edited_upstream_is_updated(
    courtlistener, linked_case
):
    serve_docket(courtlistener)
    services.sync_case(linked_case.pk)
    counts = (Event.objects.count(), Source.objects.count())

    again = services.sync_case(linked_case.pk)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert (Event.objects.count(), Source.objects.count()) == counts

    courtlistener.answers.clear()
    edited = [entry(1003, 3, "Summons Issued as to Midjourney, Inc.", "2023-01-18")]
    serve_docket(courtlistener, page_1=ENTRIES_PAGE_1, page_2=edited)
    result = services.sync_case(linked_case.pk)

    assert (result.created, result.updated) == (0, 1)
    assert (Event.objects.count(), Source.objects.count()) == counts
    event = Event.objects.get(case=linked_case, docket_entry_number=3)
    assert (event.title, str(event.date)) == ("Summons Issued as to Midjourney, Inc.", "2023-01-18")


def test_a_429_with_retry_after_is_waited_out(courtlistener, linked_case):
    serve_docket(courtlistener)
    path = f"/api/rest/v4/dockets/{DOCKET_ID}/"
    courtlistener.answers[path].appendleft((429, {"detail": "Throttled."}, {"Retry-After": "0"}))

    result = services.sync_case(linked_case.pk)

    assert result.created == 3
    assert [p for p, _ in courtlistener.hits].count(path) == 2


def test_a_403_leaves_a_clear_message_on_the_case_and_writes_nothing(courtlistener, linked_case):
    serve_docket(courtlistener)
    entries = courtlistener.answers[f"/api/rest/v4/docket-entries/?docket={DOCKET_ID}"]
    entries.clear()
    entries.append((403, {"detail": "You do not have permission to perform this action."}, {}))

    with pytest.raises(AccessDenied):
        services.sync_case(linked_case.pk)

    state = DocketSync.objects.get(case=linked_case)
    assert "refused access (HTTP 403)" in state.last_error
    assert "COURTLISTENER_API_TOKEN" in state.last_error
    assert not Event.objects.filter(case=linked_case).exists()
    linked_case.refresh_from_db()
    assert linked_case.docket_number == ""


def test_a_failure_half_way_through_the_writes_leaves_nothing_half_written(
    courtlistener, linked_case
):
    # The third entry (on the second page) already belongs to another case's event: the first
    # two were written in the same transaction, and are gone with it.
    other = EventFactory(case=CaseFactory())
    DocketEntryLink.objects.create(courtlistener_id=1003, case=other.case, event=other)
    serve_docket(courtlistener)
    sources_before = Source.objects.count()

    with pytest.raises(CourtListenerError):
        services.sync_case(linked_case.pk)

    assert not Event.objects.filter(case=linked_case).exists()
    assert Source.objects.count() == sources_before
    linked_case.refresh_from_db()
    assert linked_case.docket_number == ""
    assert DocketSync.objects.get(case=linked_case).last_error.startswith("Nothing was written")


def test_an_opted_in_case_publishes_its_entries_with_their_sources(
    courtlistener, linked_case, editor
):
    serve_docket(courtlistener)
    state = DocketSync.objects.create(case=linked_case)
    services.set_direct_publishing(state=state, enabled=True, user=editor)

    result = services.sync_case(linked_case.pk)

    assert result.published == 3
    assert set(Event.objects.filter(case=linked_case).values_list("state", flat=True)) == {
        PublicationState.PUBLISHED
    }
    assert set(Source.objects.values_list("state", flat=True)) == {PublicationState.PUBLISHED}


def test_only_who_may_publish_events_can_opt_a_case_in(linked_case, curator):
    state = DocketSync.objects.create(case=linked_case)
    with pytest.raises(PermissionDenied, match="Only an editor"):
        services.set_direct_publishing(state=state, enabled=True, user=curator)
    state.refresh_from_db()
    assert state.publish_directly is False


def test_docket_entries_come_from_two_pages(courtlistener, linked_case):
    serve_docket(courtlistener)
    services.sync_case(linked_case.pk)
    paths = [path for path, _ in courtlistener.hits]
    assert f"/api/rest/v4/docket-entries/?docket={DOCKET_ID}" in paths
    assert "/api/rest/v4/docket-entries/?cursor=cD0y&docket=68477933" in paths
    assert len(ENTRIES_PAGE_1) + len(ENTRIES_PAGE_2) == Event.objects.count()
