"""Curation admin for sources and outlets: adding sources from URLs, fetching them again,
link health, and the ingestion panel (mentions, case suggestions, testimony candidates) on a
source's page. Every write goes through the services."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from cases.admin.pickers import SourceAutocompleteJsonView
from cases.admin.publishing import PublishingAdminMixin
from cases.admin.text import CleanTextAdminMixin, shortened
from cases.admin.writes import ServiceWritesAdminMixin

from ..ingestion.services.submission import (
    IN_FLIGHT,
    QueueUnavailable,
    Submission,
    fetch_again,
    submit_url,
)
from ..models import CaseSuggestion, Mention, Outlet, Source, TestimonyCandidate
from ..urlnorm import InvalidURL, normalize_url
from .review import candidate_buttons

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


@admin.register(Outlet)
class OutletAdmin(CleanTextAdminMixin, ServiceWritesAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "domain", "source_count"]
    ordering = ["name"]
    search_fields = ["name", "domain"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_source_count=Count("sources"))

    @admin.display(description="sources", ordering="_source_count")
    def source_count(self, obj: Outlet) -> int:
        return obj._source_count


class LinkHealthFilter(admin.SimpleListFilter):
    title = "link health"
    parameter_name = "link"

    def lookups(self, request, model_admin):
        return [("dead", "Dead links"), ("alive", "Answering"), ("unchecked", "Never checked")]

    def queryset(self, request, queryset):
        if self.value() == "dead":
            return queryset.filter(link_dead_since__isnull=False)
        if self.value() == "alive":
            return queryset.filter(link_dead_since__isnull=True, link_checked_at__isnull=False)
        if self.value() == "unchecked":
            return queryset.filter(link_checked_at__isnull=True)
        return queryset


@admin.register(Source)
class SourceAdmin(
    CleanTextAdminMixin,
    IngestionAdminMixin,
    PublishingAdminMixin,
    ServiceWritesAdminMixin,
    SimpleHistoryAdmin,
):
    # Newest first; sources whose publication date is unknown after the dated ones (PostgreSQL
    # would put their NULL first).
    ordering = [F("published_at").desc(nulls_last=True), "-created_at"]
    list_display = [
        "title_or_url",
        "outlet",
        "published",
        "kind",
        "fetch_status",
        "link_health",
        "state_badge",
    ]
    actions = ["publish_selected", "unpublish_selected", "fetch_again"]
    inlines = [CaseSuggestionInline, TestimonyCandidateInline, MentionInline]
    list_filter = ["state", "kind", "fetch_state", LinkHealthFilter, "outlet"]
    list_select_related = ["outlet"]
    search_fields = ["title", "url", "authors", "outlet__name", "summary"]
    autocomplete_fields = ["outlet", "cases"]
    date_hierarchy = "published_at"
    fieldsets = [
        (None, {"fields": ["url", "title", "outlet", "authors", "published_at", "kind", "state"]}),
        ("Ingestion", {"fields": ["ingestion_panel"]}),
        ("Content", {"fields": ["summary", "cases", "canonical_url", "language", "text"]}),
        (
            "Fetching and link health",
            {
                "classes": ["collapse"],
                "fields": [
                    "fetch_state",
                    "fetch_error",
                    "http_status",
                    "fetched_at",
                    "content_hash",
                    "text_changed_at",
                    "link_checked_at",
                    "link_status",
                    "link_dead_since",
                    "link_error",
                ],
            },
        ),
    ]
    readonly_fields = [
        "ingestion_panel",
        "fetch_state",
        "fetch_error",
        "http_status",
        "fetched_at",
        "content_hash",
        "text_changed_at",
        "link_checked_at",
        "link_status",
        "link_dead_since",
        "link_error",
    ]

    def get_urls(self):
        # The source pickers (cases.admin.pickers.SourcePicker) ask here: "title · outlet · date".
        view = SourceAutocompleteJsonView.as_view(admin_site=self.admin_site)
        return [
            path(
                "autocomplete/",
                self.admin_site.admin_view(view),
                name="articles_source_autocomplete",
            ),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        # The extracted text can be large; the changelist never shows it. The outlet names
        # each source in the pickers.
        return super().get_queryset(request).defer("text").select_related("outlet")

    @admin.display(description="source", ordering="title")
    def title_or_url(self, obj: Source) -> str:
        return shortened(obj.title or obj.url, 90)

    @admin.display(description="published", ordering="published_at")
    def published(self, obj: Source) -> str:
        """The publication day, or, when nobody gave it, that it is unknown and the day the
        source was first seen (where timelines place it)."""
        if obj.publication_date_known:
            return obj.published_at.strftime("%-d %b %Y")
        return format_html(
            '<span class="date-unknown">Publication date unknown</span>; first seen {}',
            obj.created_at.strftime("%-d %b %Y"),
        )

    @admin.display(description="link", ordering="link_dead_since")
    def link_health(self, obj: Source) -> str:
        if obj.link_dead_since:
            return format_html('<span class="link-dead">{}</span>', obj.link_health_display)
        return "ok" if obj.link_checked_at else "—"
