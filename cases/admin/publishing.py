"""Admin pieces shared by every publishable model: publish/unpublish actions and a state column.

Publication goes through cases.services, so the admin, the API and commands obey one set of
rules: the rulebook's publish permission, and a published event or testimony must cite a
published source. The state field is read-only in forms: publishing is an action with rules,
not a field edit.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from core.publishing import PublicationState

from ..services import can_publish, publish, unpublish


class PublishingAdminMixin:
    """Adds 'Publish' and 'Unpublish' actions, offered only to holders of the publish
    permission (events and testimony also get 'Publish with their sources')."""

    actions = ["publish_selected", "unpublish_selected"]

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return can_publish(request.user, self.model)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return (*super().get_readonly_fields(request, obj), "state")

    @admin.display(description="state", ordering="state")
    def state_badge(self, obj) -> str:
        css = "published" if obj.state == PublicationState.PUBLISHED else "draft"
        return format_html('<span class="state state-{}">{}</span>', css, obj.get_state_display())

    @admin.action(description="Publish selected %(verbose_name_plural)s", permissions=["publish"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._change_state(request, queryset, publish, "published")

    @admin.action(
        description="Publish selected %(verbose_name_plural)s with their draft sources",
        permissions=["publish"],
    )
    def publish_with_sources(self, request: HttpRequest, queryset: QuerySet) -> None:
        def publish_together(*, obj, user):
            return publish(obj=obj, user=user, with_sources=True)

        self._change_state(request, queryset, publish_together, "published with their sources")

    @admin.action(description="Unpublish selected %(verbose_name_plural)s", permissions=["publish"])
    def unpublish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._change_state(request, queryset, unpublish, "returned to draft")

    def _change_state(self, request, queryset, service, done: str) -> None:
        """All or nothing: when any entry is refused, none changes and every reason is shown."""
        refused: list[str] = []
        changed = 0
        try:
            with transaction.atomic():
                for obj in queryset:
                    try:
                        with transaction.atomic():
                            service(obj=obj, user=request.user)
                        changed += 1
                    except ValidationError as exc:
                        refused.append(f"“{obj}”: {' '.join(exc.messages)}")
                if refused:
                    transaction.set_rollback(True)
        except PermissionDenied as exc:
            refused.append(str(exc))
        if refused:
            self.message_user(
                request, "Nothing was changed. " + " ".join(refused), level=messages.ERROR
            )
            return
        noun = (
            self.model._meta.verbose_name if changed == 1 else self.model._meta.verbose_name_plural
        )
        self.message_user(request, f"{changed} {noun} {done}.", level=messages.SUCCESS)
