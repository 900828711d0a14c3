"""Admin writes through the services: forms, inlines, deletes and History revert.

Every ModelAdmin and inline of the curated models mixes these in. They hold no rules: the
rulebook (cases.rulebook) decides which buttons a user gets and the services (cases.services)
refuse what it forbids. Form validation asks the same services first, so a refusal is a form
error next to the field, not an error page.
"""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import reverse

from .. import rulebook, services
from ..rulebook import Action


def _candidate(form) -> models.Model:
    """A copy of the form's instance with the cleaned values applied (the form applies them
    only after clean()), to ask the services about the row as it would be saved."""
    candidate = copy.copy(form.instance)
    for field in candidate._meta.concrete_fields:
        if field.name in form.cleaned_data and not field.primary_key:
            setattr(candidate, field.name, form.cleaned_data[field.name])
    return candidate


class RulebookFormMixin:
    """Asks services.check_save() about the row the form would save."""

    rulebook_user = None

    def clean(self):
        cleaned = super().clean()
        # An unchanged row (say, a published event listed in a draft case's inline) is not a
        # write; save_model() still asks the services about whatever is saved.
        if self.errors or cleaned.get("DELETE") or not self.has_changed():
            return cleaned
        try:
            services.check_save(user=self.rulebook_user, obj=_candidate(self))
        except PermissionDenied as exc:
            raise ValidationError(str(exc)) from None
        return cleaned


def _with_user(form_class, user):
    return type(form_class.__name__, (RulebookFormMixin, form_class), {"rulebook_user": user})


class ServiceWritesAdminMixin:
    """For a ModelAdmin: permissions from the rulebook, writes through the services."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return rulebook.allows(request.user, Action.ADD, self.model)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return rulebook.allows(request.user, Action.CHANGE, self.model if obj is None else obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # Who may; what the data rules allow is for delete_view (Django also asks this about
        # every row a delete cascades to, such as the citations of a deleted event).
        return rulebook.allows(request.user, Action.DELETE, self.model if obj is None else obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        return _with_user(super().get_form(request, obj, change, **kwargs), request.user)

    def save_model(self, request, obj, form, change) -> None:
        services.save(user=request.user, obj=obj)

    def delete_model(self, request, obj) -> None:
        services.delete(user=request.user, obj=obj)

    def delete_queryset(self, request, queryset) -> None:
        with transaction.atomic():
            for obj in queryset:
                services.delete(user=request.user, obj=obj)

    def save_formset(self, request, form, formset, change) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            services.delete(user=request.user, obj=obj)
        for obj in instances:
            services.save(user=request.user, obj=obj)
        formset.save_m2m()

    # Views that write: a refusal the form checks missed (a race, a row changed meanwhile)
    # rolls the whole request back and comes back as a message, never as an error page.

    def _refusals_as_messages(self, request, view):
        try:
            with transaction.atomic():
                return view()
        except (ValidationError, IntegrityError) as exc:
            text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            self.message_user(request, f"Nothing was saved. {text}", level=messages.ERROR)
            return HttpResponseRedirect(request.path)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._refusals_as_messages(
            request,
            lambda: super(ServiceWritesAdminMixin, self).changeform_view(
                request, object_id, form_url, extra_context
            ),
        )

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_delete_permission(request, obj):
            try:
                services.check_delete(user=request.user, obj=obj)
            except ValidationError as exc:
                self.message_user(
                    request, "It was not deleted. " + " ".join(exc.messages), messages.ERROR
                )
                return HttpResponseRedirect(
                    reverse(
                        f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change",
                        args=[obj.pk],
                    )
                )
        return self._refusals_as_messages(
            request,
            lambda: super(ServiceWritesAdminMixin, self).delete_view(
                request, object_id, extra_context
            ),
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """django-simple-history's revert: the rulebook judges the row as it is now (not the
        old version's values), and services.save() keeps its publication state."""
        current = self.get_object(request, unquote(object_id))
        if current is None:
            raise Http404("No such entry.")
        if request.method == "POST" and not self.has_change_permission(request, current):
            raise PermissionDenied
        return self._refusals_as_messages(
            request,
            lambda: super(ServiceWritesAdminMixin, self).history_form_view(
                request, object_id, version_id, extra_context
            ),
        )

    def revert_disabled(self, request, obj=None) -> bool:
        if obj is not None and not self.has_change_permission(
            request, rulebook.stored_version(obj)
        ):
            return True
        return super().revert_disabled(request, obj)


class ServiceWritesInlineMixin:
    """For an inline: may the user add, change or delete rows of this parent?"""

    def _row(self, obj):
        """A new row of this inline under `obj`, for the rulebook's question."""
        fk = self.fk_name or next(
            field.name
            for field in self.model._meta.concrete_fields
            if field.is_relation and field.related_model is self.parent_model
        )
        return self.model(**{fk: obj})

    def _allows(self, request, action: Action, obj) -> bool:
        if obj is None or obj.pk is None:
            return rulebook.allows(request.user, action, self.model)
        return rulebook.allows(request.user, action, self._row(obj))

    def has_add_permission(self, request, obj=None) -> bool:
        return self._allows(request, Action.ADD, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._allows(request, Action.CHANGE, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._allows(request, Action.DELETE, obj)

    def get_formset(self, request, obj=None, **kwargs):
        if self.max_num is not None:
            # A forged form count is refused at the cap, before the rows are looked up.
            kwargs.setdefault("validate_max", True)
            kwargs.setdefault("absolute_max", self.max_num)
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = _with_user(formset.form, request.user)
        return formset
