"""Every write of curated data: save, delete, publish and unpublish, each asking the rulebook.

The admin (forms, inlines, actions, History revert), the API and the ingestion decisions call
these and hold no rules of their own. Two rules live here besides the rulebook's:

- the publication state changes only through publish() and unpublish(): save() keeps the state
  the database holds (a History revert to a published version does not publish);
- a published event or testimony cites at least one *published* source at all times: publishing
  without one, and unpublishing a source, removing or re-pointing a citation that would leave
  one without, are refused with a message naming the entries. PostgreSQL enforces it too
  (migration 0006), checked at commit.

Every change of public data (publish, unpublish, a save or delete of something published, a
case's status, the citations of a published entry or the roles of a published case) is also
written to the change feed (cases.models.Change) in the same
transaction; on commit, the tasks named in settings.CHANGE_FEED_TASKS are queued with the new
rows' ids (webhooks; see the Change docstring for how to read the feed). Each feed row, and each
change of reference data (parties, topics, courts, outlets: public wherever a published row
shows them), also counts one change of public data for the page cache (core.pagecache).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.module_loading import import_string

from articles.models import Source, Suggestion
from cases.models import (
    Case,
    CaseRole,
    Change,
    Event,
    EventCitation,
    Testimony,
    TestimonyCitation,
)
from cases.models.search import refresh_after_write
from core.pagecache import public_data_changed
from core.publishing import PublicationState, Publishable

from . import rulebook
from .rulebook import Action

PUBLISHED = PublicationState.PUBLISHED
DRAFT = PublicationState.DRAFT

logger = logging.getLogger(__name__)

# The most items one write may carry in a list, in the API and the admin alike.
MAX_CITATIONS = 100
MAX_ROLES = 200
MAX_TOPICS = 50
MAX_CASES = 100

# The cited entry of each citation model, and the citations of each entry model.
CITATIONS: dict[type[models.Model], tuple[type[models.Model], str]] = {
    Event: (EventCitation, "event"),
    Testimony: (TestimonyCitation, "testimony"),
}
CITED_ENTRY = {citation: (entry, owner) for entry, (citation, owner) in CITATIONS.items()}


def publish_permission(model: type[models.Model]) -> str:
    """'cases.publish_event' and friends: the permission an editor holds for the model."""
    return rulebook.model_permission(model, Action.PUBLISH)


def can_publish(user: AbstractBaseUser, model: type[models.Model]) -> bool:
    return rulebook.allows(user, Action.PUBLISH, model)


# --- The source rule -------------------------------------------------------------------------


def _label(entry: models.Model) -> str:
    return "event" if isinstance(entry, Event) else "testimony"


def unsourced(entry_model: type[models.Model], ids: Iterable[int]) -> list[models.Model]:
    """The published entries among `ids` that cite no published source (one query)."""
    citation_model, owner = CITATIONS[entry_model]
    ids = list(ids)
    if not ids:
        return []
    cites_published = citation_model.objects.filter(
        **{owner: OuterRef("pk")}, source__state=PUBLISHED
    )
    return list(
        entry_model.objects.filter(pk__in=ids, state=PUBLISHED)
        .exclude(Exists(cites_published))
        .order_by("pk")
    )


def require_published_sources(entry_model: type[models.Model], ids: Iterable[int]) -> None:
    """Raise ValidationError naming each published entry among `ids` left without a published
    source: the write that did it is then rolled back."""
    left = unsourced(entry_model, ids)
    if left:
        names = "; ".join(f"“{entry}”" for entry in left[:10])
        more = f" and {len(left) - 10} more" if len(left) > 10 else ""
        raise ValidationError(
            f"A published {_label(left[0])} must cite at least one published source, and this "
            f"would leave none for: {names}{more}. Cite another published source first, or "
            "unpublish it."
        )


def source_problem(entry: models.Model, sources: Iterable[Source]) -> str | None:
    """What is wrong with `sources` as all the sources a published entry would cite."""
    sources = list(sources)
    if any(source.is_published for source in sources):
        return None
    label = _label(entry)
    if not sources:
        return (
            f"A published {label} must cite at least one published source: add one before "
            "removing the last, or unpublish it first."
        )
    drafts = ", ".join(f"“{source}”" for source in sources[:5])
    return (
        f"This {label} cites only draft sources ({drafts}): publish one of them first, or "
        "publish them together with it (“Publish with their sources”)."
    )


# --- The change feed ---------------------------------------------------------------------------


def _record(kind: str, obj: models.Model, *, deleted: bool = False) -> Change:
    """Write one row of the change feed for `obj` (in the caller's transaction). A deleted
    case's row keeps no link to it (the link would delete the row with the case)."""
    case_id = obj.pk if isinstance(obj, Case) else getattr(obj, "case_id", None)
    if deleted and isinstance(obj, Case):
        case_id = None
    public_data_changed()
    return Change.objects.create(
        kind=kind, model=obj._meta.label_lower, object_id=obj.pk, case_id=case_id
    )


def _queue_consumers(change_ids: list[int]) -> None:
    """Queue each change-feed task with the new ids. A broker that is down loses nothing: the
    rows are committed, and the consumers' periodic sweep picks them up."""
    for path in settings.CHANGE_FEED_TASKS:
        try:
            import_string(path).delay(change_ids)
        except Exception:
            logger.exception("Could not queue %s for changes %s", path, change_ids)


def _announce(changes: list[Change]) -> None:
    """Once the transaction commits, hand the new changes to the feed's consumers (one task
    each, whatever the number of changes)."""
    if changes:
        ids = [change.pk for change in changes]
        transaction.on_commit(lambda: _queue_consumers(ids))


def _changes_of_save(obj: models.Model, stored: dict | None) -> list[Change]:
    """The feed rows a save of `obj` makes: 'updated' for a published row, and
    'status_changed' for a case whose status moved."""
    if stored is None or stored["state"] != PUBLISHED:
        return []
    changes = [_record(Change.Kind.UPDATED, obj)]
    if isinstance(obj, Case) and stored.get("status") != obj.status:
        changes.append(_record(Change.Kind.STATUS_CHANGED, obj))
    return changes


def _parent_of(obj: models.Model) -> models.Model | None:
    """The entry a citation belongs to, or the case a role belongs to: what the public reads of
    them changes with it."""
    if type(obj) in CITED_ENTRY:
        return getattr(obj, CITED_ENTRY[type(obj)][1])
    if isinstance(obj, CaseRole):
        return obj.case
    return None


def _is_reference_data(obj: models.Model) -> bool:
    """Parties, topics, courts, outlets …: rows with no publication state of their own and no
    entry or case above them, shown wherever a published row names them."""
    return not isinstance(obj, Publishable) and _parent_of(obj) is None


def _announce_update_if_published(obj: models.Model) -> None:
    """An 'updated' row for `obj` if it is published as stored (the caller's instance may be
    older than a publish that happened since it was read)."""
    if type(obj).objects.filter(pk=obj.pk, state=PUBLISHED).exists():
        _announce([_record(Change.Kind.UPDATED, obj)])


def _stored_for_feed(obj: models.Model) -> dict | None:
    """What the feed compares a save with: the stored state (and a case's status)."""
    if not isinstance(obj, Publishable) or obj.pk is None:
        return None
    fields = ["state", "status"] if isinstance(obj, Case) else ["state"]
    return type(obj)._default_manager.filter(pk=obj.pk).values(*fields).first()


# --- Saving and deleting -----------------------------------------------------------------------


def _keep_stored_state(obj: models.Model) -> None:
    """The state (and when it was made public) as the database holds it; new rows are drafts."""
    if not isinstance(obj, Publishable):
        return
    stored = (
        type(obj)._default_manager.filter(pk=obj.pk).values("state", "made_public_at").first()
        if obj.pk is not None
        else None
    )
    obj.state = stored["state"] if stored else DRAFT
    obj.made_public_at = stored["made_public_at"] if stored else None


def check_save(*, user: AbstractBaseUser, obj: models.Model) -> None:
    """Everything save() refuses, checked before anything is written, so forms and serializers
    can show it as a validation error: the rulebook, then the source rule for a citation."""
    _keep_stored_state(obj)
    rulebook.check(user, Action.CHANGE if obj.pk else Action.ADD, obj)
    if type(obj) in CITED_ENTRY and obj.pk is not None:
        _check_citation_move(obj)


def _other_sources(entry: models.Model, citation: models.Model) -> list[Source]:
    """The sources `entry` cites besides through `citation`."""
    return [c.source for c in entry.citations.exclude(pk=citation.pk).select_related("source")]


def _check_citation_move(citation: models.Model) -> None:
    """A citation re-pointed (to another source or entry) must not leave its old entry, if
    published, without a published source."""
    _, owner = CITED_ENTRY[type(citation)]
    stored = type(citation).objects.filter(pk=citation.pk).select_related(owner).first()
    if stored is None:
        return
    old_entry = getattr(stored, owner)
    if not old_entry.is_published:
        return
    sources = _other_sources(old_entry, citation)
    if getattr(citation, f"{owner}_id") == old_entry.pk:
        sources.append(citation.source)
    problem = source_problem(old_entry, sources)
    if problem:
        raise ValidationError(problem)


@transaction.atomic
def save(
    *, user: AbstractBaseUser, obj: models.Model, reason: str = "", feed: bool = True
) -> models.Model:
    """Create or change one row, as `user`: rulebook first, publication state untouched.
    `feed=False` leaves the change feed to a caller that records one change for many rows."""
    old_entry_id = None
    if type(obj) in CITED_ENTRY and obj.pk is not None:
        _, owner = CITED_ENTRY[type(obj)]
        old_entry_id = (
            type(obj).objects.filter(pk=obj.pk).values_list(f"{owner}_id", flat=True).first()
        )
    stored = _stored_for_feed(obj)
    check_save(user=user, obj=obj)
    if reason:
        obj._change_reason = reason
    obj.save()
    refresh_after_write(obj, old_entry_id=old_entry_id)
    if _is_reference_data(obj):
        public_data_changed()
    if feed:
        _announce(_changes_of_save(obj, stored))
        if (parent := _parent_of(obj)) is not None:
            _announce_update_if_published(parent)
    if type(obj) in CITED_ENTRY:
        entry_model, owner = CITED_ENTRY[type(obj)]
        require_published_sources(entry_model, {getattr(obj, f"{owner}_id"), old_entry_id} - {None})
    return obj


def check_delete(*, user: AbstractBaseUser, obj: models.Model) -> None:
    rulebook.check(user, Action.DELETE, obj)
    if type(obj) in CITED_ENTRY:
        _, owner = CITED_ENTRY[type(obj)]
        entry = getattr(obj, owner)
        if entry.is_published:
            problem = source_problem(entry, _other_sources(entry, obj))
            if problem:
                raise ValidationError(problem)


@transaction.atomic
def delete(*, user: AbstractBaseUser, obj: models.Model) -> None:
    check_delete(user=user, obj=obj)
    if isinstance(obj, Testimony):
        # The candidates it was accepted from go back to review rather than with it.
        obj.candidates.update(
            status=Suggestion.PENDING, testimony=None, decided_by=None, decided_at=None
        )
    entry = None
    if type(obj) in CITED_ENTRY:
        entry_model, owner = CITED_ENTRY[type(obj)]
        entry = (entry_model, getattr(obj, f"{owner}_id"))
    if isinstance(obj, Publishable) and obj.is_published:
        # The feed row outlives the entry: consumers send its ids only.
        _announce([_record(Change.Kind.UNPUBLISHED, obj, deleted=True)])
    elif (parent := _parent_of(obj)) is not None:
        _announce_update_if_published(parent)
    elif _is_reference_data(obj):
        public_data_changed()
    obj.delete()
    refresh_after_write(obj)
    if entry:
        require_published_sources(entry[0], [entry[1]])


@transaction.atomic
def set_related(*, user: AbstractBaseUser, obj: models.Model, name: str, values) -> None:
    """Replace a many-to-many relation (topics, a source's cases): a change of `obj` itself."""
    rulebook.check(user, Action.CHANGE, obj)
    getattr(obj, name).set(values)
    if isinstance(obj, Publishable) and obj.is_published:
        _announce([_record(Change.Kind.UPDATED, obj)])
    elif _is_reference_data(obj):
        public_data_changed()


@transaction.atomic
def replace_roles(*, user: AbstractBaseUser, case: Case, roles: list[dict]) -> None:
    """The case's parties and roles become `roles` (dicts of CaseRole fields)."""
    for role in case.roles.all():
        rulebook.check(user, Action.DELETE, role)
        role.delete()
    for values in roles:  # one by one, so the history records each
        save(user=user, obj=CaseRole(case=case, **values), feed=False)
    _announce_update_if_published(case)  # one change for the whole list


@transaction.atomic
def replace_citations(*, user: AbstractBaseUser, entry: models.Model, citations: list[dict]):
    """The entry's citations become `citations` (dicts of citation fields); a published entry
    must be left citing a published source."""
    citation_model, owner = CITATIONS[type(entry)]
    for citation in entry.citations.all():
        rulebook.check(user, Action.DELETE, citation)
        citation.delete()
    for values in citations:
        rulebook.check(user, Action.ADD, citation := citation_model(**{owner: entry}, **values))
        citation.save()
    refresh_after_write(entry)
    require_published_sources(type(entry), [entry.pk])
    _announce_update_if_published(entry)  # one change for the whole list


# --- Publishing --------------------------------------------------------------------------------


def publication_problems(obj: models.Model) -> list[str]:
    """What stops `obj` from being published, in words an editor can act on."""
    return [
        message for messages in publication_problems_by_field(obj).values() for message in messages
    ]


def publication_problems_by_field(obj: models.Model) -> dict[str, list[str]]:
    """publication_problems() keyed by the field to fix ('citations', 'case', model fields,
    '__all__'), so forms and the API can show each problem next to its field."""
    problems: dict[str, list[str]] = {}
    if type(obj) in CITATIONS:
        label = _label(obj)
        sources = [citation.source for citation in obj.citations.select_related("source")]
        if not sources:
            problems["citations"] = [
                f"This {label} cites no source. Add at least one published source citation, "
                "then publish."
            ]
        else:
            problem = source_problem(obj, sources)
            if problem:
                problems["citations"] = [problem]
        if not obj.case.is_published:
            problems["case"] = [f"Its case “{obj.case}” is a draft: publish the case first."]
    try:
        obj.full_clean()
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            problems.setdefault(field, []).extend(messages)
    return problems


def _cleared_review(obj: models.Model) -> list[str]:
    """Publishing or unpublishing ends a review (cases.review): the submission and any note
    are cleared in the same save, so its history row records them cleared. Returns the fields."""
    obj.submitted_at, obj.submitted_by, obj.review_note = None, None, ""
    return ["submitted_at", "submitted_by", "review_note"]


@transaction.atomic
def publish(
    *, obj: models.Model, user: AbstractBaseUser, with_sources: bool = False
) -> models.Model:
    """Publish a case, event, testimony or source. With `with_sources`, the draft sources an
    event or testimony cites are published with it (the editor's explicit choice). Raises
    PermissionDenied or ValidationError, and changes nothing when it does."""
    rulebook.check(user, Action.PUBLISH, obj)
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    if with_sources and type(obj) in CITATIONS:
        for source in obj.sources.filter(state=DRAFT):
            publish(obj=source, user=user)
    problems = publication_problems(obj)
    if problems:
        raise ValidationError(problems)
    if obj.state != PUBLISHED:
        obj.state = PUBLISHED
        obj.made_public_at = timezone.now()
        obj._change_reason = "Published"
        obj.save(update_fields=["state", "made_public_at", "updated_at", *_cleared_review(obj)])
        refresh_after_write(obj)
        _announce([_record(Change.Kind.PUBLISHED, obj)])
    return obj


@transaction.atomic
def unpublish(*, obj: models.Model, user: AbstractBaseUser) -> models.Model:
    """Return an entry to draft, so it disappears from every public place. A source that is the
    last published source of a published entry stays published: the refusal names them."""
    rulebook.check(user, Action.PUBLISH, obj)
    if obj.state != DRAFT:
        obj.state = DRAFT
        obj._change_reason = "Unpublished"
        obj.save(update_fields=["state", "updated_at", *_cleared_review(obj)])
        refresh_after_write(obj)
        _announce([_record(Change.Kind.UNPUBLISHED, obj)])
        if isinstance(obj, Source):
            for entry_model, (_citation_model, _owner) in CITATIONS.items():
                require_published_sources(
                    entry_model,
                    entry_model.objects.filter(sources=obj).values_list("pk", flat=True),
                )
    return obj
