"""Reviewing what ingestion suggests: testimony candidates (accept as draft testimony, or
dismiss) and case suggestions (link the source to the case, or dismiss). Every decision goes
through articles.ingestion.services.review, so the admin holds no rules of its own."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from cases.admin.text import CleanTextAdminMixin
from cases.admin.writes import ServiceWritesAdminMixin
from cases.models import Case, Testimony

from ..ingestion.services.review import (
    accept_candidate,
    candidate_case,
    decide_case_suggestion,
    dismiss_candidate,
)
from ..models import CaseSuggestion, Suggestion, TestimonyCandidate


def candidate_buttons(obj: TestimonyCandidate) -> str:
    if obj.status == Suggestion.ACCEPTED and obj.testimony_id:
        url = reverse("admin:cases_testimony_change", args=[obj.testimony_id])
        return format_html('<a href="{}">testimony #{}</a>', url, obj.testimony_id)
    if obj.status != Suggestion.PENDING:
        return obj.get_status_display()
    accept = reverse("admin:articles_testimonycandidate_accept", args=[obj.pk])
    dismiss = reverse("admin:articles_testimonycandidate_dismiss", args=[obj.pk])
    return format_html(
        '<a class="button" href="{}">Accept</a> <a class="button" href="{}">Dismiss</a>',
        accept,
        dismiss,
    )


# --- Testimony candidates -----------------------------------------------------------------------


class AcceptCandidateForm(forms.Form):
    case = forms.ModelChoiceField(
        queryset=Case.objects.order_by("short_title"),
        help_text="The case the statement was made in.",
    )
    date = forms.DateField(
        help_text="When it was said. Pre-filled with the source's publication date: check it "
        "(an article often reports the day before).",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    setting = forms.ChoiceField(choices=Testimony.Setting.choices, initial=Testimony.Setting.TRIAL)


@admin.register(TestimonyCandidate)
class TestimonyCandidateAdmin(CleanTextAdminMixin, ServiceWritesAdminMixin, admin.ModelAdmin):
    list_display = ["quote_short", "speaker", "source_link", "status", "review", "created_at"]
    list_filter = ["status", "speaker"]
    list_select_related = ["speaker", "source"]
    search_fields = ["quote", "sentence", "speaker__name", "source__title", "source__url"]
    readonly_fields = [
        "source",
        "speaker",
        "quote",
        "sentence",
        "context",
        "verb",
        "position",
        "status",
        "testimony",
        "decided_by",
        "decided_at",
        "created_at",
    ]
    fields = readonly_fields
    actions = ["accept_selected", "dismiss_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("source__text", "source__search_document")

    def has_add_permission(self, request) -> bool:
        return False  # ingestion proposes candidates; curators decide

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/accept/",
                wrap(self.accept_view),
                name="articles_testimonycandidate_accept",
            ),
            path(
                "<int:pk>/dismiss/",
                wrap(self.dismiss_view),
                name="articles_testimonycandidate_dismiss",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="quote")
    def quote_short(self, obj: TestimonyCandidate) -> str:
        return f"“{obj.quote if len(obj.quote) <= 80 else obj.quote[:77] + '…'}”"

    @admin.display(description="source", ordering="source__title")
    def source_link(self, obj: TestimonyCandidate) -> str:
        url = reverse("admin:articles_source_change", args=[obj.source_id])
        return format_html('<a href="{}">{}</a>', url, obj.source)

    @admin.display(description="review")
    def review(self, obj: TestimonyCandidate) -> str:
        return candidate_buttons(obj)

    def accept_view(self, request: HttpRequest, pk: int):
        """GET: a confirmation form with the case and date pre-filled. POST: accept, then open
        the new draft testimony so the curator can complete it."""
        candidate = get_object_or_404(
            TestimonyCandidate.objects.select_related("source", "speaker"), pk=pk
        )
        if not self.has_change_permission(request, candidate):
            raise PermissionDenied
        source = candidate.source
        initial = {
            "case": candidate_case(candidate),
            "date": timezone.localtime(source.published_at).date()
            if source.published_at
            else dt.date.today(),
        }
        form = AcceptCandidateForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                testimony = accept_candidate(
                    candidate,
                    user=request.user,
                    case=form.cleaned_data["case"],
                    date=form.cleaned_data["date"],
                    setting=form.cleaned_data["setting"],
                )
            except (ValidationError, PermissionDenied) as exc:
                messages_ = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                form.add_error(None, messages_)
            else:
                self.message_user(
                    request,
                    f"Draft testimony created from “{candidate.quote}”, citing “{source}”. "
                    "Check it, then ask an editor to publish it.",
                    level=messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:cases_testimony_change", args=[testimony.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Accept testimony candidate",
            "candidate": candidate,
            "form": form,
        }
        return TemplateResponse(request, "admin/articles/testimonycandidate/accept.html", context)

    def dismiss_view(self, request: HttpRequest, pk: int):
        candidate = get_object_or_404(TestimonyCandidate, pk=pk)
        if not self.has_change_permission(request, candidate):
            raise PermissionDenied
        if request.method == "POST":
            dismiss_candidate(candidate, user=request.user)
            self.message_user(request, f"Dismissed “{candidate.quote}”.", level=messages.INFO)
            return HttpResponseRedirect(
                reverse("admin:articles_source_change", args=[candidate.source_id])
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Dismiss testimony candidate",
            "candidate": candidate,
        }
        return TemplateResponse(request, "admin/articles/testimonycandidate/dismiss.html", context)

    @admin.action(description="Accept into draft testimony", permissions=["change"])
    def accept_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        """One click: each candidate whose case is clear becomes draft testimony."""
        accepted, refused = 0, []
        for candidate in queryset.filter(status=Suggestion.PENDING):
            try:
                accept_candidate(candidate, user=request.user)
                accepted += 1
            except (ValidationError, PermissionDenied) as exc:
                reason = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                refused.append(f"“{candidate.quote[:60]}”: {reason}")
        if accepted:
            self.message_user(
                request, f"{accepted} candidate(s) accepted as draft testimony.", messages.SUCCESS
            )
        for problem in refused:
            self.message_user(
                request, problem + " Use its Accept button to pick the case.", messages.WARNING
            )

    @admin.action(description="Dismiss", permissions=["change"])
    def dismiss_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        for candidate in queryset.filter(status=Suggestion.PENDING):
            dismiss_candidate(candidate, user=request.user)
        self.message_user(request, "Candidates dismissed.", messages.INFO)


@admin.register(CaseSuggestion)
class CaseSuggestionAdmin(CleanTextAdminMixin, ServiceWritesAdminMixin, admin.ModelAdmin):
    list_display = ["source", "case", "score", "reason", "status"]
    list_filter = ["status", "case"]
    list_select_related = ["source", "case"]
    search_fields = ["source__title", "source__url", "case__short_title"]
    readonly_fields = ["source", "case", "score", "reason", "status"]
    fields = readonly_fields
    actions = ["accept_selected", "dismiss_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("source__text", "source__search_document")

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Accept: link the source to the case", permissions=["change"])
    def accept_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._decide(request, queryset, accept=True, done="Sources linked to their cases.")

    @admin.action(description="Dismiss", permissions=["change"])
    def dismiss_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._decide(request, queryset, accept=False, done="Suggestions dismissed.")

    def _decide(self, request: HttpRequest, queryset: QuerySet, *, accept: bool, done: str):
        """All or nothing: a refused suggestion (a published source on a case, for a
        curator) leaves every selected one as it was."""
        try:
            with transaction.atomic():
                for suggestion in queryset.select_related("source", "case"):
                    decide_case_suggestion(suggestion, user=request.user, accept=accept)
        except PermissionDenied as exc:
            self.message_user(request, f"Nothing was changed. {exc}", level=messages.ERROR)
            return
        self.message_user(request, done, messages.SUCCESS if accept else messages.INFO)
