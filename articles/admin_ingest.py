"""Admin for ingestion: add sources from URLs, fetch again, and review what ingestion suggests
(party mentions, case suggestions, testimony candidates). Every decision goes through
the ingestion services, so the admin holds no rules of its own."""

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
from django.utils.html import format_html, format_html_join

from cases.admin_text import CleanTextAdminMixin
from cases.admin_writes import ServiceWritesAdminMixin
from cases.models import Case, Testimony

from .ingestion.services import review
from .ingestion.services.submission import (
    IN_FLIGHT,
    QueueUnavailable,
    Submission,
    fetch_again,
    submit_url,
)
from .models import CaseSuggestion, Mention, Source, Suggestion, TestimonyCandidate
from .urlnorm import InvalidURL, normalize_url

MAX_URLS_PER_FORM = 20


# --- Source page: add from URL, fetch again, ingestion panel --------------------------------


class AddFromURLForm(forms.Form):
    urls = forms.CharField(
        label="URLs",
        widget=forms.Textarea(attrs={"rows": 4, "cols": 90, "placeholder": "https://…"}),
        help_text=f"One article address per line (at most {MAX_URLS_PER_FORM}). Known addresses "
        "open the existing source; tracking parameters are dropped.",
    )

    def clean_urls(self) -> list[str]:
        urls = [line.strip() for line in self.cleaned_data["urls"].splitlines() if line.strip()]
        if not urls:
            raise ValidationError("Paste at least one URL.")
        if len(urls) > MAX_URLS_PER_FORM:
            raise ValidationError(
                f"{len(urls)} URLs: submit at most {MAX_URLS_PER_FORM} at a time, or use "
                "`manage.py ingest` for a batch."
            )
        problems = []
        for url in urls:
            try:
                normalize_url(url)
            except InvalidURL as exc:
                problems.append(f"{url[:100]}: {exc}")
        if problems:
            raise ValidationError(problems)
        return urls


