"""A case, and the roles parties play in it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import Precision, add_date_errors, format_partial_date, precision_constraint_q
from core.publishing import (
    Publishable,
    PublishableQuerySet,
    publishable_constraints,
)
from core.search import WithoutDocument, search_document

from .reference import ApplicationArea, CauseOfAction, Court, Party, Topic


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

    class JurisdictionType(models.TextChoices):
        FEDERAL = "federal", _("Federal")
        STATE = "state", _("State")
        FOREIGN = "foreign", _("Foreign")

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
    # Facets as in GWU's Database of AI Litigation (DAIL): what the tracker table filters by.
    causes_of_action = models.ManyToManyField(
        CauseOfAction,
        blank=True,
        related_name="cases",
        help_text="The claims the case brings, e.g. copyright, DMCA §1202, right of publicity.",
    )
    application_areas = models.ManyToManyField(
        ApplicationArea,
        blank=True,
        related_name="cases",
        verbose_name="areas of application",
        help_text="What the AI at issue is used for, e.g. LLM training data, image generation.",
    )
    ai_systems = models.CharField(
        "AI systems",
        max_length=300,
        blank=True,
        help_text="The AI systems or algorithms the case names, comma-separated, e.g. "
        "'Stable Diffusion, DreamStudio'.",
    )
    jurisdiction_type = models.CharField(
        max_length=10,
        choices=JurisdictionType.choices,
        blank=True,
        help_text="Federal, state or foreign court; empty when unknown.",
    )
    is_class_action = models.BooleanField(
        "class action",
        default=False,
        help_text="Whether the case is brought as a class action.",
    )
    has_published_opinion = models.BooleanField(
        "published opinion",
        default=False,
        help_text="Whether the court has issued a published opinion in the case.",
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
            # The review queue (cases.admin.queue): drafts submitted for review, oldest first.
            models.Index(
                fields=["submitted_at"],
                condition=models.Q(submitted_at__isnull=False),
                name="case_submitted_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.short_title

    def get_absolute_url(self) -> str:
        return reverse("cases:case-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        add_date_errors(errors, self.filed_on, self.filed_on_precision, "filed_on")
        add_date_errors(errors, self.closed_on, self.closed_on_precision, "closed_on")
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
    def ai_system_list(self) -> list[str]:
        """The AI systems the case names, one string each ('Stable Diffusion', 'DreamStudio')."""
        return [name.strip() for name in self.ai_systems.split(",") if name.strip()]

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
