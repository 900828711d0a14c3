"""The two member groups and what each may do, in code: Curators create and edit drafts and
review what ingestion suggests; Editors may also delete, publish and unpublish (the rulebook,
cases.rulebook, decides per row on top of these permissions).

Migrations 0002 (cases) and 0005 (articles) created the groups with frozen copies of this (0011
added the facets); a fresh database gets them from there. `ensure_groups()` makes them again
where they are missing (a test database flushed between tests) or out of date, idempotently."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

CURATORS, EDITORS = "Curators", "Editors"

# Content both groups curate: app label → model names.
CURATED = {
    "cases": [
        "applicationarea",
        "case",
        "caserole",
        "causeofaction",
        "court",
        "event",
        "eventcitation",
        "party",
        "testimony",
        "testimonycitation",
        "topic",
    ],
    "articles": ["outlet", "source"],
}
# Rows that curators remove from inlines (a wrong citation or role) need delete rights.
CURATOR_DELETABLE = {"caserole", "eventcitation", "testimonycitation"}
PUBLISH = {
    "cases": ["publish_case", "publish_event", "publish_testimony"],
    "articles": ["publish_source"],
}
# What ingestion suggests: reviewed, never added by hand.
REVIEWED = {"articles": ["mention", "casesuggestion", "testimonycandidate"]}


def codenames(group: str) -> dict[str, list[str]]:
    """The permission codenames of `group`, per app label."""
    editor = group == EDITORS
    result: dict[str, list[str]] = {}
    for app_label, models in CURATED.items():
        actions = ("add", "change", "view", "delete") if editor else ("add", "change", "view")
        codes = [f"{action}_{model}" for model in models for action in actions]
        if not editor:
            codes += [f"delete_{model}" for model in models if model in CURATOR_DELETABLE]
        else:
            codes += PUBLISH[app_label]
        result[app_label] = codes
    for app_label, models in REVIEWED.items():
        actions = ("view", "change", "delete") if editor else ("view", "change")
        result.setdefault(app_label, []).extend(
            f"{action}_{model}" for model in models for action in actions
        )
    return result


def ensure_groups() -> dict[str, Group]:
    """Curators and Editors with at least their permissions (two queries a group)."""
    groups = {}
    for name in (CURATORS, EDITORS):
        group, _ = Group.objects.get_or_create(name=name)
        wanted = Q()
        for app_label, codes in codenames(name).items():
            wanted |= Q(content_type__app_label=app_label, codename__in=codes)
        group.permissions.add(*Permission.objects.filter(wanted))
        groups[name] = group
    return groups


ROLES = {"curator": CURATORS, "editor": EDITORS}


def make_member(*, username: str, role: str, email: str = "") -> tuple[object, str | None]:
    """Create `username` as a staff member of the role's group, or move an existing member to
    that role (their other member group is left). Returns (user, password): a new account gets
    a random password, shown once; an existing one keeps its own (None). Raises ValidationError
    naming the field to fix."""
    if role not in ROLES:
        raise ValidationError({"role": f"Choose one of: {', '.join(ROLES)}."})
    user_model = get_user_model()
    groups = ensure_groups()
    with transaction.atomic():
        user = user_model.objects.filter(username=username).first()
        password = None
        if user is None:
            password = secrets.token_urlsafe(12)
            user = user_model(username=username, email=email, is_staff=True)
            user.set_password(password)
            user.full_clean()
            user.save()
        else:
            user.is_staff = True
            if email:
                user.email = email
            user.full_clean(exclude=["password"])
            user.save()
        user.groups.remove(*(groups[name] for name in ROLES.values()))
        user.groups.add(groups[ROLES[role]])
    return user, password
