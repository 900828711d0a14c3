"""Reference data the cases point to: topics, courts, parties (people, companies,
government bodies) and the facets of the Database of AI Litigation (causes of action, areas of
application), each with the QuerySet that says which of them the public sees."""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.publishing import VisibilityQuerySet


class TopicQuerySet(VisibilityQuerySet):
    def public(self):
        """Topics tagged on a public case, event or testimony."""
        # Defined after Topic, which they refer to: looked up in the registry, not imported.
        case, event, testimony = (
            apps.get_model("cases", n) for n in ("Case", "Event", "Testimony")
        )
        return self.filter(
            models.Exists(case.objects.public().filter(topics=models.OuterRef("pk")))
            | models.Exists(event.objects.public().filter(topics=models.OuterRef("pk")))
            | models.Exists(testimony.objects.public().filter(topics=models.OuterRef("pk")))
        )


class PartyQuerySet(VisibilityQuerySet):
    def public(self):
        """Parties something public names: a role in a published case (or being represented
        there), or public testimony they gave or examined. A witness added only to a draft
        case stays hidden."""
        # Defined after Party, which they refer to: looked up in the registry, not imported.
        case, case_role, testimony_model = (
            apps.get_model("cases", m) for m in ("Case", "CaseRole", "Testimony")
        )
        roles = case_role.objects.filter(case__in=case.objects.public())
        testimony = testimony_model.objects.public()
        return self.filter(
            models.Exists(roles.filter(party=models.OuterRef("pk")))
            | models.Exists(roles.filter(represents=models.OuterRef("pk")))
            | models.Exists(testimony.filter(witness=models.OuterRef("pk")))
            | models.Exists(testimony.filter(examining_counsel=models.OuterRef("pk")))
        )


class FacetQuerySet(VisibilityQuerySet):
    def public(self):
        """Facet values a public case carries: a value only drafts use stays hidden."""
        case = apps.get_model("cases", "Case")
        field = self.model._meta.get_field("cases")
        links = case.objects.public().filter(**{field.field.name: models.OuterRef("pk")})
        return self.filter(models.Exists(links))


class CourtQuerySet(VisibilityQuerySet):
    def public(self):
        """Every court: a court is reference data, shown whether or not a case is public."""
        return self.all()


class Topic(models.Model):
    name = models.CharField(max_length=120, unique=True, help_text="E.g. 'Model distillation'.")
    slug = models.SlugField(max_length=120, unique=True, help_text="Used in the topic's URL.")
    description = models.TextField(blank=True, help_text="One or two sentences for readers.")

    objects = TopicQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cases:topic-detail", kwargs={"slug": self.slug})


class Court(models.Model):
    name = models.CharField(
        max_length=200, help_text="Full name, e.g. 'U.S. District Court, N.D. California'."
    )
    short_name = models.CharField(max_length=40, help_text="E.g. 'N.D. Cal.'.")
    jurisdiction = models.CharField(
        max_length=100, blank=True, help_text="E.g. 'US federal (district)', 'US state (CA)'."
    )
    slug = models.SlugField(max_length=60, unique=True)
    courtlistener_id = models.CharField(
        max_length=20, blank=True, help_text="CourtListener's court id, e.g. 'cand'."
    )

    objects = CourtQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("cases:case-list") + f"?court={self.slug}"


class Party(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANIZATION = "organization", _("Organization")

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(max_length=200, help_text="Full name, e.g. 'Elon Musk', 'OpenAI'.")
    slug = models.SlugField(max_length=200, unique=True)
    aliases = models.TextField(
        blank=True,
        help_text="Other names used in the press, one per line (e.g. 'Musk'). Used to find "
        "mentions of this party in article text.",
    )
    description = models.CharField(
        max_length=300, blank=True, help_text="Short description, e.g. 'CEO of OpenAI'."
    )

    objects = PartyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "parties"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cases:party-detail", kwargs={"slug": self.slug})

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def names(self) -> list[str]:
        """The name and every alias, for matching mentions in text."""
        return [self.name, *self.alias_list]


class Facet(models.Model):
    """A value of a case facet, as in GWU's Database of AI Litigation (DAIL): a name readers
    see and a slug the tracker table filters by (/cases/?cause=copyright)."""

    #: The tracker table's filter parameter for this facet.
    filter_param = ""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True, help_text="Used in filter URLs.")

    objects = FacetQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        """The tracker table filtered to the cases with this value."""
        return reverse("cases:case-list") + f"?{self.filter_param}={self.slug}"


class CauseOfAction(Facet):
    """A claim a case brings: copyright, DMCA §1202, right of publicity, privacy/BIPA …"""

    filter_param = "cause"

    history = HistoricalRecords()

    class Meta(Facet.Meta):
        verbose_name = "cause of action"
        verbose_name_plural = "causes of action"


class ApplicationArea(Facet):
    """What the AI in a case is used for: LLM training data, image generation, hiring …"""

    filter_param = "area"

    history = HistoricalRecords()

    class Meta(Facet.Meta):
        verbose_name = "area of application"
        verbose_name_plural = "areas of application"
