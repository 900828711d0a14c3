"""What a change is about (its case, parties and topics, for matching endpoints) and the JSON
body of a delivery, built at send time from what is public then (the models' public())."""

from __future__ import annotations

from django.apps import apps
from django.utils import timezone

from cases.models import Case, CaseRole, Change, Event, Testimony
from core.site import site_url
from webhooks.models import Delivery

ENTRY_MODELS = {"cases.event": Event, "cases.testimony": Testimony, "cases.case": Case}


def subjects(change: Change) -> tuple[set[int], set[int], set[int]]:
    """The ids of the cases, parties and topics `change` concerns, as the data stands now."""
    cases: set[int] = {change.case_id} if change.case_id else set()
    topics: set[int] = set()
    parties: set[int] = set()
    model = apps.get_model(change.model)
    if model is Event or model is Testimony:
        topics |= set(
            model.topics.through.objects.filter(
                **{model._meta.model_name: change.object_id}
            ).values_list("topic_id", flat=True)
        )
        if model is Testimony:
            parties |= set(
                Testimony.objects.filter(pk=change.object_id).values_list("witness_id", flat=True)
            )
    elif model is Case:
        topics |= set(
            Case.topics.through.objects.filter(case_id=change.object_id).values_list(
                "topic_id", flat=True
            )
        )
    elif change.model == "articles.source":
        cases |= set(
            model.cases.through.objects.filter(source_id=change.object_id).values_list(
                "case_id", flat=True
            )
        )
    parties |= set(CaseRole.objects.filter(case_id__in=cases).values_list("party_id", flat=True))
    return cases, parties, topics


def _entry(change: Change) -> dict | None:
    """The changed row as the public sees it now, or None when it is not public."""
    model = apps.get_model(change.model)
    obj = model.objects.public().filter(pk=change.object_id).first()
    if obj is None:
        return None
    data = {
        "type": model._meta.model_name,
        "id": obj.pk,
        "title": getattr(obj, "title", None) or getattr(obj, "short_title", None) or str(obj),
        "url": site_url(obj.get_absolute_url()),
        "updated_at": obj.updated_at,
    }
    case = obj if model is Case else getattr(obj, "case", None)
    if case is not None:
        data["case"] = {"slug": case.slug, "title": case.short_title, "status": case.status}
    if hasattr(obj, "date"):
        data["date"] = obj.date
    return data


def build(delivery: Delivery) -> dict | None:
    """The body of `delivery`, or None when what it is about is no longer public."""
    body = {
        "id": delivery.pk,
        "event": delivery.event,
        "sent_at": timezone.now(),
    }
    change = delivery.change
    if change is None:
        return {**body, "test": True, "message": "A test event: your endpoint is reachable."}
    body["occurred_at"] = change.at
    if change.kind == Change.Kind.UNPUBLISHED:
        # Only ids: the entry is no longer public (or no longer exists).
        case = Case.objects.public().filter(pk=change.case_id).values("slug").first()
        entry = {"type": change.model.split(".")[1], "id": change.object_id}
        if case:
            entry["case"] = {"slug": case["slug"]}
        return {**body, "entry": entry}
    entry = _entry(change)
    return None if entry is None else {**body, "entry": entry}
