"""What a case's timeline is made of: events and testimony, and their citations of sources.
Both are public while they and their case are published (CaseEntryQuerySet)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import Precision, add_date_errors, format_partial_date, precision_constraint_q
from core.publishing import (
    PublicationState,
    Publishable,
    PublishableQuerySet,
    publishable_constraints,
)
from core.search import WithoutDocument, search_document

from .case import Case, CaseRole
from .reference import Party, Topic

# The roles whose holders speak for the court: what they say in their case is a statement from
# the bench, not testimony.
BENCH_ROLES = (CaseRole.Role.JUDGE, CaseRole.Role.MAGISTRATE_JUDGE)


class CaseEntryQuerySet(PublishableQuerySet):
    """Events and testimony: public while they and their case are published."""

    def public(self):
        return self.filter(state=PublicationState.PUBLISHED, case__state=PublicationState.PUBLISHED)


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
        DOCKET_ENTRY = "docket_entry", _("Docket entry")
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
            # A case's phases on its visual timeline: its first published event of some kinds.
            models.Index(fields=["case", "kind", "date"], name="event_case_kind_date_idx"),
            # The same for the Discovery phase, which starts at the first event whose title
            # mentions discovery (cases.timeline.phases): without it, a case with no such event
            # read all its events to find none (144 ms at 50,000).
            models.Index(
                fields=["case", "date"],
                condition=models.Q(title__icontains="discovery"),
                name="event_discovery_idx",
            ),
            # Upcoming dates across all cases (home page, calendar feed).
            models.Index(fields=["state", "date"], name="event_state_date_idx"),
            # The visual timeline's major-event flags: a case's latest published major events.
            models.Index(
                fields=["case", "state", "date"],
                condition=models.Q(importance="major"),
                name="event_case_major_idx",
            ),
            # The review queue (cases.admin.queue): drafts submitted for review, oldest first.
            models.Index(
                fields=["submitted_at"],
                condition=models.Q(submitted_at__isnull=False),
                name="event_submitted_idx",
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
        add_date_errors(errors, self.date, self.date_precision, "date")
        add_date_errors(errors, self.end_date, Precision.DAY, "end_date")
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

    class Speaker(models.TextChoices):
        """Who speaks: a witness (testimony) or the court (a judge's remark or ruling)."""

        WITNESS = "witness", _("Witness")
        BENCH = "bench", _("Statement from the bench")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="testimony")
    witness = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="testimony",
        help_text="Who said it (a witness, a judge, counsel…).",
    )
    speaker = models.CharField(
        max_length=7,
        choices=Speaker.choices,
        default=Speaker.WITNESS,
        help_text="Witness: testimony. Statement from the bench: a judge's remark or ruling, "
        "labelled as such and never listed as a witness's testimony. A party holding the "
        "judge's role in the case speaks from the bench.",
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

    # What else a reader may search a statement by, kept by the write services (cases.search
    # says how): the witness's name and aliases and every citing source's own wording.
    search_extra = models.TextField(
        blank=True,
        default="",
        editable=False,
        help_text="Filled in automatically: the witness's names and the sources' wordings, "
        "so search finds the statement by them.",
    )
    search_document = search_document(
        (("excerpt",), "B"), (("context",), "C"), (("search_extra",), "C")
    )

    objects = WithoutDocument.from_queryset(CaseEntryQuerySet)()
    history = HistoricalRecords(
        excluded_fields=["made_public_at", "updated_at", "search_document", "search_extra"]
    )

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
            models.CheckConstraint(
                condition=models.Q(speaker__in=["witness", "bench"]),  # Testimony.Speaker
                name="testimony_speaker_valid",
                violation_error_message="The speaker is either a witness or the bench.",
            ),
        ]
        indexes = [
            # A case timeline: published testimony of one case in date order.
            models.Index(fields=["case", "state", "date"], name="testimony_case_timeline_idx"),
            # A party page: testimony a witness gave.
            models.Index(fields=["witness", "state", "date"], name="testimony_witness_idx"),
            # The review queue (cases.admin.queue): drafts submitted for review, oldest first.
            models.Index(
                fields=["submitted_at"],
                condition=models.Q(submitted_at__isnull=False),
                name="testimony_submitted_idx",
            ),
        ]

    def __str__(self) -> str:
        excerpt = self.excerpt if len(self.excerpt) <= 60 else self.excerpt[:57] + "…"
        return f"{self.witness}, {self.date_display}: “{excerpt}”" if self.witness_id else excerpt

    def get_absolute_url(self) -> str:
        return reverse("cases:testimony-detail", kwargs={"pk": self.pk})

    @property
    def date_display(self) -> str:
        return format_partial_date(self.date, self.date_precision)

    @property
    def is_from_bench(self) -> bool:
        return self.speaker == self.Speaker.BENCH

    @classmethod
    def speaker_for(cls, *, case: Case | int, party: Party | int, setting: str = "") -> str:
        """The speaker a new statement defaults to: the bench for a ruling, or when the party
        holds a judge's role in the case (one query unless the setting decides); else a witness."""
        if setting == cls.Setting.RULING:
            return cls.Speaker.BENCH
        judge = CaseRole.objects.filter(case=case, party=party, role__in=BENCH_ROLES).exists()
        return cls.Speaker.BENCH if judge else cls.Speaker.WITNESS

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        add_date_errors(errors, self.date, self.date_precision, "date")
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
