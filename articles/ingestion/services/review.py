"""Curators' decisions on what ingestion suggests: link a source to a case, accept or
dismiss a testimony candidate, accept or dismiss a case suggestion. Each asks the rulebook;
the admin's review screens call these and hold no rules of their own."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles.models import CaseSuggestion, Source, Suggestion, TestimonyCandidate
from cases import rulebook
from cases import services as case_services
from cases.models import Case, Testimony, TestimonyCitation
from cases.rulebook import Action
from core.publishing import PublicationState


def link_to_case(*, user: AbstractBaseUser, source: Source, case: Case) -> None:
    """Put the source on the case's timeline (shown once both are published). When both are
    published already that changes what the public sees: the rulebook asks for an editor."""
    if not source.cases.filter(pk=case.pk).exists():
        rulebook.check(user, Action.ADD, Source.cases.through(source=source, case=case))
        source.cases.add(case)


def _link_or_suggest(*, user: AbstractBaseUser, source: Source, case: Case) -> None:
    """Link the source to the case, or, where only an editor may, leave the link as a case
    suggestion for an editor to accept."""
    link = Source.cases.through(source=source, case=case)
    if rulebook.allows(user, Action.ADD, link):
        link_to_case(user=user, source=source, case=case)
        CaseSuggestion.objects.filter(source=source, case=case).update(status=Suggestion.ACCEPTED)
    else:
        CaseSuggestion.objects.update_or_create(
            source=source,
            case=case,
            defaults={"status": Suggestion.PENDING},
            create_defaults={"reason": "Testimony from this source was accepted for this case."},
        )


def candidate_case(candidate: TestimonyCandidate) -> Case | None:
    """The case a candidate belongs to when there is no doubt: the source's only linked case;
    else the only suggested case the text names by title; else the only suggested case.
    None means the curator must pick (the accept form asks)."""
    linked = list(candidate.source.cases.all()[:2])
    if len(linked) == 1:
        return linked[0]
    if linked:
        return None
    suggested = list(
        CaseSuggestion.objects.filter(source=candidate.source)
        .exclude(status=Suggestion.DISMISSED)
        .select_related("case")
    )
    named = [s for s in suggested if s.by_title]
    if len(named) == 1:
        return named[0].case
    return suggested[0].case if len(suggested) == 1 else None


@transaction.atomic
def accept_candidate(
    candidate: TestimonyCandidate,
    *,
    user: AbstractBaseUser,
    case: Case | None = None,
    date: dt.date | None = None,
    setting: str = "",
) -> Testimony:
    """Turn a candidate into a DRAFT testimony citing its source, with the source's wording.

    If the same witness's identical statement is already testimony in that case (another outlet
    reported it first), the source is added as a further citation instead: that is
    corroboration, not a second statement. Raises ValidationError when the case is unclear."""
    rulebook.check(user, Action.CHANGE, candidate)
    rulebook.check(user, Action.ADD, Testimony)
    candidate = (
        TestimonyCandidate.objects.select_for_update()
        .select_related("source", "speaker")
        .get(pk=candidate.pk)
    )
    if candidate.status == Suggestion.ACCEPTED and candidate.testimony_id:
        return candidate.testimony
    case = case or candidate_case(candidate)
    if case is None:
        raise ValidationError(
            "Pick the case this statement was made in: the source is linked to several cases "
            "or none, so it cannot be chosen automatically."
        )
    source = candidate.source
    testimony = (
        Testimony.objects.filter(
            case=case, witness=candidate.speaker, excerpt__iexact=candidate.quote
        )
        .order_by("id")
        .first()
    )
    if testimony is None:
        when = date or timezone.localtime(source.published_at or timezone.now()).date()
        testimony = Testimony(
            case=case,
            witness=candidate.speaker,
            date=when,
            setting=setting or Testimony.Setting.TRIAL,
            excerpt=candidate.quote,
            is_verbatim=True,
            context=candidate.context,
            state=PublicationState.DRAFT,
        )
        testimony.full_clean()
        case_services.save(
            user=user,
            obj=testimony,
            reason=f"Accepted from a candidate in source #{source.pk}",
        )
    if not testimony.citations.filter(source=source).exists():
        # Corroborating published testimony changes what the public sees: an editor's call.
        citation = TestimonyCitation(testimony=testimony, source=source, wording=candidate.quote)
        case_services.save(user=user, obj=citation)
    _link_or_suggest(user=user, source=source, case=case)
    candidate.status = Suggestion.ACCEPTED
    candidate.testimony = testimony
    candidate.decided_by = user
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["status", "testimony", "decided_by", "decided_at"])
    return testimony


def dismiss_candidate(candidate: TestimonyCandidate, *, user: AbstractBaseUser) -> None:
    rulebook.check(user, Action.CHANGE, candidate)
    TestimonyCandidate.objects.filter(pk=candidate.pk, status=Suggestion.PENDING).update(
        status=Suggestion.DISMISSED, decided_by=user, decided_at=timezone.now()
    )


def decide_case_suggestion(
    suggestion: CaseSuggestion, *, user: AbstractBaseUser, accept: bool
) -> None:
    """Accepting links the source to the case (it then shows on the case's timeline once both
    are published); dismissing hides the suggestion."""
    rulebook.check(user, Action.CHANGE, suggestion)
    with transaction.atomic():
        if accept:
            link_to_case(user=user, source=suggestion.source, case=suggestion.case)
        CaseSuggestion.objects.filter(pk=suggestion.pk).update(
            status=Suggestion.ACCEPTED if accept else Suggestion.DISMISSED
        )
