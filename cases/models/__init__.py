"""The domain of the tracker: courts, cases, parties and their roles, events, testimony, topics.

Sources (news articles, court documents, transcripts) live in the `articles` app; events and
testimony cite them through EventCitation and TestimonyCitation. The models are in three
modules (reference data, cases, timeline entries); Django and callers import them from here.
"""

from .case import Case, CaseQuerySet, CaseRole
from .changes import Change
from .entries import CaseEntryQuerySet, Event, EventCitation, Testimony, TestimonyCitation
from .reference import (
    ApplicationArea,
    CauseOfAction,
    Court,
    CourtQuerySet,
    FacetQuerySet,
    Party,
    PartyQuerySet,
    Topic,
    TopicQuerySet,
)

__all__ = [
    "ApplicationArea",
    "Case",
    "CaseEntryQuerySet",
    "CaseQuerySet",
    "CaseRole",
    "CauseOfAction",
    "Change",
    "Court",
    "CourtQuerySet",
    "Event",
    "EventCitation",
    "FacetQuerySet",
    "Party",
    "PartyQuerySet",
    "Testimony",
    "TestimonyCitation",
    "Topic",
    "TopicQuerySet",
]
