"""Who may change what: the one rulebook every write path asks.

Curators create and edit drafts. Anything the public can see today (published cases, events,
testimony and sources, and the rows public pages show with them: parties, courts, topics,
case facets, outlets, case roles, citations and their wording) changes only through an editor,
that is a user holding the publish permission that guards it. The write services (cases.services,
articles.ingestion.services) call `check()` before every write; the admin asks `allows()` to
show a form read-only or hide a button. Nothing else decides.

A model with no rule here cannot be written at all: `rule_for()` refuses it, so a model added
later fails the permission matrix (tests/rulebook) until someone writes its rule.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model

from articles.models import CaseSuggestion, Mention, Outlet, Source, TestimonyCandidate
from cases.models import (
    ApplicationArea,
    Case,
    CaseRole,
    CauseOfAction,
    Court,
    Event,
    EventCitation,
    Party,
    Testimony,
    TestimonyCitation,
    Topic,
)
from core.publishing import PublicationState

PUBLISHED = PublicationState.PUBLISHED


class Action(enum.StrEnum):
    ADD = "add"
    CHANGE = "change"
    DELETE = "delete"
    PUBLISH = "publish"  # publish or unpublish


@dataclass(frozen=True)
class Rule:
    """`guard`: the permission an editor holds to change what the public sees through this
    model. `shown(obj)`: whether the public sees the row, or the row it belongs to. `where`:
    how to say so in a refusal ("is published", "appears with published cases")."""

    guard: str
    shown: Callable[[Model], bool]
    where: str
    # The model permission, for a row with none of its own (a many-to-many link).
    base: str | None = None


def _published(obj: Model) -> bool:
    return getattr(obj, "state", None) == PUBLISHED


def _parent_published(name: str) -> Callable[[Model], bool]:
    def shown(obj: Model) -> bool:
        parent_id = getattr(obj, f"{name}_id")
        if parent_id is None:
            return False
        return (
            type(obj)
            ._meta.get_field(name)
            .related_model.objects.filter(pk=parent_id, state=PUBLISHED)
            .exists()
        )

    return shown


def _party_shown(party: Model) -> bool:
    """The parties whose page and API entry are public (Party.objects.public())."""
    return party.pk is not None and Party.objects.public().filter(pk=party.pk).exists()


def _court_shown(court: Model) -> bool:
    return court.pk is not None and Case.objects.filter(court=court, state=PUBLISHED).exists()


def _topic_shown(topic: Model) -> bool:
    return topic.pk is not None and Topic.objects.public().filter(pk=topic.pk).exists()


def _facet_shown(value: Model) -> bool:
    """A cause of action or area of application a published case carries."""
    return value.pk is not None and type(value).objects.public().filter(pk=value.pk).exists()


def _outlet_shown(outlet: Model) -> bool:
    return outlet.pk is not None and Source.objects.filter(outlet=outlet, state=PUBLISHED).exists()


def _link_shown(link: Model) -> bool:
    """A source on a case's timeline: public when both are published."""
    return (
        Source.objects.filter(pk=link.source_id, state=PUBLISHED).exists()
        and Case.objects.filter(pk=link.case_id, state=PUBLISHED).exists()
    )


def _never(obj: Model) -> bool:
    """Review rows (mentions, suggestions, candidates) are never public themselves; what a
    decision on them writes (testimony, citations, a source's cases) is checked as its own row."""
    return False


PUBLISH_CASE = "cases.publish_case"
PUBLISH_EVENT = "cases.publish_event"
PUBLISH_TESTIMONY = "cases.publish_testimony"
PUBLISH_SOURCE = "articles.publish_source"

