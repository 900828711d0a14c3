"""The permission matrix, generated from the admin registry and the API router (issue 14).

Every model the admin or the API can write has an entry in WORLD (world.py) that builds a *private*
instance (nothing the public sees) and a *public* one (something a reader sees, or that is shown
with what a reader sees). Every write path on it (admin add, change, delete, each list action,
history revert; API POST, PUT, PATCH, DELETE) is tried by each persona, and the outcome is
compared with the rule written below as data. A model registered later without an entry, or an
admin action without a rule, fails `test_every_writable_model_has_a_rule_in_the_matrix`.

Refused writes must leave every content row (and its history) as it was; allowed writes must
really change something.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.db.models import Model
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from api.urls import router
from articles.models import CaseSuggestion, Source, Suggestion
from core.publishing import Publishable
from tests.rulebook.forms import admin_form_data, editable_fields
from tests.rulebook.support import DRAFT, PERSONAS, PUBLISHED, Base, changed_tables, snapshot
from tests.rulebook.world import PRIVATE, PUBLIC, WORLD, Entry

pytestmark = pytest.mark.django_db

ALLOWED, REFUSED, PROTECTED = "allowed", "refused", "protected"
OUTSIDERS = {"anonymous", "stranger"}

# --- The rule ------------------------------------------------------------------------------------

# What a curator may do, by kind of write and by what the target is.
CURATOR_RULES: dict[tuple[str, str], str] = {
    ("add", PRIVATE): ALLOWED,  # a new entry, created as a draft
    ("add", PUBLIC): REFUSED,  # a row added to something public (a role, a citation)
    ("change", PRIVATE): ALLOWED,
    ("change", PUBLIC): REFUSED,
    ("delete", PRIVATE): REFUSED,  # but see CURATOR_DELETABLE
    ("delete", PUBLIC): REFUSED,
    ("revert", PRIVATE): ALLOWED,  # and the revert never changes the publication state
    ("revert", PUBLIC): REFUSED,
    ("publish", PRIVATE): REFUSED,
    ("publish", PUBLIC): REFUSED,
    ("fetch", PRIVATE): ALLOWED,
    ("fetch", PUBLIC): REFUSED,
    ("accept", PRIVATE): ALLOWED,
    # Accepting puts a source on a public timeline, or a citation on public testimony.
    ("accept", PUBLIC): REFUSED,
    ("dismiss", PRIVATE): ALLOWED,
    ("dismiss", PUBLIC): ALLOWED,
}
# The Curators group may delete only these (rows removed from an inline), and only privately.
CURATOR_DELETABLE = {"cases.caserole", "cases.eventcitation", "cases.testimonycitation"}
# What ingestion proposes: nobody adds these by hand.
INGESTION = {"articles.casesuggestion", "articles.testimonycandidate", "articles.mention"}
# Editors may do everything, subject to the data rules: these stop them too.
EDITOR_DATA_RULES: dict[tuple[str, str, str], str] = {
    ("cases.court", "delete", PUBLIC): PROTECTED,  # a published case is in it
    ("cases.party", "delete", PUBLIC): PROTECTED,  # it has a role in a published case
    ("articles.outlet", "delete", PUBLIC): PROTECTED,  # a published source has it
}
# Apps whose admin pages hold no content the public sees: only superusers manage them.
NOT_CONTENT_APPS = {
    "auth": "accounts and groups",
    "authtoken": "API tokens",
    "axes": "login attempts and lockouts",
    "alerts": "readers' email subscriptions (personal data, not content)",
    "webhooks": "programs' webhook endpoints and delivery logs (tests/api/test_webhooks.py)",
}


def is_content(label: str) -> bool:
    return label.split(".")[0] not in NOT_CONTENT_APPS


@dataclass(frozen=True)
class ActionRule:
    write: str  # the kind of write the action is, in CURATOR_RULES
    visibilities: tuple[str, ...] = (PRIVATE, PUBLIC)


ACTIONS = {
    "delete_selected": ActionRule("delete"),
    "publish_selected": ActionRule("publish", (PRIVATE,)),  # a public entry is published already
    "publish_with_sources": ActionRule("publish", (PRIVATE,)),
    "unpublish_selected": ActionRule("publish", (PUBLIC,)),  # a private one is a draft already
    "fetch_again": ActionRule("fetch"),
    "accept_selected": ActionRule("accept"),
    "dismiss_selected": ActionRule("dismiss"),
}


def expected(model: str, write: str, visibility: str, persona: str) -> str:
    if persona in OUTSIDERS:
        return REFUSED
    if write == "add" and model in INGESTION:
        return REFUSED
    if persona == "editor":
        return EDITOR_DATA_RULES.get((model, write, visibility), ALLOWED)
    if (write, visibility) == ("delete", PRIVATE) and model in CURATOR_DELETABLE:
        return ALLOWED
    return CURATOR_RULES[(write, visibility)]


# --- The write paths, generated from the admin registry and the router ------------------------


def admin_models() -> list[tuple[str, type[Model], admin.ModelAdmin]]:
    return [
        (model._meta.label_lower, model, admin.site.get_model_admin(model))
        for model in apps.get_models()
        if admin.site.is_registered(model)
    ]


def declared_actions(model_admin: admin.ModelAdmin) -> list[str]:
    """The site-wide actions and the admin's own, before any permission filtering (the
    editor's list is computed in the test: an action not even offered to editors must be
    refused to everyone)."""
    names = [name for name, _func in admin.site.actions]
    for action in model_admin.actions or ():
        names.append(action if isinstance(action, str) else action.__name__)
    return list(dict.fromkeys(names))


def api_routes() -> list[tuple[str, type[Model], Any]]:
    return [
        (prefix, viewset.model, viewset)
        for prefix, viewset, _basename in router.registry
        if is_content(viewset.model._meta.label_lower)
    ]


def _params(rows) -> list:
    return [pytest.param(*row, id="-".join(str(part) for part in row)) for row in rows]


def _content(label: str) -> bool:
    return is_content(label) and label in WORLD


ADD = _params(
    (label, visibility, persona)
    for label, _model, _admin in admin_models()
    if _content(label)
    for visibility in WORLD[label].add_visibilities
    for persona in PERSONAS
)
CHANGE = _params(
    (label, visibility, persona)
    for label, _model, _admin in admin_models()
    if _content(label) and WORLD[label].edit
    for visibility in (PRIVATE, PUBLIC)
    for persona in PERSONAS
)
DELETE = _params(
    (label, visibility, persona)
    for label, _model, _admin in admin_models()
    if _content(label)
    for visibility in (PRIVATE, PUBLIC)
    for persona in PERSONAS
)
ACTION = _params(
    (label, action, visibility, persona)
    for label, _model, model_admin in admin_models()
    if _content(label)
    for action in declared_actions(model_admin)
    if action in ACTIONS
    for visibility in ACTIONS[action].visibilities
    for persona in PERSONAS
)
REVERT = _params(
    (label, visibility, persona)
    for label, _model, model_admin in admin_models()
    if _content(label) and WORLD[label].edit and isinstance(model_admin, SimpleHistoryAdmin)
    for visibility in (PRIVATE, PUBLIC)
    for persona in PERSONAS
)
API_WRITES = ["create", "create_published", "put", "patch", "delete"]
API = _params(
    (prefix, write, visibility, persona)
    for prefix, model, _viewset in api_routes()
    if model._meta.label_lower in WORLD
    for write in API_WRITES
    if write != "create_published" or issubclass(model, Publishable)
    for visibility in ((PRIVATE,) if write.startswith("create") else (PRIVATE, PUBLIC))
    for persona in PERSONAS
)


def test_every_writable_model_has_a_rule_in_the_matrix():
    missing = []
    for label, _model, model_admin in admin_models():
        if not is_content(label):
            continue
        if label not in WORLD:
            missing.append(f"no rule in the permission matrix for {label}: add one")
            continue
        for action in declared_actions(model_admin):
            if action not in ACTIONS:
                missing.append(f"no rule in the permission matrix for {label}'s action {action}")
    for prefix, model, _viewset in api_routes():
        label = model._meta.label_lower
        if label not in WORLD:
            missing.append(f"no rule in the permission matrix for {label} (/{prefix}/): add one")
        elif WORLD[label].api_create is None or WORLD[label].api_put is None:
            missing.append(f"the matrix has no API payloads for {label} (/{prefix}/): add them")
    assert not missing, "\n".join(missing)


def test_the_matrix_is_not_empty():
    """A registry the generator could not read would make every table below empty."""
    assert len(ADD) >= 40 and len(CHANGE) >= 80 and len(DELETE) >= 100
    assert len(ACTION) >= 60 and len(REVERT) >= 80 and len(API) >= 150


# --- Running one write -----------------------------------------------------------------------


def model_of(label: str) -> type[Model]:
    return apps.get_model(label)


def admin_url(label: str, view: str, *args) -> str:
    app_label, model_name = label.split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def check_outcome(outcome, response, before, after, *, allowed, refused, persona, api=False):
    """The response code says what happened, and the data agrees."""
    body = response.content.decode()[:1500]
    changed = changed_tables(before, after)
    if persona in OUTSIDERS:
        if api:
            assert response.status_code in (401, 403), body
        else:
            assert is_login_redirect(response), (response.status_code, body)
    elif outcome == ALLOWED:
        assert response.status_code in allowed, (response.status_code, body)
    else:
        assert response.status_code in refused, (response.status_code, body)
    if outcome == ALLOWED:
        assert changed, "an allowed write changed nothing"
    else:
        assert not changed, f"a refused write changed {changed}"


def editor_actions(label: str, editor) -> dict:
    request = RequestFactory().get(admin_url(label, "changelist"))
    request.user = editor
    return admin.site.get_model_admin(model_of(label)).get_actions(request)


# --- Admin -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("label", "visibility", "persona"), ADD)
def test_admin_add(label, visibility, persona, base, web_as, editor_web):
    entry, model = WORLD[label], model_of(label)
    outcome = expected(label, "add", visibility, persona)
    page = editor_web.get(admin_url(label, "add"))
    values = entry.add(base, visibility) if entry.add else {}
    data = admin_form_data(page, **values) if page.status_code == 200 else values
    known = set(model._default_manager.values_list("pk", flat=True))

    before = snapshot()
    response = web_as(persona).post(admin_url(label, "add"), data)
    after = snapshot()

    check_outcome(
        outcome, response, before, after, allowed={302}, refused={200, 403}, persona=persona
    )
    added = model._default_manager.exclude(pk__in=known)
    if outcome == ALLOWED:
        assert added.count() == 1, response.content.decode()[:1500]
        if issubclass(model, Publishable):
            assert added.get().state == DRAFT, "a new entry is a draft until an editor publishes it"
    else:
        assert not added.exists()


@pytest.mark.parametrize(("label", "visibility", "persona"), CHANGE)
def test_admin_change(label, visibility, persona, base, web_as, editor_web):
    entry, model = WORLD[label], model_of(label)
    outcome = expected(label, "change", visibility, persona)
    target = entry.make(base, visibility)
    url = admin_url(label, "change", target.pk)
    new_value = f"Changed by the {persona}"
    data = admin_form_data(editor_web.get(url), **{entry.edit: new_value})
    client = web_as(persona)
    if persona == "curator" and outcome == REFUSED:
        page = client.get(url)
        assert page.status_code == 200, "a curator may look at it"
        assert 'name="_save"' not in page.content.decode(), "shown read-only: no save button"

    before = snapshot()
    response = client.post(url, data)
    after = snapshot()

    check_outcome(outcome, response, before, after, allowed={302}, refused={403}, persona=persona)
    target = model._default_manager.get(pk=target.pk)
    if outcome == ALLOWED:
        assert getattr(target, entry.edit) == new_value


@pytest.mark.parametrize(("label", "visibility", "persona"), DELETE)
def test_admin_delete(label, visibility, persona, base, web_as):
    model = model_of(label)
    outcome = expected(label, "delete", visibility, persona)
    target = WORLD[label].make(base, visibility)

    before = snapshot()
    response = web_as(persona).post(admin_url(label, "delete", target.pk), {"post": "yes"})
    after = snapshot()

    refused = {200} if outcome == PROTECTED else {403}
    check_outcome(outcome, response, before, after, allowed={302}, refused=refused, persona=persona)
    assert model._default_manager.filter(pk=target.pk).exists() == (outcome != ALLOWED)


def action_effect(action: str, label: str, target: Model) -> None:
    """What an allowed action did to its target."""
    model = type(target)
    if action == "delete_selected":
        assert not model._default_manager.filter(pk=target.pk).exists()
        return
    target = model._default_manager.get(pk=target.pk)
    if action in ("publish_selected", "publish_with_sources"):
        assert target.state == PUBLISHED
    elif action == "unpublish_selected":
        assert target.state == DRAFT
    elif action == "fetch_again":
        assert target.fetch_state == Source.FetchState.QUEUED
    elif action == "accept_selected":
        assert target.status == Suggestion.ACCEPTED
        if isinstance(target, CaseSuggestion):
            assert target.source.cases.filter(pk=target.case_id).exists()
        else:
            assert target.testimony.citations.filter(source=target.source_id).exists()
    elif action == "dismiss_selected":
        assert target.status == Suggestion.DISMISSED
    else:  # pragma: no cover - ACTIONS and this function go together
        raise AssertionError(f"no effect known for {action}")


@pytest.mark.parametrize(("label", "action", "visibility", "persona"), ACTION)
def test_admin_action(label, action, visibility, persona, base, web_as, editor, request):
    rule = ACTIONS[action]
    offered_to_editors = action in editor_actions(label, editor)
    # An action not even offered to editors is refused to everyone.
    outcome = expected(label, rule.write, visibility, persona) if offered_to_editors else REFUSED
    target = WORLD[label].make(base, visibility)
    data = {"action": action, "_selected_action": [target.pk], "index": 0}
    if action == "delete_selected":
        data["post"] = "yes"
    if persona == "curator" and rule.write == "publish":
        curator = request.getfixturevalue("curator")
        assert action not in editor_actions(label, curator), "publishing is not offered"

    before = snapshot()
    response = web_as(persona).post(admin_url(label, "changelist"), data)
    after = snapshot()

    refused = {200} if outcome == PROTECTED else {200, 302, 403}
    check_outcome(outcome, response, before, after, allowed={302}, refused=refused, persona=persona)
    if outcome == ALLOWED:
        action_effect(action, label, target)


def with_history(entry: Entry, model: type[Model], base: Base, visibility: str) -> Model:
    """A `visibility` instance whose first version differs from it in `entry.edit` and, for
    publishable entries, in state: a private draft that was published once, a public entry
    that started as a draft."""
    if issubclass(model, Publishable):
        obj = entry.make(base, PUBLIC if visibility == PRIVATE else PRIVATE)
        obj.state = DRAFT if visibility == PRIVATE else PUBLISHED
        obj.made_public_at = obj.made_public_at or timezone.now()
    else:
        obj = entry.make(base, visibility)
    setattr(obj, entry.edit, "Edited after the first version")
    obj.save()
    return obj


@pytest.mark.parametrize(("label", "visibility", "persona"), REVERT)
def test_history_revert(label, visibility, persona, base, web_as, editor_web):
    entry, model = WORLD[label], model_of(label)
    outcome = expected(label, "revert", visibility, persona)
    target = with_history(entry, model, base, visibility)
    first = target.history.order_by("history_id").first()
    url = admin_url(label, "simple_history", target.pk, first.history_id)
    data = admin_form_data(editor_web.get(url))
    state = getattr(target, "state", None)

    before = snapshot()
    response = web_as(persona).post(url, data)
    after = snapshot()

    check_outcome(outcome, response, before, after, allowed={302}, refused={403}, persona=persona)
    target = model._default_manager.get(pk=target.pk)
    if outcome == ALLOWED:
        assert getattr(target, entry.edit) == getattr(first, entry.edit)
        assert getattr(target, "state", None) == state, "a revert never changes the state"


# --- API ---------------------------------------------------------------------------------------


def api_target_url(prefix: str, viewset, obj: Model) -> str:
    lookup = viewset.lookup_field
    return f"/api/v1/{prefix}/{getattr(obj, lookup)}/"


@pytest.mark.parametrize(("prefix", "write", "visibility", "persona"), API)
def test_api_write(prefix, write, visibility, persona, base, api_as):
    [(model, viewset)] = [(v.model, v) for p, v, _b in router.registry if p == prefix]
    label = model._meta.label_lower
    entry = WORLD[label]
    kind = {"create": "add", "create_published": "publish", "delete": "delete"}.get(write, "change")
    outcome = expected(label, kind, visibility, persona)
    client = api_as(persona)
    target = None if write.startswith("create") else entry.make(base, visibility)
    known = set(model._default_manager.values_list("pk", flat=True))
    new_value = f"Changed by the {persona}"

    before = snapshot()
    if write == "create":
        response = client.post(f"/api/v1/{prefix}/", entry.api_create(base), format="json")
    elif write == "create_published":
        payload = {**entry.api_create(base), "state": "published"}
        response = client.post(f"/api/v1/{prefix}/", payload, format="json")
    elif write == "put":
        payload = {**entry.api_put(target), entry.edit: new_value}
        response = client.put(api_target_url(prefix, viewset, target), payload, format="json")
    elif write == "patch":
        payload = {entry.edit: new_value}
        response = client.patch(api_target_url(prefix, viewset, target), payload, format="json")
    else:
        response = client.delete(api_target_url(prefix, viewset, target))
    after = snapshot()

    allowed = {"create": 201, "create_published": 201, "delete": 204}.get(write, 200)
    refused = {409} if outcome == PROTECTED else {403}
    check_outcome(
        outcome,
        response,
        before,
        after,
        allowed={allowed},
        refused=refused,
        persona=persona,
        api=True,
    )
    added = model._default_manager.exclude(pk__in=known)
    if write.startswith("create"):
        assert added.count() == (1 if outcome == ALLOWED else 0)
        if outcome == ALLOWED and issubclass(model, Publishable):
            assert added.get().state == (PUBLISHED if write == "create_published" else DRAFT)
    elif write == "delete":
        assert model._default_manager.filter(pk=target.pk).exists() == (outcome != ALLOWED)
    elif outcome == ALLOWED:
        assert getattr(model._default_manager.get(pk=target.pk), entry.edit) == new_value


# --- What the matrix leaves out, and why -------------------------------------------------------


@pytest.mark.parametrize("label", [label for label, entry in WORLD.items() if entry.edit is None])
def test_review_rows_have_nothing_to_type_into(label, base, editor_web):
    """Models without an edit rule are left out of the change and revert paths: their admin
    form must have no editable field (else give them one in WORLD)."""
    target = WORLD[label].make(base, PRIVATE)
    page = editor_web.get(admin_url(label, "change", target.pk))
    assert page.status_code == 200
    assert editable_fields(page) == []


@pytest.mark.parametrize("persona", ["curator", "editor"])
@pytest.mark.parametrize(
    "label", [label for label, _model, _admin in admin_models() if not is_content(label)]
)
def test_pages_that_are_not_content_are_closed_to_the_newsroom(label, persona, web_as):
    client = web_as(persona)
    assert client.get(admin_url(label, "add")).status_code == 403
    assert client.get(admin_url(label, "changelist")).status_code == 403
