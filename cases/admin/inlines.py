"""The inlines of the case, event and testimony forms: source citations (a published entry must
be left citing a published source), a case's roles, and its latest events and testimony."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from cases.models import CaseRole, Event, EventCitation, Testimony, TestimonyCitation
from core.publishing import PublicationState

from ..services import MAX_CITATIONS, MAX_ROLES, source_problem
from .pickers import SourcePickerAdminMixin
from .text import CleanTextAdminMixin, with_text_box
from .writes import ServiceWritesInlineMixin

PUBLISHED = PublicationState.PUBLISHED


class CitationFormSet(BaseInlineFormSet):
    """A published event or testimony must be left citing a published source."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors) or not self.instance.pk:
            return
        stored = type(self.instance).objects.filter(pk=self.instance.pk, state=PUBLISHED)
        if not stored.exists():
            return
        sources = [
            form.cleaned_data["source"]
            for form in self.forms
            if form.cleaned_data
            and form.cleaned_data.get("source")
            and not form.cleaned_data.get("DELETE")
        ]
        problem = source_problem(self.instance, sources)
        if problem:
            raise ValidationError(problem)


class LatestFirstFormSet(BaseInlineFormSet):
    """Show only the latest entries inline: a case may have tens of thousands of docket events."""

    limit = 25

    def get_queryset(self):
        if not hasattr(self, "_limited_queryset"):
            self._limited_queryset = super().get_queryset().order_by("-date", "-id")[: self.limit]
        return self._limited_queryset


class EventCitationInline(
    CleanTextAdminMixin, SourcePickerAdminMixin, ServiceWritesInlineMixin, admin.TabularInline
):
    model = EventCitation
    formset = CitationFormSet
    autocomplete_fields = ["source"]
    extra = 1
    max_num = MAX_CITATIONS
    verbose_name = "source citation"


class TestimonyCitationInline(
    CleanTextAdminMixin, SourcePickerAdminMixin, ServiceWritesInlineMixin, admin.TabularInline
):
    """One line a citation. The source's own wording matters only when it differs from the
    excerpt: admin-extra/wording.js folds an empty box behind a "wording differs" button (without
    JavaScript the one-line box stays, its placeholder saying when to fill it)."""

    model = TestimonyCitation
    formset = CitationFormSet
    autocomplete_fields = ["source"]
    extra = 1
    max_num = MAX_CITATIONS
    verbose_name = "source citation"
    fields = ["source", "wording"]
    formfield_overrides = with_text_box(
        rows=1,
        placeholder="Only if this source words it differently from the excerpt",
        **{"class": "citation-wording"},
    )

    class Media:
        js = ["admin-extra/wording.js"]


class CaseRoleInline(CleanTextAdminMixin, ServiceWritesInlineMixin, admin.TabularInline):
    model = CaseRole
    fk_name = "case"
    autocomplete_fields = ["party", "represents"]
    extra = 1
    max_num = MAX_ROLES
    fields = ["party", "role", "represents", "note", "order"]


class CaseEventInline(CleanTextAdminMixin, ServiceWritesInlineMixin, admin.TabularInline):
    model = Event
    formset = LatestFirstFormSet
    extra = 0
    show_change_link = True
    fields = ["date", "date_precision", "kind", "importance", "title", "state"]
    readonly_fields = ["state"]
    verbose_name_plural = "events (the latest 25; the Events list has them all)"


class CaseTestimonyInline(CleanTextAdminMixin, ServiceWritesInlineMixin, admin.TabularInline):
    model = Testimony
    formset = LatestFirstFormSet
    extra = 0
    show_change_link = True
    autocomplete_fields = ["witness"]
    fields = ["date", "date_precision", "witness", "setting", "excerpt", "state"]
    readonly_fields = ["state"]
    verbose_name_plural = "testimony (the latest 25; the Testimony list has them all)"
