"""Admin pieces shared by every publishable model: publish/unpublish actions and a state column.

Publication goes through cases.services, so the admin, the API and commands obey one set of rules:
the custom publish permission, and a published event or testimony must cite a source.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from .models import PublicationState
from .services import can_publish, publish, unpublish


class PublishingAdminMixin:
    """Adds 'Publish' and 'Unpublish' actions, offered only to holders of the publish permission.

    The state field is read-only in forms: publishing is an action with rules, not a field edit.
    Published entries are read-only for users who may not publish.
    """

    actions = ["publish_selected", "unpublish_selected"]

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return can_publish(request.user, self.model)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        """Curators edit drafts; a published entry changes only through an editor, as in the API:
        otherwise an edit would reach the public site without anyone with publish rights."""
        if obj is not None and obj.is_published and not self.has_publish_permission(request):
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return (*super().get_readonly_fields(request, obj), "state")

    @admin.display(description="state", ordering="state")
    def state_badge(self, obj) -> str:
        css = "published" if obj.state == PublicationState.PUBLISHED else "draft"
        return format_html('<span class="state state-{}">{}</span>', css, obj.get_state_display())

    @admin.action(description="Publish selected %(verbose_name_plural)s", permissions=["publish"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._change_state(request, queryset, publish, "published")

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