class IngestionAdminMixin:
    """Mixed into SourceAdmin: the "Add source from URL" view, "Fetch again" and the panel."""

    change_list_template = "admin/articles/source/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.add_from_url_view)
        return [
            path("add-from-url/", view, name="articles_source_add_from_url"),
            *super().get_urls(),
        ]

    def add_from_url_view(self, request: HttpRequest):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = AddFromURLForm(request.POST or None)
        status = 200
        if request.method == "POST" and form.is_valid():
            submissions = []
            try:
                for url in form.cleaned_data["urls"]:
                    submissions.append(submit_url(url, user=request.user))
            except PermissionDenied as exc:
                # A known published source: only an editor fetches it again.
                for submission in submissions:
                    self._report(request, submission)
                self.message_user(request, f"{url} was not fetched again: {exc}", messages.ERROR)
                status = 403
            except QueueUnavailable as exc:
                # The broker is down: say so on the form, which keeps the URLs for a retry.
                for submission in submissions:
                    self._report(request, submission)
                self.message_user(
                    request,
                    f"{exc} The source of {url} is saved, marked failed; submit again.",
                    level=messages.ERROR,
                )
                status = 503
            else:
                for submission in submissions:
                    self._report(request, submission)
                if len(submissions) == 1:
                    return HttpResponseRedirect(
                        reverse("admin:articles_source_change", args=[submissions[0].source.pk])
                    )
                return HttpResponseRedirect(reverse("admin:articles_source_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Add source from URL",
            "form": form,
        }
        return TemplateResponse(
            request, "admin/articles/source/add_from_url.html", context, status=status
        )

    def _report(self, request: HttpRequest, submission: Submission) -> None:
        source = Source.objects.get(pk=submission.source.pk)  # after an eager fetch
        what = "Added" if submission.created else "Already known:"
        state = source.get_fetch_state_display().lower()
        level = messages.ERROR if source.fetch_state == Source.FetchState.FAILED else messages.INFO
        detail = f" — {source.fetch_error}" if source.fetch_error else ""
        self.message_user(request, f"{what} “{source}” ({state}){detail}", level=level)

    @admin.action(description="Fetch again", permissions=["change"])
    def fetch_again(self, request: HttpRequest, queryset: QuerySet) -> None:
        try:
            fetch_again(*queryset.values_list("pk", flat=True), user=request.user)
        except PermissionDenied as exc:
            self.message_user(request, f"Nothing was fetched. {exc}", level=messages.ERROR)
            return
        except QueueUnavailable as exc:
            self.message_user(request, f"{exc} The sources are marked failed.", messages.ERROR)
            return
        self.message_user(
            request,
            f"Fetching {queryset.count()} source(s) again. Their fetch state shows the result.",
            level=messages.SUCCESS,
        )

    @admin.display(description="fetch", ordering="fetch_state")
    def fetch_status(self, obj: Source) -> str:
        if obj.fetch_state == Source.FetchState.FAILED:
            return format_html(
                '<span class="fetch-failed" title="{}">failed</span>', obj.fetch_error
            )
        return obj.get_fetch_state_display()

    @admin.display(description="ingestion")
    def ingestion_panel(self, obj: Source) -> str:
        if not obj.pk:
            return "—"
        rows = [("State", obj.get_fetch_state_display())]
        if obj.fetch_error:
            rows.append(("Error", obj.fetch_error))
        if obj.http_status:
            rows.append(("HTTP status", str(obj.http_status)))
        if obj.fetched_at:
            rows.append(("Fetched", timezone.localtime(obj.fetched_at).strftime("%-d %b %Y %H:%M")))
        if obj.fetch_state in IN_FLIGHT and obj.fetch_started_at:
            rows.append(("Task", f"{obj.fetch_task_id} since {obj.fetch_started_at:%H:%M:%S}"))
        if obj.text_changed_at:
            rows.append(("Text changed", f"{obj.text_changed_at:%-d %b %Y}"))
        if obj.link_health_display:
            reason = f" ({obj.link_error})" if obj.link_error else ""
            rows.append(("Link", obj.link_health_display + reason))
        return format_html(
            '<table class="ingestion-panel">{}</table>',
            format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows),
        )


class MentionInline(CleanTextAdminMixin, admin.TabularInline):
    model = Mention
    extra = 0
    can_delete = False
    fields = ["party", "count", "matched_names", "excerpt"]
    readonly_fields = fields
    verbose_name_plural = "parties mentioned (suggestions)"

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class CaseSuggestionInline(CleanTextAdminMixin, admin.TabularInline):
    model = CaseSuggestion
    extra = 0
    can_delete = False
    fields = ["case", "score", "reason", "status"]
    readonly_fields = ["case", "score", "reason", "status"]
    verbose_name_plural = "cases suggested (accept from Case suggestions)"

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class TestimonyCandidateInline(CleanTextAdminMixin, admin.TabularInline):
    model = TestimonyCandidate
    extra = 0
    can_delete = False
    fields = ["speaker", "quote", "context", "status", "review"]
    readonly_fields = fields
    verbose_name_plural = "testimony candidates"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="")
    def review(self, obj: TestimonyCandidate) -> str:
        return candidate_buttons(obj)


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
            "case": review.candidate_case(candidate),
            "date": timezone.localtime(source.published_at).date()
            if source.published_at
            else dt.date.today(),
        }
        form = AcceptCandidateForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                testimony = review.accept_candidate(
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
            review.dismiss_candidate(candidate, user=request.user)
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
                review.accept_candidate(candidate, user=request.user)
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
            review.dismiss_candidate(candidate, user=request.user)
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
                    review.decide_case_suggestion(suggestion, user=request.user, accept=accept)
        except PermissionDenied as exc:
            self.message_user(request, f"Nothing was changed. {exc}", level=messages.ERROR)
            return
        self.message_user(request, done, messages.SUCCESS if accept else messages.INFO)
