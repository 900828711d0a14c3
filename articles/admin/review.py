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
from django.utils.html import format_html

from cases.admin.text import CleanTextAdminMixin
from cases.admin.writes import ServiceWritesAdminMixin
from cases.models import Case, Testimony
from cases.testimony_matching import QuoteMatch
from core.dates import iso_partial_date, parse_partial_date

from ..ingestion.services.review import (
    NearMatches,
    accept_candidate,
    candidate_case,
    candidate_date,
    candidate_matches,
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


CREATE_ANYWAY = "new"


class AcceptCandidateForm(forms.Form):
    case = forms.ModelChoiceField(
        queryset=Case.objects.order_by("short_title"),
        help_text="The case the statement was made in.",
    )
    date = forms.CharField(
        max_length=10,
        help_text="When it was said: YYYY-MM-DD, or YYYY-MM / YYYY when the article gives only "
        "the month or year. Pre-filled from the article (“testified in May” gives the month), "
        "else its publication day: check it (an article often reports the day before).",
    )
    setting = forms.ChoiceField(choices=Testimony.Setting.choices, initial=Testimony.Setting.TRIAL)
    match = forms.ChoiceField(
        label="Similar testimony",
        widget=forms.RadioSelect,
        required=False,
        help_text="The witness has a similar statement around that date: is this the same one?",
    )

    def __init__(self, *args, matches: list[QuoteMatch] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.offer_matches(matches)

    def offer_matches(self, matches: list[QuoteMatch]) -> None:
        """Ask the curator about near matches; without any the question is not shown."""
        near = [m for m in matches if not m.exact]
        field = self.fields["match"]
        field.choices = [
            *[
                (str(m.testimony.pk), f"Add this source to #{m.testimony.pk}, {m.testimony}")
                for m in near
            ],
            (CREATE_ANYWAY, "Create a new testimony anyway: it is another statement"),
        ]
        field.required = bool(near)
        if not near:
            field.widget = forms.HiddenInput()

    def clean_date(self) -> tuple[dt.date, str]:
        try:
            return parse_partial_date(self.cleaned_data["date"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


@admin.register(TestimonyCandidate)
class TestimonyCandidateAdmin(CleanTextAdminMixin, ServiceWritesAdminMixin, admin.ModelAdmin):
    list_display = ["quote_short", "speaker", "source_link", "status", "review", "created_at"]
    ordering = ["-created_at", "-id"]  # the latest found first
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
        """GET: a confirmation form with the case and date pre-filled, and the witness's
        similar statements, if any, to add this source to instead. POST: accept, then open the
        testimony so the curator can complete it."""
        candidate = get_object_or_404(
            TestimonyCandidate.objects.select_related("source", "speaker"), pk=pk
        )
        if not self.has_change_permission(request, candidate):
            raise PermissionDenied
        source = candidate.source
        case, (date, precision) = candidate_case(candidate), candidate_date(candidate)
        initial = {"case": case, "date": iso_partial_date(date, precision)}
        if request.method == "POST":
            # The similar statements of the case and date as posted, offered as choices.
            posted = AcceptCandidateForm(request.POST)
            posted.is_valid()
            case = posted.cleaned_data.get("case")
            date, precision = posted.cleaned_data.get("date") or (None, None)
        matches: list[QuoteMatch] = []
        if case is not None and date is not None:
            matches = candidate_matches(candidate, case=case, date=date, date_precision=precision)
        form = AcceptCandidateForm(request.POST or None, initial=initial, matches=matches)
        if request.method == "POST" and form.is_valid():
            try:
                testimony = self._accept(request, candidate, form)
            except NearMatches as exc:
                form.offer_matches(exc.matches)
                matches = exc.matches
                form.add_error(None, exc.messages)
            except (ValidationError, PermissionDenied) as exc:
                messages_ = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                form.add_error(None, messages_)
            else:
                self.message_user(
                    request,
                    f"“{candidate.quote}” from “{source}” is now {testimony} (#{testimony.pk}), "
                    "a draft unless it was published already. Check it, then ask an editor "
                    "to publish it.",
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
            "same_statement": next((m.testimony for m in matches if m.exact), None),
            "near_matches": [m for m in matches if not m.exact],
            "from_bench": case is not None
            and Testimony.speaker_for(case=case, party=candidate.speaker_id)
            == Testimony.Speaker.BENCH,
        }
        return TemplateResponse(request, "admin/articles/testimonycandidate/accept.html", context)

    @staticmethod
    def _accept(request: HttpRequest, candidate: TestimonyCandidate, form) -> Testimony:
        """Accept as the form says: into the similar testimony the curator picked, as a new
        testimony anyway, or (no choice asked) as the service decides."""
        data = form.cleaned_data
        date, precision = data["date"]
        choice = data.get("match") or ""
        add_to = None
        if choice and choice != CREATE_ANYWAY:
            add_to = Testimony.objects.filter(pk=int(choice)).first()
        return accept_candidate(
            candidate,
            user=request.user,
            case=data["case"],
            date=date,
            date_precision=precision,
            setting=data["setting"],
            add_to=add_to,
            create_anyway=choice == CREATE_ANYWAY,
        )

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
                request,
                problem + " Use its Accept button to pick the case or decide.",
                messages.WARNING,
            )

    @admin.action(description="Dismiss", permissions=["change"])
    def dismiss_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        for candidate in queryset.filter(status=Suggestion.PENDING):
            dismiss_candidate(candidate, user=request.user)
        self.message_user(request, "Candidates dismissed.", messages.INFO)


@admin.register(CaseSuggestion)
class CaseSuggestionAdmin(CleanTextAdminMixin, ServiceWritesAdminMixin, admin.ModelAdmin):
    list_display = ["source", "case", "score", "reason", "status"]
    ordering = ["-id"]  # the latest suggested first (suggestions have no creation time)
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
