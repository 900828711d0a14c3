"""POST data for the event change form, as the admin's HTML form would send it."""

from cases.models import Case, Event


def event_form(event_or_case: Event | Case, **overrides) -> dict:
    """The event form's fields plus its citation inline; an existing event's citations included."""
    event = event_or_case if isinstance(event_or_case, Event) else None
    citations = list(event.citations.all()) if event else []
    data = {
        "case": event.case_id if event else event_or_case.pk,
        "kind": "hearing",
        "importance": "minor",
        "title": event.title if event else "A hearing",
        "description": "",
        "date": "2026-04-27",
        "date_precision": "day",
        "end_date": "",
        "docket_entry_number": "",
        "citations-TOTAL_FORMS": len(citations),
        "citations-INITIAL_FORMS": len(citations),
        "citations-MIN_NUM_FORMS": 0,
        "citations-MAX_NUM_FORMS": 1000,
    }
    for i, citation in enumerate(citations):
        data.update(
            {
                f"citations-{i}-id": citation.pk,
                f"citations-{i}-event": event.pk,
                f"citations-{i}-source": citation.source_id,
                f"citations-{i}-pinpoint": citation.pinpoint,
            }
        )
    data.update(overrides)
    return data
