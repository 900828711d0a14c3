"""The docket sync in the Case admin: the link field accepts an id or a docket URL, the sync
state (CourtListener's docket beside ours, the last error) is a read-only inline, and actions
sync now and switch direct publishing (offered only to who may publish events).

cases.admin mixes DocketSyncAdminMixin into CaseAdmin; nothing else there knows about dockets.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from kombu.exceptions import OperationalError as BrokerError

from cases.models import Event
from cases.services import can_publish

from . import services
from .models import DocketSync
from .references import DocketReferenceFormField
from .tasks import sync_docket

# CourtListener's field → our label, shown side by side with the case's own value.
BESIDE_OURS = [
    ("court_id", "Court", lambda case: case.court.courtlistener_id or case.court.short_name),
    ("docket_number", "Docket number", lambda case: case.docket_number),
    ("case_name", "Case name", lambda case: case.caption or case.short_title),
    ("assigned_to_str", "Assigned to", lambda case: ""),
    ("date_filed", "Filed", lambda case: case.filed_display),
    ("date_terminated", "Terminated", lambda case: case.closed_display),
    ("cause", "Cause", lambda case: ""),
    ("nature_of_suit", "Nature of suit", lambda case: ""),
]


class DocketSyncInline(admin.StackedInline):
    """Read-only: the sync writes it; editors switch direct publishing with an action."""

    model = DocketSync
    can_delete = False
    extra = 0
    max_num = 1
    verbose_name = "CourtListener sync"
    verbose_name_plural = "CourtListener sync"
    fields = [
        "last_synced_at",
        "last_attempt_at",
        "error",
        "last_report",
        "publish_directly",
        "publish_opted_in_by",
        "beside_ours",
        "people",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_staff

    @admin.display(description="last error")
    def error(self, state: DocketSync) -> str:
        if not state.last_error:
            return "—"
        return format_html('<strong class="errornote">{}</strong>', state.last_error)

    @admin.display(description="CourtListener's docket beside ours")
    def beside_ours(self, state: DocketSync) -> str:
        if not state.docket:
            return "Not synced yet."
        rows = format_html_join(
            "",
            "<tr><th>{}</th><td>{}</td><td>{}</td></tr>",
            (
                (label, state.docket.get(name) or "—", ours(state.case) or "—")
                for name, label, ours in BESIDE_OURS
            ),
        )
        return format_html(
            "<table><thead><tr><th></th><th>CourtListener</th><th>Ours</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            rows,
        )

    @admin.display(description="parties and attorneys (CourtListener)")
    def people(self, state: DocketSync) -> str:
        if not state.parties:
            return "—"
        return format_html_join(
            "",
            "<div>{} ({})</div>",
            (
                (row.get("name", ""), ", ".join(row.get("types") or [row.get("kind", "")]))
                for row in state.parties
            ),
        )


class DocketSyncAdminMixin:
    """For CaseAdmin: the docket link field, the sync inline and the sync actions."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "courtlistener_docket_id":
            return DocketReferenceFormField(
                required=False, label="CourtListener docket (id or URL)"
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), DocketSyncInline]

    def get_actions(self, request):
        actions = super().get_actions(request)
        names = ["sync_now"]
        if can_publish(request.user, Event):
            names += ["publish_docket_entries_directly", "keep_docket_entries_drafts"]
        for name in names:
            func = getattr(type(self), name)  # Django calls an action as func(admin, request, qs)
            actions[name] = (func, name, func.short_description)
        return actions

    @admin.action(description="Sync selected cases with CourtListener now")
    def sync_now(self, request: HttpRequest, queryset: QuerySet) -> None:
        linked = list(queryset.exclude(courtlistener_docket_id=None).values_list("pk", flat=True))
        if not linked:
            self.message_user(
                request,
                "None of these cases is linked to a CourtListener docket.",
                level=messages.WARNING,
            )
            return
        try:
            for case_id in linked:
                sync_docket.delay(case_id)
        except BrokerError:
            self.message_user(
                request,
                "Could not queue the sync: the task broker is unavailable; try again shortly.",
                level=messages.ERROR,
            )
            return
        self.message_user(
            request,
            f"Sync queued for {len(linked)} case(s); the CourtListener sync panel on each case "
            "shows the outcome.",
            level=messages.SUCCESS,
        )

    @admin.action(description="Let the sync publish docket entries of selected cases")
    def publish_docket_entries_directly(self, request, queryset) -> None:
        self._set_direct(request, queryset, True)

    @admin.action(description="Keep docket entries of selected cases as drafts for review")
    def keep_docket_entries_drafts(self, request, queryset) -> None:
        self._set_direct(request, queryset, False)

    def _set_direct(self, request, queryset, enabled: bool) -> None:
        try:
            for case in queryset:
                state, _ = DocketSync.objects.get_or_create(case=case)
                services.set_direct_publishing(state=state, enabled=enabled, user=request.user)
        except PermissionDenied as exc:
            self.message_user(request, str(exc), level=messages.ERROR)
            return
        done = "publishes" if enabled else "leaves drafts of"
        self.message_user(request, f"The sync now {done} docket entries of these cases.")
