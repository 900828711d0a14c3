"""demo.builders: the rules every built row keeps, whoever builds it (demo, bench, factories)."""

import datetime as dt

import pytest

from articles.models import Outlet
from cases.models import EventCitation, TestimonyCitation
from core.publishing import PublicationState
from demo import builders
from tests.factories import (
    CaseFactory,
    EventFactory,
    OutletFactory,
    PartyFactory,
    SourceFactory,
    TestimonyFactory,
)

pytestmark = pytest.mark.django_db


def test_a_published_row_records_when_it_was_made_public_and_a_draft_does_not():
    court = builders.court(name="Northern District of California")
    published = builders.case(short_title="Musk v. OpenAI", court=court)
    draft = builders.case(short_title="Doe v. Roe", court=court, state=PublicationState.DRAFT)
    assert published.is_published and published.made_public_at is not None
    assert not draft.is_published and draft.made_public_at is None
    assert builders.publication(False) == {"state": PublicationState.DRAFT}


def test_slugs_default_to_the_slugified_name_or_title():
    assert builders.court(name="N.D. Cal. Court").slug == "nd-cal-court"
    assert builders.party(name="Samuel Altman").slug == "samuel-altman"
    assert builders.topic(name="Model distillation").slug == "model-distillation"
    assert builders.party(name="Samuel Altman", slug="sam").slug == "sam"


def test_a_source_is_stored_at_its_normalized_url_under_the_outlet_of_its_host():
    techlusive = OutletFactory(name="Techlusive", domain="techlusive.in")
    source = builders.source(url="https://WWW.Techlusive.in/news/story?utm_source=x#top")
    assert source.url == "https://www.techlusive.in/news/story"
    assert source.outlet == techlusive
    unknown = builders.source(url="https://new-outlet.example/story")
    assert unknown.outlet == Outlet.objects.get(domain="new-outlet.example")
    assert builders.source(url="https://techlusive.in/other", outlet=None).outlet is None


def test_the_factories_build_through_the_builders():
    source = SourceFactory(url="https://www.shmews.com/article/1")
    assert source.outlet.domain == "shmews.com"
    assert SourceFactory().outlet.domain != SourceFactory().outlet.domain
    case = CaseFactory(made_public_at=None)
    assert case.made_public_at is not None  # published, so it records when


def test_a_citation_is_of_the_entry_kind_and_publishing_needs_one_published_source():
    source, draft = SourceFactory(), SourceFactory(state=PublicationState.DRAFT)
    event = EventFactory(cite=source)
    testimony = TestimonyFactory(witness=PartyFactory(), cite=source, date=dt.date(2026, 4, 30))
    assert isinstance(builders.citation(event, draft), EventCitation)
    assert isinstance(builders.citation(testimony, draft), TestimonyCitation)
    assert builders.publishes_with([draft, source])
    assert not builders.publishes_with([draft])
    assert not builders.publishes_with([])