RULES: dict[type[Model], Rule] = {
    Case: Rule(PUBLISH_CASE, _published, "is published"),
    Event: Rule(PUBLISH_EVENT, _published, "is published"),
    Testimony: Rule(PUBLISH_TESTIMONY, _published, "is published"),
    Source: Rule(PUBLISH_SOURCE, _published, "is published"),
    CaseRole: Rule(PUBLISH_CASE, _parent_published("case"), "belongs to a published case"),
    EventCitation: Rule(PUBLISH_EVENT, _parent_published("event"), "cites for a published event"),
    TestimonyCitation: Rule(
        PUBLISH_TESTIMONY, _parent_published("testimony"), "cites for published testimony"
    ),
    Party: Rule(PUBLISH_CASE, _party_shown, "appears with published cases"),
    Court: Rule(PUBLISH_CASE, _court_shown, "appears with published cases"),
    Topic: Rule(PUBLISH_CASE, _topic_shown, "tags published entries"),
    CauseOfAction: Rule(PUBLISH_CASE, _facet_shown, "is a claim of published cases"),
    ApplicationArea: Rule(PUBLISH_CASE, _facet_shown, "tags published cases"),
    Outlet: Rule(PUBLISH_SOURCE, _outlet_shown, "appears with published sources"),
    Source.cases.through: Rule(
        PUBLISH_SOURCE,
        _link_shown,
        "links a published source to a published case",
        base="articles.change_source",
    ),
    Mention: Rule(PUBLISH_SOURCE, _never, ""),
    CaseSuggestion: Rule(PUBLISH_SOURCE, _never, ""),
    TestimonyCandidate: Rule(PUBLISH_SOURCE, _never, ""),
}


def rule_for(model: type[Model]) -> Rule:
    try:
        return RULES[model]
    except KeyError:
        raise ImproperlyConfigured(
            f"The rulebook (cases/rulebook.py) has no rule for {model._meta.label}: add one "
            "before anything may write it."
        ) from None


def model_permission(model: type[Model], action: Action) -> str:
    """The Django permission an action needs on the model itself ('cases.change_event'); to
    publish, the model's publish permission."""
    rule = rule_for(model)
    if action == Action.PUBLISH:
        return rule.guard
    return rule.base or f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def _active(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    return bool(user is not None and user.is_active and user.is_authenticated)


def stored_version(obj: Model) -> Model | None:
    """The row as the database holds it now: what the public sees is decided by it, not by
    the edited copy in hand (a History revert hands over an old version's values)."""
    if obj.pk is None:
        return None
    return type(obj)._default_manager.filter(pk=obj.pk).first()


def refusal(user, action: Action, obj: Model | type[Model]) -> str | None:
    """Why `user` may not do `action` to `obj` (an instance, or a model for the model-wide
    question), in words that say who may; None when allowed."""
    model = obj if isinstance(obj, type) else type(obj)
    rule = rule_for(model)
    names = model._meta.verbose_name_plural
    needed = model_permission(model, action)
    if not _active(user) or not user.has_perm(needed):
        if action == Action.PUBLISH:
            return (
                f"You may not publish or unpublish {names}: that needs the publish permission "
                f"(“{needed}”). Save it as a draft and ask an editor."
            )
        return f"You may not {action} {names} (it needs the “{needed}” permission): ask an editor."
    if isinstance(obj, type) or action == Action.PUBLISH or user.has_perm(rule.guard):
        return None
    before = stored_version(obj) if action != Action.ADD else None
    if (before is not None and rule.shown(before)) or (action != Action.DELETE and rule.shown(obj)):
        what = f"“{before}”" if before is not None else f"This new {model._meta.verbose_name}"
        return (
            f"{what} {rule.where}: the public sees it, so only an editor may "
            f"{action} it (it needs the “{rule.guard}” permission). Ask an editor, or work on "
            "a draft."
        )
    return None


def allows(user, action: Action, obj: Model | type[Model]) -> bool:
    return refusal(user, action, obj) is None


def check(user, action: Action, obj: Model | type[Model]) -> None:
    """Raise PermissionDenied, with a message saying who may, unless `user` may do it."""
    reason = refusal(user, action, obj)
    if reason is not None:
        raise PermissionDenied(reason)


# --- Review: submitting drafts and sending them back (cases.review) ----------------------------


def submit_refusal(user, obj: Model) -> str | None:
    """Who may submit a draft for review: anyone who may change it (curators and editors)."""
    return refusal(user, Action.CHANGE, obj)


def send_back_refusal(user, obj: Model) -> str | None:
    """Who may send a submitted draft back: the holders of its publish permission (editors)."""
    if refusal(user, Action.PUBLISH, obj) is None:
        return None
    needed = model_permission(type(obj), Action.PUBLISH)
    return (
        f"Only an editor may send {type(obj)._meta.verbose_name_plural} back (it needs the "
        f"“{needed}” permission)."
    )


def check_submit(user, obj: Model) -> None:
    if (reason := submit_refusal(user, obj)) is not None:
        raise PermissionDenied(reason)


def check_send_back(user, obj: Model) -> None:
    if (reason := send_back_refusal(user, obj)) is not None:
        raise PermissionDenied(reason)
