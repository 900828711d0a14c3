"""The curation admin: every model of the cases app, with search, filters, autocomplete, history
and the inlines of cases.admin.inlines."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, F
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from cases.models import (
    ApplicationArea,
    Case,
    CaseRole,
    CauseOfAction,
    Court,
    Event,
    EventCitation,
    Party,
    Testimony,
    TestimonyCitation,
    Topic,
)
from dockets.admin import DocketSyncAdminMixin

from .inlines import (
    CaseEventInline,
    CaseRoleInline,
    CaseTestimonyInline,
    EventCitationInline,
    TestimonyCitationInline,
)
from .pickers import SourcePickerAdminMixin
from .publishing import PublishingAdminMixin
from .text import CleanTextAdminMixin, shortened, with_text_box
from .writes import ServiceWritesAdminMixin

admin.site.site_header = "AI Litigation Tracker — curation"
admin.site.site_title = "AI Litigation Tracker admin"
admin.site.index_title = "Curate cases, testimony and sources"
# Lists have many columns; the navigation sidebar would squeeze them on a laptop screen.
admin.site.enable_nav_sidebar = False


@admin.register(Topic)
class TopicAdmin(CleanTextAdminMixin, ServiceWritesAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "slug", "case_count"]
    ordering = ["name"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_case_count=Count("cases", distinct=True))

    @admin.display(description="cases", ordering="_case_count")
    def case_count(self, obj) -> int:
        return obj._case_count


@admin.register(CauseOfAction, ApplicationArea)
class FacetAdmin(CleanTextAdminMixin, ServiceWritesAdminMixin, SimpleHistoryAdmin):
    """The values of the DAIL-style case facets (causes of action, areas of application)."""

    list_display = ["name", "slug", "case_count"]
    ordering = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_case_count=Count("cases", distinct=True))

    @admin.display(description="cases", ordering="_case_count")
    def case_count(self, obj) -> int:
        return obj._case_count


@admin.register(Court)
class CourtAdmin(CleanTextAdminMixin, ServiceWritesAdminMixin, SimpleHistoryAdmin):
    list_display = ["short_name", "name", "jurisdiction", "courtlistener_id"]
    ordering = ["short_name"]
    search_fields = ["name", "short_name", "courtlistener_id"]
    list_filter = ["jurisdiction"]
    prepopulated_fields = {"slug": ["short_name"]}


@admin.register(Party)
class PartyAdmin(CleanTextAdminMixin, ServiceWritesAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "description_short", "aliases_shown"]
    ordering = ["name"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases", "description"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description="description")
    def description_short(self, obj: Party) -> str:
        return shortened(obj.description, 80)

    @admin.display(description="aliases")
    def aliases_shown(self, obj: Party) -> str:
        return shortened(", ".join(obj.alias_list), 60)


@admin.register(Case)
class CaseAdmin(
    DocketSyncAdminMixin,
    CleanTextAdminMixin,
    PublishingAdminMixin,
    ServiceWritesAdminMixin,
    SimpleHistoryAdmin,
):
    list_display = ["short_title", "court", "docket_number", "status", "filed", "state_badge"]
    # Newest first; cases whose filing date is unknown after the dated ones.
    ordering = [F("filed_on").desc(nulls_last=True), "-id"]
    list_filter = [
        "state",
        "status",
        "court",
        "topics",
        "jurisdiction_type",
        "causes_of_action",
        "application_areas",
        "is_class_action",
        "has_published_opinion",
    ]
    list_select_related = ["court"]
    search_fields = ["short_title", "caption", "docket_number", "summary", "ai_systems"]
    autocomplete_fields = [
        "court",
        "topics",
        "appeal_of",
        "consolidated_into",
        "causes_of_action",
        "application_areas",
    ]
    prepopulated_fields = {"slug": ["short_title"]}
    date_hierarchy = "filed_on"
    inlines = [CaseRoleInline, CaseEventInline, CaseTestimonyInline]
    fieldsets = [
        (
            None,
            {"fields": ["short_title", "caption", "slug", "state", "status", "summary", "topics"]},
        ),
        ("Court", {"fields": ["court", "docket_number", "courtlistener_docket_id"]}),
        (
            "Dates",
            {"fields": [("filed_on", "filed_on_precision"), ("closed_on", "closed_on_precision")]},
        ),
        ("Related cases", {"fields": ["appeal_of", "consolidated_into"]}),
        (
            "Facets",
            {
                "fields": [
                    "causes_of_action",
                    "application_areas",
                    "ai_systems",
                    ("jurisdiction_type", "is_class_action", "has_published_opinion"),
                ],
                "description": "As in the Database of AI Litigation; the tracker table "
                "(/cases/) filters by them.",
            },
        ),
    ]

    @admin.display(description="filed", ordering="filed_on")
    def filed(self, obj: Case) -> str:
        return obj.filed_display


class CitedEntryAdmin(
    CleanTextAdminMixin, PublishingAdminMixin, ServiceWritesAdminMixin, SimpleHistoryAdmin
):
    """Shared columns for events and testimony: the date at its precision and the citation count."""

    list_select_related = ["case"]
    date_hierarchy = "date"
    ordering = ["-date", "-id"]
    actions = ["publish_selected", "publish_with_sources", "unpublish_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_citation_count=Count("citations"))

    @admin.display(description="date", ordering="date")
    def date_shown(self, obj) -> str:
        return obj.date_display

    @admin.display(description="sources", ordering="_citation_count")
    def citation_count(self, obj) -> str:
        if not obj._citation_count:
            return format_html('<span class="uncited">{}</span>', "none")
        return str(obj._citation_count)


@admin.register(Event)
class EventAdmin(CitedEntryAdmin):
    list_display = [
        "date_shown",
        "title_short",
        "case",
        "kind",
        "importance",
        "citation_count",
        "state_badge",
    ]
    list_filter = ["state", "kind", "importance", "date_precision", "case"]
    search_fields = ["title", "description", "case__short_title"]
    autocomplete_fields = ["case", "topics"]
    inlines = [EventCitationInline]
    fieldsets = [
        (None, {"fields": ["case", "state", "kind", "importance", "title", "description"]}),
        ("Date", {"fields": [("date", "date_precision"), "end_date"]}),
        ("More", {"fields": ["docket_entry_number", "topics"]}),
    ]

    @admin.display(description="title", ordering="title")
    def title_short(self, obj: Event) -> str:
        return shortened(obj.title, 80)


@admin.register(Testimony)
class TestimonyAdmin(CitedEntryAdmin):
    list_display = [
        "date_shown",
        "witness",
        "speaker",
        "excerpt_short",
        "case",
        "setting",
        "citation_count",
        "state_badge",
    ]
    list_filter = ["state", "speaker", "setting", "phase", "is_verbatim", "case"]
    list_select_related = ["case", "witness"]
    search_fields = ["excerpt", "context", "witness__name", "case__short_title"]
    autocomplete_fields = ["case", "witness", "examining_counsel", "topics"]
    inlines = [TestimonyCitationInline]
    # Short: what was said, by whom, when and where on a few lines; the rarely-used details
    # (the question asked, counsel, phase, transcript page, topics) folded away.
    fieldsets = [
        (None, {"fields": ["case", ("witness", "speaker"), "excerpt", ("is_verbatim", "state")]}),
        (None, {"fields": [("date", "date_precision", "setting")]}),
        (
            "Context and proceeding details",
            {
                "classes": ["collapse"],
                "fields": [
                    "context",
                    ("examining_counsel", "phase"),
                    "transcript_citation",
                    "topics",
                ],
            },
        ),
    ]
    formfield_overrides = with_text_box(rows=3, cols=80)

    @admin.display(description="excerpt")
    def excerpt_short(self, obj: Testimony) -> str:
        return shortened(obj.excerpt, 70)


@admin.register(CaseRole)
class CaseRoleAdmin(CleanTextAdminMixin, ServiceWritesAdminMixin, SimpleHistoryAdmin):
    list_display = ["party", "role", "case", "represents", "note_short"]
    ordering = ["-id"]  # the latest added first
    list_filter = ["role", "case"]
    list_select_related = ["party", "case", "represents"]
    search_fields = ["party__name", "case__short_title", "note"]
    autocomplete_fields = ["case", "party", "represents"]

    @admin.display(description="note")
    def note_short(self, obj: CaseRole) -> str:
        return shortened(obj.note, 50)


class CitationAdmin(
    CleanTextAdminMixin, SourcePickerAdminMixin, ServiceWritesAdminMixin, SimpleHistoryAdmin
):
    """Citations are usually edited inline; these lists help find every use of a source.

    Deleting the last published source of a published entry is refused (no delete button, no
    bulk delete).
    """

    autocomplete_fields = ["source"]
    ordering = ["-id"]  # the latest added first

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description="source", ordering="source__title")
    def source_short(self, obj) -> str:
        return shortened(obj.source.title or obj.source.url, 60)


@admin.register(EventCitation)
class EventCitationAdmin(CitationAdmin):
    list_display = ["event_short", "source_short", "pinpoint"]
    list_select_related = ["event", "source"]
    search_fields = ["event__title", "source__title", "source__url"]
    autocomplete_fields = ["event", "source"]

    @admin.display(description="event", ordering="event__title")
    def event_short(self, obj: EventCitation) -> str:
        return shortened(obj.event.title, 60)


@admin.register(TestimonyCitation)
class TestimonyCitationAdmin(CitationAdmin):
    list_display = ["testimony_short", "source_short", "wording_short"]
    list_select_related = ["testimony__witness", "source"]
    search_fields = ["testimony__excerpt", "wording", "source__title", "source__url"]
    autocomplete_fields = ["testimony", "source"]

    @admin.display(description="testimony", ordering="testimony__excerpt")
    def testimony_short(self, obj: TestimonyCitation) -> str:
        return f"{obj.testimony.witness}: {shortened(obj.testimony.excerpt, 50)}"

    @admin.display(description="wording in this source")
    def wording_short(self, obj: TestimonyCitation) -> str:
        return shortened(obj.wording, 50)
