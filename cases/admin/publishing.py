"""Admin pieces shared by every publishable model: publish/unpublish actions and a state column,
and the review buttons of the change form (submit for review, publish, send back, unpublish).

Publication goes through cases.review (which calls cases.services), so the admin, the API and
commands obey one set of rules: the rulebook's publish permission, and a published event or
testimony must cite a published source. The state field is read-only in forms: publishing is an
action with rules, not a field edit.

The buttons are rendered by templates/admin/submit_line.html from the `review_buttons` this
mixin puts in the change form's context, and handled in response_change(), after the form is
saved: a refusal rolls the whole request back (the form's edits too) and shows the reason.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.utils import timezone
from django.utils.html import format_html

from core.publishing import PublicationState

from .. import rulebook
from ..review import send_back, submit_for_review
from ..services import CITATIONS, can_publish, publish, unpublish
from .queue import QUEUE_HOME, queue_urls

# The names of the change form's review buttons (submit inputs) and of the send-back note.
SUBMIT, PUBLISH, SEND_BACK, UNPUBLISH = "_submit_for_review", "_publish", "_send_back", "_unpublish"
NOTE = "_review_note"


class ReviewListFilter(admin.SimpleListFilter):
    """Drafts waiting for an editor, and drafts an editor sent back with a note."""

    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("submitted", "Submitted for review"), ("sent_back", "Sent back")]

    def queryset(self, request, queryset):
        if self.value() == "submitted":
            return queryset.submitted()
        if self.value() == "sent_back":
            return queryset.sent_back()
        return queryset


class PublishingAdminMixin:
    """Adds 'Publish' and 'Unpublish' actions, offered only to holders of the publish
    permission (events and testimony also get 'Publish with their sources')."""

    actions = ["publish_selected", "unpublish_selected"]

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return can_publish(request.user, self.model)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return (*super().get_readonly_fields(request, obj), "state", "review_status")

    def get_urls(self):
        own = queue_urls(self.admin_site) if self.model is QUEUE_HOME else []
        return [*own, *super().get_urls()]

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None or obj.is_published:
            return fieldsets
        return [("Review", {"fields": ["review_status"]}), *fieldsets]

    def get_list_filter(self, request: HttpRequest):
        return [*super().get_list_filter(request), ReviewListFilter]

    @admin.display(description="review")
    def review_status(self, obj) -> str:
        """Whether the draft waits for an editor (by whom, since when), or was sent back and
        with what note."""
        if obj is None or obj.pk is None or obj.is_published:
            return "—"
        if obj.submitted_at is not None:
            return format_html(
                '<span class="review review-submitted">Submitted for review by {} on {}</span>',
                obj.submitted_by or "a former member",
                timezone.localtime(obj.submitted_at).strftime("%-d %b %Y %H:%M"),
            )
        if obj.review_note:
            return format_html(
                '<span class="review review-sent-back">Sent back by an editor: “{}”</span>',
                obj.review_note,
            )
        return "Not submitted for review: a draft only curators and editors see."

    # --- The change form's buttons ---------------------------------------------------------

    def review_buttons(self, request: HttpRequest, obj) -> dict[str, bool]:
        """Which review buttons `request.user` gets on `obj`'s change form (the rulebook
        decides; a button the user would be refused is not shown)."""
        user = request.user
        if obj.is_published:
            return {"unpublish": rulebook.allows(user, rulebook.Action.PUBLISH, obj)}
        editor = rulebook.allows(user, rulebook.Action.PUBLISH, obj)
        return {
            "submit": obj.submitted_at is None and rulebook.submit_refusal(user, obj) is None,
            "publish": editor,
            "with_sources": editor and type(obj) in CITATIONS,
            "send_back": editor and obj.submitted_at is not None,
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_change_permission(request, obj):
            extra_context = {
                **(extra_context or {}),
                "review_buttons": self.review_buttons(request, obj),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request: HttpRequest, obj):
        """After the form is saved: the review button that was pressed, if any."""
        post = request.POST
        if SUBMIT in post:
            self._review_step(request, submit_for_review, obj, "submitted for review")
        elif PUBLISH in post:
            with_sources = type(obj) in CITATIONS
            what = "published with its sources" if with_sources else "published"

            def publish_it(*, obj, user):
                return publish(obj=obj, user=user, with_sources=with_sources)

            self._review_step(request, publish_it, obj, what)
        elif SEND_BACK in post:

            def send_it_back(*, obj, user):
                return send_back(obj=obj, user=user, note=post.get(NOTE, ""))

            self._review_step(request, send_it_back, obj, "sent back to its curator")
        elif UNPUBLISH in post:
            self._review_step(request, unpublish, obj, "returned to draft")
        else:
            return super().response_change(request, obj)
        # Back to the form either way: it shows the new state, or the reason and the old one.
        return HttpResponseRedirect(request.path)

    def _review_step(self, request: HttpRequest, service, obj, done: str) -> None:
        """Run one review service; on a refusal roll back everything this request wrote (the
        form's edits too) and show why."""
        try:
            with transaction.atomic():
                service(obj=obj, user=request.user)
        except (PermissionDenied, ValidationError) as exc:
            reason = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            transaction.set_rollback(True)
            self.message_user(request, f"Nothing was changed. {reason}", level=messages.ERROR)
            return
        self.message_user(request, f"“{obj}” {done}.", level=messages.SUCCESS)

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
