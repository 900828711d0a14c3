"""The domain of the tracker: courts, cases, parties and their roles, events, testimony, topics.

Sources (news articles, court documents, transcripts) live in the `articles` app; events and
testimony cite them through EventCitation and TestimonyCitation.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import (
    Precision,
    format_partial_date,
    precision_constraint_q,
    precision_error,
    year_range_error,
)
from core.publishing import (
    PublicationState,
    Publishable,
    PublishableQuerySet,
    VisibilityQuerySet,
    publishable_constraints,
    sees_drafts,  # noqa: F401  TEMPORARY re-export: the layout step of issue 15 removes it
)
from core.search import WithoutDocument, search_document


class CaseEntryQuerySet(PublishableQuerySet):
    """Events and testimony: public while they and their case are published."""

    def public(self):
        return self.filter(state=PublicationState.PUBLISHED, case__state=PublicationState.PUBLISHED)


class TopicQuerySet(VisibilityQuerySet):
    def public(self):
        """Topics tagged on a public case, event or testimony."""
        return self.filter(
            models.Exists(Case.objects.public().filter(topics=models.OuterRef("pk")))
            | models.Exists(Event.objects.public().filter(topics=models.OuterRef("pk")))
            | models.Exists(Testimony.objects.public().filter(topics=models.OuterRef("pk")))
        )


class PartyQuerySet(VisibilityQuerySet):
    def public(self):
        """Parties something public names: a role in a published case (or being represented
        there), or public testimony they gave or examined. A witness added only to a draft
        case stays hidden."""
        roles = CaseRole.objects.filter(case__state=PublicationState.PUBLISHED)
        testimony = Testimony.objects.public()
        return self.filter(
            models.Exists(roles.filter(party=models.OuterRef("pk")))
            | models.Exists(roles.filter(represents=models.OuterRef("pk")))
            | models.Exists(testimony.filter(witness=models.OuterRef("pk")))
            | models.Exists(testimony.filter(examining_counsel=models.OuterRef("pk")))
        )


class CourtQuerySet(VisibilityQuerySet):
    def public(self):
        """Every court: a court is reference data, shown whether or not a case is public."""
        return self.all()


def _date_clean(errors: dict, value: dt.date | None, precision: str, field: str) -> None:
    for message in (year_range_error(value), precision_error(value, precision)):
        if message:
            errors.setdefault(field, []).append(message)


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


class CaseQuerySet(PublishableQuerySet):
    pass


class Case(Publishable):
    class Status(models.TextChoices):
        FILED = "filed", _("Filed")
        PENDING = "pending", _("Pending")
        TRIAL = "trial", _("At trial")
        DECIDED = "decided", _("Decided")
        SETTLED = "settled", _("Settled")
        DISMISSED = "dismissed", _("Dismissed")
        ON_APPEAL = "on_appeal", _("On appeal")
        CLOSED = "closed", _("Closed")

    short_title = models.CharField(max_length=200, help_text="E.g. 'Musk v. OpenAI'.")
    caption = models.CharField(
        max_length=500,
        blank=True,
        help_text="Full caption, e.g. 'Elon Musk et al. v. Samuel Altman et al.'.",
    )
    slug = models.SlugField(max_length=200, unique=True)
    court = models.ForeignKey(Court, on_delete=models.PROTECT, related_name="cases")
    docket_number = models.CharField(
        max_length=100,
        blank=True,
        help_text="As the court writes it, e.g. '4:24-cv-04722-YGR'. Unique within a court; "
        "leave empty when unknown.",
    )
    filed_on = models.DateField(null=True, blank=True, help_text="When the case was filed.")
    filed_on_precision = models.CharField(
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text="How much of the filing date is known.",
    )
    closed_on = models.DateField(null=True, blank=True, help_text="When the case ended, if it has.")
    closed_on_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.FILED)
    topics = models.ManyToManyField(Topic, blank=True, related_name="cases")
    summary = models.TextField(blank=True, help_text="What the case is about, in plain words.")
    appeal_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeals",
        help_text="The lower-court case this one appeals.",
    )
    consolidated_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member_cases",
        help_text="The MDL or lead case this case is consolidated into.",
    )
    courtlistener_docket_id = models.PositiveIntegerField(
        null=True, blank=True, help_text="CourtListener's numeric docket id, when known."
    )

    search_document = search_document(
        (("short_title", "caption", "docket_number"), "A"), (("summary",), "B")
    )

    objects = WithoutDocument.from_queryset(CaseQuerySet)()
    history = HistoricalRecords(excluded_fields=["made_public_at", "updated_at", "search_document"])

    class Meta:
        ordering = ["short_title"]
        permissions = [("publish_case", "Can publish and unpublish cases")]
        constraints = [
            *publishable_constraints("case"),
            models.UniqueConstraint(
                fields=["court", "docket_number"],
                condition=~models.Q(docket_number=""),
                name="case_docket_number_unique_per_court",
                violation_error_message=(
                    "Another case in this court already has this docket number."
                ),
            ),
            models.CheckConstraint(
                condition=precision_constraint_q("filed_on", "filed_on_precision"),
                name="case_filed_on_matches_precision",
                violation_error_message="The filing date does not match its precision.",
            ),
            models.CheckConstraint(
                condition=precision_constraint_q("closed_on", "closed_on_precision"),
                name="case_closed_on_matches_precision",
                violation_error_message="The closing date does not match its precision.",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(filed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("filed_on")),
                name="case_closed_after_filed",
                violation_error_message="A case cannot close before it was filed.",
            ),
            models.CheckConstraint(
                condition=~models.Q(appeal_of=models.F("id"))
                & ~models.Q(consolidated_into=models.F("id")),
                name="case_not_related_to_itself",
                violation_error_message=(
                    "A case cannot be an appeal of, or consolidated into, itself."
                ),
            ),
        ]
        indexes = [
            # The public case list filters published cases by status.
            models.Index(fields=["state", "status"], name="case_state_status_idx"),
        ]

    def __str__(self) -> str:
        return self.short_title

    def get_absolute_url(self) -> str:
        return reverse("cases:case-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        _date_clean(errors, self.filed_on, self.filed_on_precision, "filed_on")
        _date_clean(errors, self.closed_on, self.closed_on_precision, "closed_on")
        if self.filed_on and self.closed_on and self.closed_on < self.filed_on:
            errors.setdefault("closed_on", []).append("A case cannot close before it was filed.")
        if self.pk and self.appeal_of_id == self.pk:
            errors.setdefault("appeal_of", []).append("A case cannot be an appeal of itself.")
        if self.pk and self.consolidated_into_id == self.pk:
            errors.setdefault("consolidated_into", []).append(
                "A case cannot be consolidated into itself."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def filed_display(self) -> str:
        return format_partial_date(self.filed_on, self.filed_on_precision)

    @property
    def closed_display(self) -> str:
        return format_partial_date(self.closed_on, self.closed_on_precision)

    @property
    def courtlistener_url(self) -> str:
        if not self.courtlistener_docket_id:
            return ""
        return f"https://www.courtlistener.com/docket/{self.courtlistener_docket_id}/{self.slug}/"


class CaseRole(models.Model):
    class Role(models.TextChoices):
        PLAINTIFF = "plaintiff", _("Plaintiff")
        DEFENDANT = "defendant", _("Defendant")
        COUNTER_CLAIMANT = "counter_claimant", _("Counter-claimant")
        COUNTER_DEFENDANT = "counter_defendant", _("Counter-defendant")
        INTERVENOR = "intervenor", _("Intervenor")
        AMICUS = "amicus", _("Amicus curiae")
        JUDGE = "judge", _("Judge")
        MAGISTRATE_JUDGE = "magistrate_judge", _("Magistrate judge")
        COUNSEL = "counsel", _("Counsel")
        WITNESS = "witness", _("Witness")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="roles")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="roles")
    role = models.CharField(max_length=20, choices=Role.choices)
    represents = models.ForeignKey(
        Party,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="represented_by",
        help_text="For counsel: the party they represent in this case.",
    )
    note = models.CharField(
        max_length=200, blank=True, help_text="E.g. 'joined November 2024', 'trial counsel'."
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers are listed first.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "order", "role", "party__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "party", "role"],
                name="caserole_unique_party_role",
                violation_error_message="This party already has this role in this case.",
            ),
            models.CheckConstraint(
                condition=models.Q(represents__isnull=True) | models.Q(role="counsel"),
                name="caserole_only_counsel_represents",
                violation_error_message="Only counsel can represent a party.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} — {self.get_role_display()} in {self.case}"

    def get_absolute_url(self) -> str:
        return self.case.get_absolute_url() + "#parties"

    def clean(self) -> None:
        if self.represents_id and self.role != self.Role.COUNSEL:
            raise ValidationError({"represents": "Only counsel can represent a party."})


class Event(Publishable):
    class Kind(models.TextChoices):
        FILING = "filing", _("Filing")
        HEARING = "hearing", _("Hearing")
        RULING = "ruling", _("Ruling or order")
        TRIAL = "trial", _("Trial day")
        VERDICT = "verdict", _("Verdict")
        SETTLEMENT = "settlement", _("Settlement")
        APPEAL = "appeal", _("Appeal")
        DEADLINE = "deadline", _("Deadline")
        OTHER = "other", _("Other")

    class Importance(models.TextChoices):
        MAJOR = "major", _("Major")
        MINOR = "minor", _("Minor")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    date = models.DateField(
        help_text="First day of the known period when only month/year is known."
    )
    date_precision = models.CharField(
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text="How much of the date is known: never invent a day.",
    )
    end_date = models.DateField(
        null=True, blank=True, help_text="Last day, for events spanning several days."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(max_length=300, help_text="One line, e.g. 'Jury selection begins'.")
    description = models.TextField(blank=True)
    importance = models.CharField(
        max_length=5,
        choices=Importance.choices,
        default=Importance.MINOR,
        help_text="Major events are labelled on the visual timeline.",
    )
    docket_entry_number = models.PositiveIntegerField(
        null=True, blank=True, help_text="The docket entry (ECF) number, when known."
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="events")
    sources = models.ManyToManyField(
        "articles.Source", through="EventCitation", blank=True, related_name="events"
    )

    search_document = search_document((("title",), "A"), (("description",), "C"))

    objects = WithoutDocument.from_queryset(CaseEntryQuerySet)()
    history = HistoricalRecords(excluded_fields=["made_public_at", "updated_at", "search_document"])

    class Meta:
        ordering = ["date", "-date_precision", "id"]
        permissions = [("publish_event", "Can publish and unpublish events")]
        constraints = [
            *publishable_constraints("event"),
            models.CheckConstraint(
                condition=precision_constraint_q("date", "date_precision"),
                name="event_date_matches_precision",
                violation_error_message="The date does not match its precision.",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("date")),
                name="event_end_after_start",
                violation_error_message="The end date cannot be before the date.",
            ),
        ]
        indexes = [
            # A case timeline: published events of one case in date order, paginated by date.
            models.Index(fields=["case", "state", "date"], name="event_case_timeline_idx"),
            # Upcoming dates across all cases (home page, calendar feed).
            models.Index(fields=["state", "date"], name="event_state_date_idx"),
            # The visual timeline's major-event flags: a case's latest published major events.
            models.Index(
                fields=["case", "state", "date"],
                condition=models.Q(importance="major"),
                name="event_case_major_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date_display}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("cases:event-detail", kwargs={"pk": self.pk})

    @property
    def date_display(self) -> str:
        return format_partial_date(self.date, self.date_precision)

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        _date_clean(errors, self.date, self.date_precision, "date")
        _date_clean(errors, self.end_date, Precision.DAY, "end_date")
        if self.date and self.end_date and self.end_date < self.date:
            errors.setdefault("end_date", []).append("The end date cannot be before the date.")
        if errors:
            raise ValidationError(errors)


class EventCitation(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(
        "articles.Source", on_delete=models.PROTECT, related_name="event_citations"
    )
    pinpoint = models.CharField(
        max_length=200, blank=True, help_text="Where in the source, e.g. 'p. 12' or 'ECF 471 at 3'."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "source"],
                name="eventcitation_unique_source",
                violation_error_message="This event already cites this source.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} ← {self.source}"

    def get_absolute_url(self) -> str:
        return self.event.get_absolute_url()


class Testimony(Publishable):
    class Setting(models.TextChoices):
        TRIAL = "trial", _("Trial")
        DEPOSITION = "deposition", _("Deposition")
        HEARING = "hearing", _("Hearing")
        DECLARATION = "declaration", _("Declaration")
        CONGRESSIONAL = "congressional", _("Congressional testimony")
        RULING = "ruling", _("Ruling or order (from the bench)")
        OTHER = "other", _("Other")

    class Phase(models.TextChoices):
        DIRECT = "direct", _("Direct examination")
        CROSS = "cross", _("Cross-examination")
        REDIRECT = "redirect", _("Redirect")
        RECROSS = "recross", _("Recross")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="testimony")
    witness = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="testimony",
        help_text="Who said it (a witness, a judge, counsel…).",
    )
    date = models.DateField()
    date_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    setting = models.CharField(max_length=20, choices=Setting.choices, default=Setting.TRIAL)
    examining_counsel = models.ForeignKey(
        Party,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="examinations",
        help_text="The lawyer asking the questions, when known.",
    )
    phase = models.CharField(
        max_length=10,
        choices=Phase.choices,
        blank=True,
        help_text="Direct, cross or redirect examination; empty when not an examination.",
    )
    excerpt = models.TextField(help_text="The statement as curated. Quote exactly when verbatim.")
    is_verbatim = models.BooleanField(
        default=True, help_text="Verbatim quote (checked) or a paraphrase (unchecked)."
    )
    context = models.TextField(
        blank=True, help_text="What was asked or what prompted the statement."
    )
    transcript_citation = models.CharField(
        max_length=100, blank=True, help_text="Transcript page:line, e.g. '1123:4-18', when known."
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="testimony")
    sources = models.ManyToManyField(
        "articles.Source", through="TestimonyCitation", blank=True, related_name="testimony"
    )

    search_document = search_document((("excerpt",), "B"), (("context",), "C"))

    objects = WithoutDocument.from_queryset(CaseEntryQuerySet)()
    history = HistoricalRecords(excluded_fields=["made_public_at", "updated_at", "search_document"])

    class Meta:
        ordering = ["date", "-date_precision", "id"]
        verbose_name_plural = "testimony"
        permissions = [("publish_testimony", "Can publish and unpublish testimony")]
        constraints = [
            *publishable_constraints("testimony"),
            models.CheckConstraint(
                condition=precision_constraint_q("date", "date_precision"),
                name="testimony_date_matches_precision",
                violation_error_message="The date does not match its precision.",
            ),
            models.CheckConstraint(
                condition=~models.Q(excerpt=""),
                name="testimony_excerpt_not_empty",
                violation_error_message="Testimony needs an excerpt.",
            ),
        ]
        indexes = [
            # A case timeline: published testimony of one case in date order.
            models.Index(fields=["case", "state", "date"], name="testimony_case_timeline_idx"),
            # A party page: testimony a witness gave.
            models.Index(fields=["witness", "state", "date"], name="testimony_witness_idx"),
        ]

    def __str__(self) -> str:
        excerpt = self.excerpt if len(self.excerpt) <= 60 else self.excerpt[:57] + "…"
        return f"{self.witness}, {self.date_display}: “{excerpt}”" if self.witness_id else excerpt

    def get_absolute_url(self) -> str:
        return reverse("cases:testimony-detail", kwargs={"pk": self.pk})

    @property
    def date_display(self) -> str:
        return format_partial_date(self.date, self.date_precision)

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        _date_clean(errors, self.date, self.date_precision, "date")
        if not (self.excerpt or "").strip():
            errors.setdefault("excerpt", []).append("Testimony needs an excerpt.")
        if errors:
            raise ValidationError(errors)


class TestimonyCitation(models.Model):
    testimony = models.ForeignKey(Testimony, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(
        "articles.Source", on_delete=models.PROTECT, related_name="testimony_citations"
    )
    wording = models.TextField(
        blank=True,
        help_text="The statement exactly as this source words it, when it differs from the "
        "excerpt (e.g. 'Partially.' vs 'Partly.'). Empty means the same wording.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["testimony", "source"],
                name="testimonycitation_unique_source",
                violation_error_message="This testimony already cites this source.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.testimony} ← {self.source}"

    def get_absolute_url(self) -> str:
        return self.testimony.get_absolute_url()
