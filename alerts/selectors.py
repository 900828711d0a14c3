"""What a subscription is told about: the entries of its case, party or topic made public
after its last message, read through the timeline read model (cases.timeline), which keeps
only what is public at the moment of reading."""

from __future__ import annotations

import datetime as dt

from alerts.models import Subscription
from cases.models import Case, Party, Topic
from cases.selectors import member_cases
from cases.timeline.builder import latest_entries
from cases.timeline.entries import Entry
from cases.timeline.scopes import TimelineScope, case_scope, party_scope, topic_scope

# More than this in one message is cut short, with a link to the page that has them all.
MAX_ENTRIES = 100


def _case_scope(case: Case) -> TimelineScope:
    """A case's timeline as its page shows it: an MDL's rolls up its published member cases."""
    return case_scope(case, members=member_cases(case))


SCOPES = {
    Subscription.Kind.CASE: _case_scope,
    Subscription.Kind.PARTY: party_scope,
    Subscription.Kind.TOPIC: topic_scope,
}
TARGETS: dict[str, type[Case | Party | Topic]] = {
    Subscription.Kind.CASE: Case,
    Subscription.Kind.PARTY: Party,
    Subscription.Kind.TOPIC: Topic,
}


def public_target(kind: str, *, slug: str | None = None, pk: int | None = None):
    """The public case, party or topic a reader may follow, or None."""
    model = TARGETS.get(kind)
    if model is None:
        return None
    lookup = {"slug": slug} if slug is not None else {"pk": pk}
    return model.objects.public().filter(**lookup).first()


def new_entries(
    subscription: Subscription, *, since: dt.datetime, until: dt.datetime
) -> list[Entry]:
    """The public entries of the subscription's scope made public in (since, until], newest
    first (at most MAX_ENTRIES + 1, so a caller can tell there were more)."""
    scope = SCOPES[subscription.kind](subscription.target)
    window = {"made_public_at__gt": since, "made_public_at__lte": until}
    narrowed = TimelineScope(
        **{
            name: (qs.filter(**window) if qs is not None else None)
            for name, qs in (
                ("events", scope.events),
                ("testimony", scope.testimony),
                ("sources", scope.sources),
            )
        },
        case=scope.case,
        owner=scope.owner,
        members=scope.members,
    )
    return latest_entries(narrowed, limit=MAX_ENTRIES + 1)
