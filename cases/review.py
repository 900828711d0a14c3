"""Review of drafts: a curator submits a draft (case, event, testimony, source) for review, an
editor publishes it or sends it back with a note the curator sees.

Submission is data on the draft (core.publishing.Publishable: submitted_at, submitted_by,
review_note), not a publication state. The rulebook says who may (cases.rulebook:
submit_refusal, send_back_refusal); the writes go through cases.services.save(), so the
history records each step with its reason. An editor publishes with cases.services.publish(),
which (like unpublish()) clears the submission in the same history row.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.publishing import Publishable

from . import rulebook, services

MAX_NOTE = 2000


def _publishable(obj) -> Publishable:
    if not isinstance(obj, Publishable):
        raise ValidationError(f"“{obj}” has no publication state: there is nothing to review.")
    return obj


@transaction.atomic
def submit_for_review(*, obj: Publishable, user: AbstractBaseUser) -> Publishable:
    """Mark a draft as waiting for an editor. Anyone who may change the draft may submit it;
    a note from an earlier send-back is cleared (it has been acted on)."""
    obj = _publishable(obj)
    rulebook.check_submit(user, obj)
    if obj.is_published:
        raise ValidationError(f"“{obj}” is published already: there is nothing to submit.")
    if obj.submitted_at is not None:
        raise ValidationError(
            f"“{obj}” already waits for review since "
            f"{timezone.localtime(obj.submitted_at):%-d %b %Y %H:%M}."
        )
    obj.submitted_at = timezone.now()
    obj.submitted_by = user
    obj.review_note = ""
    return services.save(user=user, obj=obj, reason="Submitted for review")


@transaction.atomic
def send_back(*, obj: Publishable, user: AbstractBaseUser, note: str = "") -> Publishable:
    """An editor returns a submitted draft to its curator, with an optional note saying what
    to fix. The draft stays a draft; it leaves the review queue until submitted again."""
    obj = _publishable(obj)
    rulebook.check_send_back(user, obj)
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError(f"The note is {len(note)} characters: keep it under {MAX_NOTE}.")
    if not obj.is_submitted:
        raise ValidationError(f"“{obj}” is not waiting for review: there is nothing to send back.")
    obj.submitted_at = None
    obj.submitted_by = None
    obj.review_note = note
    reason = f"Sent back: {note}" if note else "Sent back"
    return services.save(user=user, obj=obj, reason=reason[:100])
