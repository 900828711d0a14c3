"""factory_boy factories shared by the whole suite.

Each factory of a tracker model builds its rows with demo.builders, the functions `load_demo`,
`seed_bench` and the benchmarks use too, so the rules every row keeps (published ⇒
made_public_at, a slug, a source's normalized URL and the outlet of its host) are written once,
there. The factories add what tests want on top: sequences, sub-factories, get-or-create by slug
and a citation for each published entry.
"""

import datetime as dt
from typing import Any, ClassVar

import factory
from django.contrib.auth.models import Group, User
from django.db import models, transaction

from articles.models import Outlet, Source
from cases.models import (
    ApplicationArea,
    Case,
    CaseRole,
    CauseOfAction,
    Court,
    Event,
    Party,
    Testimony,
    Topic,
)
from core.dates import Precision
from core.publishing import PublicationState
from demo import builders


def made_public_at(entry) -> dt.datetime | None:
    """A published entry records when it was made public (a database constraint)."""
    if entry.state == PublicationState.PUBLISHED:
        return dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)
    return None


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")
    is_staff = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or ():
            self.groups.add(Group.objects.get(name=name))


class BuiltFactory(factory.django.DjangoModelFactory):
    """A factory whose rows come from a demo.builders function (`_builder`)."""

    _builder: ClassVar[Any]

    class Meta:
        abstract = True

    @classmethod
    def _build(cls, model_class: type[models.Model], *args: Any, **kwargs: Any) -> models.Model:
        return cls._builder(*args, **kwargs)

    @classmethod
    def _create(cls, model_class: type[models.Model], *args: Any, **kwargs: Any) -> models.Model:
        lookup = {name: kwargs[name] for name in cls._meta.django_get_or_create if name in kwargs}
        if lookup and (found := model_class._default_manager.filter(**lookup).first()):
            return found
        instance = cls._builder(*args, **kwargs)
        instance.save()
        return instance


class TopicFactory(BuiltFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    _builder = staticmethod(builders.topic)

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class CauseOfActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CauseOfAction
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Claim {n}")
    slug = factory.Sequence(lambda n: f"claim-{n}")


class ApplicationAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationArea
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.Sequence(lambda n: f"area-{n}")


class CourtFactory(BuiltFactory):
    class Meta:
        model = Court
        django_get_or_create = ("slug",)

    _builder = staticmethod(builders.court)

    name = factory.Sequence(lambda n: f"District Court {n}")
    short_name = factory.Sequence(lambda n: f"D. {n}")
    slug = factory.Sequence(lambda n: f"court-{n}")


class PartyFactory(BuiltFactory):
    class Meta:
        model = Party
        django_get_or_create = ("slug",)

    _builder = staticmethod(builders.party)

    kind = Party.Kind.PERSON
    name = factory.Sequence(lambda n: f"Party {n}")
    slug = factory.Sequence(lambda n: f"party-{n}")


class CaseFactory(BuiltFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    _builder = staticmethod(builders.case)

    short_title = factory.Sequence(lambda n: f"Plaintiff {n} v. Defendant")
    caption = factory.LazyAttribute(lambda c: f"{c.short_title} et al.")
    slug = factory.Sequence(lambda n: f"case-{n}")
    court = factory.SubFactory(CourtFactory)
    docket_number = factory.Sequence(lambda n: f"1:24-cv-{n:05d}")
    filed_on = dt.date(2024, 8, 5)
    status = Case.Status.PENDING
    state = PublicationState.PUBLISHED
    made_public_at = factory.LazyAttribute(made_public_at)

    @factory.post_generation
    def causes_of_action(self, create, extracted, **kwargs):
        """CaseFactory(causes_of_action=[claim, ...]): the case's claims (facets)."""
        if create and extracted:
            self.causes_of_action.add(*extracted)

    @factory.post_generation
    def application_areas(self, create, extracted, **kwargs):
        """CaseFactory(application_areas=[area, ...]): its areas of application."""
        if create and extracted:
            self.application_areas.add(*extracted)


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ("domain",)

    name = factory.Sequence(lambda n: f"Outlet {n}")
    domain = factory.Sequence(lambda n: f"outlet{n}.example")


class SourceFactory(BuiltFactory):
    """A published source; its outlet is its URL host's (pass outlet= for another, or None)."""

    class Meta:
        model = Source

    _builder = staticmethod(builders.source)

    url = factory.Sequence(lambda n: f"https://news{n}.example/article-{n}")
    title = factory.Sequence(lambda n: f"Article {n}")
    published_at = factory.LazyFunction(lambda: dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC))
    state = PublicationState.PUBLISHED
    made_public_at = factory.LazyAttribute(made_public_at)


class AtomicCitedFactory(BuiltFactory):
    """Create the entry and its citation in one transaction.

    On PostgreSQL a published entry without a citation is refused at commit (a deferred
    constraint trigger), so outside a test transaction both rows must commit together.
    """

    class Meta:
        abstract = True

    @classmethod
    def create(cls, **kwargs):
        with transaction.atomic():
            return super().create(**kwargs)


class EventFactory(AtomicCitedFactory):
    """A published event citing one source (pass cite=False for an uncited one)."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    _builder = staticmethod(builders.event)

    case = factory.SubFactory(CaseFactory)
    date = dt.date(2026, 4, 27)
    date_precision = Precision.DAY
    kind = Event.Kind.HEARING
    title = factory.Sequence(lambda n: f"Event {n}")
    state = PublicationState.PUBLISHED
    made_public_at = factory.LazyAttribute(made_public_at)

    @factory.post_generation
    def cite(self, create, extracted, **kwargs):
        if create and extracted is not False:
            builders.citation(self, extracted or SourceFactory()).save()


class TestimonyFactory(AtomicCitedFactory):
    """Published testimony citing one source (pass cite=False for an uncited one)."""

    __test__ = False  # not a pytest test class despite the name

    class Meta:
        model = Testimony
        skip_postgeneration_save = True

    _builder = staticmethod(builders.testimony)

    case = factory.SubFactory(CaseFactory)
    witness = factory.SubFactory(PartyFactory)
    date = dt.date(2026, 4, 30)
    setting = Testimony.Setting.TRIAL
    excerpt = factory.Sequence(lambda n: f"Statement number {n}.")
    state = PublicationState.PUBLISHED
    made_public_at = factory.LazyAttribute(made_public_at)

    @factory.post_generation
    def cite(self, create, extracted, **kwargs):
        if create and extracted is not False:
            builders.citation(self, extracted or SourceFactory()).save()


class CaseRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseRole

    case = factory.SubFactory(CaseFactory)
    party = factory.SubFactory(PartyFactory)
    role = CaseRole.Role.PLAINTIFF
