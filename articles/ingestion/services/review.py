"""Curators' decisions on what ingestion suggests: link a source to a case, accept or
dismiss a testimony candidate, accept or dismiss a case suggestion. Each asks the rulebook;
the admin's review screens call these and hold no rules of their own."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles.ingestion.statement_dates import statement_date
from articles.models import CaseSuggestion, Source, Suggestion, TestimonyCandidate
from cases import rulebook
from cases import services as case_services
from cases.models import Case, Testimony, TestimonyCitation
from cases.rulebook import Action
from cases.testimony_matching import QuoteMatch, matching_testimony
from core.dates import Precision
from core.publishing import PublicationState


class NearMatches(ValidationError):
    """The witness has a similar (not equal) statement in the case around that date: the
    curator decides whether the candidate is that statement (add_to) or another (create_anyway)."""

    def __init__(self, matches: list[QuoteMatch]) -> None:
        self.matches = matches
        listed = "; ".join(f"#{m.testimony.pk} “{m.testimony.excerpt[:80]}”" for m in matches)
        super().__init__(
            f"{matches[0].testimony.witness} has a similar statement around that date: {listed}. "
            "Add this source to it, or create a new testimony anyway.",
            code="near_match",
        )


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


def candidate_date(candidate: TestimonyCandidate) -> tuple[dt.date, str]:
    """When the candidate was said, at the precision its sentence gives ("testified in May":
    May, month precision); else the day the source was published (or first seen here)."""
    source = candidate.source
    reported = timezone.localtime(source.published_at or source.created_at or timezone.now())
    return statement_date(candidate.sentence, reported.date())


def candidate_matches(
    candidate: TestimonyCandidate, *, case: Case, date: dt.date, date_precision: str
) -> list[QuoteMatch]:
    """The testimony the candidate would be added to (an equal quote) or is similar to."""
    return matching_testimony(
        case=case,
        witness=candidate.speaker,
        quote=candidate.quote,
        date=date,
        precision=date_precision,
    )


@transaction.atomic
def accept_candidate(
    candidate: TestimonyCandidate,
    *,
    user: AbstractBaseUser,
    case: Case | None = None,
    date: dt.date | None = None,
    date_precision: str = "",
    setting: str = "",
    add_to: Testimony | None = None,
    create_anyway: bool = False,
) -> Testimony:
    """Turn a candidate into a DRAFT testimony citing its source, with the source's wording.

    If the witness's statement is already testimony in that case within a few days, the same
    quote once case, punctuation and quotes are set aside (another outlet reported it first),
    the source and its wording are added as a further citation instead: corroboration, not a
    second statement. Adding to published testimony is an editor's change (the rulebook
    refuses a curator). A similar statement raises NearMatches unless the curator chose:
    `add_to` that testimony, or `create_anyway`. Raises ValidationError when the case is
    unclear. The date defaults to candidate_date()."""
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
    if date is None:
        date, date_precision = candidate_date(candidate)
    date_precision = date_precision or Precision.DAY
    testimony = _existing_statement(candidate, case, date, date_precision, add_to, create_anyway)
    if testimony is None:
        setting = setting or Testimony.Setting.TRIAL
        testimony = Testimony(
            case=case,
            witness=candidate.speaker,
            speaker=Testimony.speaker_for(case=case, party=candidate.speaker, setting=setting),
            date=date,
            date_precision=date_precision,
            setting=setting,
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


def _existing_statement(
    candidate: TestimonyCandidate,
    case: Case,
    date: dt.date,
    date_precision: str,
    add_to: Testimony | None,
    create_anyway: bool,
) -> Testimony | None:
    """The testimony the candidate is a further report of, or None to create one."""
    if add_to is not None:
        if add_to.case_id != case.pk or add_to.witness_id != candidate.speaker_id:
            raise ValidationError(
                f"Testimony #{add_to.pk} is not {candidate.speaker}'s statement in {case}: "
                "pick one of the similar statements offered, or create a new testimony."
            )
        return add_to
    matches = candidate_matches(candidate, case=case, date=date, date_precision=date_precision)
    if matches and matches[0].exact:
        return matches[0].testimony
    if matches and not create_anyway:
        raise NearMatches(matches)
    return None


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
