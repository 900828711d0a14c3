"""Writes that carry business rules: publishing and unpublishing curated entries."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from .models import Event, PublicationState, Testimony


def publish_permission(model: type[models.Model]) -> str:
    """'cases.publish_event' and friends: the custom permission guarding publication."""
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def can_publish(user: AbstractBaseUser, model: type[models.Model]) -> bool:
    return bool(user and user.is_active and user.has_perm(publish_permission(model)))


def publication_problems(obj: models.Model) -> list[str]:
    """What stops `obj` from being published, in words an editor can act on."""
    rules, fields = _publication_problems(obj)
    return [message for messages in rules.values() for message in messages] + [
        f"{field}: {message}" if field != "__all__" else message
        for field, messages in fields.items()
        for message in messages
    ]


def publication_problems_by_field(obj: models.Model) -> dict[str, list[str]]:
    """publication_problems() keyed by the field to fix ('citations', 'case', model fields,
    '__all__'), so forms and the API can show each problem next to its field."""
    rules, fields = _publication_problems(obj)
    problems = {key: list(messages) for key, messages in rules.items()}
    for field, messages in fields.items():
        problems.setdefault(field, []).extend(messages)
    return problems


def _publication_problems(obj: models.Model) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(publication rules broken, validation errors), each keyed by the field to fix."""
    rules: dict[str, list[str]] = {}
    if isinstance(obj, Event | Testimony):
        label = "event" if isinstance(obj, Event) else "testimony"
        if not obj.citations.exists():
            rules["citations"] = [
                f"This {label} cites no source. Add at least one source citation, then publish."
            ]
        if not obj.case.is_published:
            rules["case"] = [f"Its case “{obj.case}” is a draft: publish the case first."]
    try:
        obj.full_clean()
    except ValidationError as exc:
        return rules, exc.message_dict
    return rules, {}


def _require_permission(user: AbstractBaseUser, model: type[models.Model]) -> None:
    if not can_publish(user, model):
        raise PermissionDenied(
            f"You may not publish or unpublish {model._meta.verbose_name_plural}: ask an editor "
            f"(it needs the “{publish_permission(model)}” permission)."
        )


@transaction.atomic
def publish(*, obj: models.Model, user: AbstractBaseUser) -> models.Model:
    """Publish a case, event, testimony or source. Raises PermissionDenied or ValidationError,
    and changes nothing when it does."""
    _require_permission(user, type(obj))
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    problems = publication_problems(obj)
    if problems:
        raise ValidationError(problems)
    if obj.state != PublicationState.PUBLISHED:
        obj.state = PublicationState.PUBLISHED
        obj.made_public_at = timezone.now()
        obj._change_reason = "Published"
        obj.save(update_fields=["state", "made_public_at", "updated_at"])
    return obj


@transaction.atomic
def unpublish(*, obj: models.Model, user: AbstractBaseUser) -> models.Model:
    """Return an entry to draft, so it disappears from every public place."""
    _require_permission(user, type(obj))
    if obj.state != PublicationState.DRAFT:
        obj.state = PublicationState.DRAFT
        obj._change_reason = "Unpublished"
        obj.save(update_fields=["state", "updated_at"])
    return obj


def citation_removal_problem(*, parent: Event | Testimony, remaining: int) -> str | None:
    """A published event or testimony must keep at least one citation."""
    if parent.is_published and remaining < 1:
        kind = "event" if isinstance(parent, Event) else "testimony"
        return (
            f"A published {kind} must cite at least one source: add another citation "
            "before removing the last one, or unpublish it first."
        )
    return None
