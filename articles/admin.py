"""Curation admin for sources and outlets."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from cases.admin_publishing import PublishingAdminMixin
from cases.admin_text import CleanTextAdminMixin
from cases.admin_writes import ServiceWritesAdminMixin

from .admin_ingest import (
    CaseSuggestionInline,
    IngestionAdminMixin,
    MentionInline,
    TestimonyCandidateInline,
)
from .models import Outlet, Source


@admin.register(Outlet)
class OutletAdmin(CleanTextAdminMixin, ServiceWritesAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "domain", "source_count"]
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

    def get_queryset(self, request):
        # The extracted text can be large; the changelist never shows it.
        return super().get_queryset(request).defer("text")

    @admin.display(description="source", ordering="title")
    def title_or_url(self, obj: Source) -> str:
        return obj.title or obj.url

    @admin.display(description="published", ordering="published_at")
    def published(self, obj: Source) -> str:
        return obj.published_at.strftime("%-d %b %Y") if obj.published_at else "—"

    @admin.display(description="link", ordering="link_dead_since")
    def link_health(self, obj: Source) -> str:
        if obj.link_dead_since:
            return format_html('<span class="link-dead">{}</span>', obj.link_health_display)
        return "ok" if obj.link_checked_at else "—"
