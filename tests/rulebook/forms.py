"""POST data for any admin form, built from the form the admin itself rendered.

GET the add, change or history (revert) page as a user who may edit it, then turn
`response.context["adminform"].form` and every inline formset into the dict the browser
would send: each bound field's value in the shape its widget posts (lists for multiple
choices, `name_0`/`name_1` for split date and time, "on" for a ticked box, nothing for an
unticked one), plus each formset's management form.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.forms.widgets import ChoiceWidget


def _widget(bound_field: forms.BoundField) -> forms.Widget:
    widget = bound_field.field.widget
    while isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    return widget


def field_items(bound_field: forms.BoundField) -> dict[str, Any]:
    """What the browser posts for one field: {} for an unticked checkbox."""
    name = bound_field.html_name
    value = bound_field.value()
    widget = _widget(bound_field)
    if isinstance(widget, forms.CheckboxInput):
        return {name: "on"} if widget.check_test(value) else {}
    if isinstance(widget, forms.MultiWidget):
        subwidgets = widget.get_context(name, value, None)["widget"]["subwidgets"]
        return {sub["name"]: sub["value"] or "" for sub in subwidgets}
    if getattr(widget, "allow_multiple_selected", False):
        return {name: [str(v) for v in (value or [])]}
    if isinstance(widget, ChoiceWidget):
        return {name: "" if value is None else str(value)}
    formatted = widget.format_value(value)
    return {name: "" if formatted is None else formatted}


def form_items(form: forms.BaseForm) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for bound_field in form:
        data.update(field_items(bound_field))
    return data


def admin_form_data(response, **changes: Any) -> dict[str, Any]:
    """The POST data of the admin form page `response` (add, change or revert), with
    `changes` applied on top, and the "Save" button pressed."""
    assert response.status_code == 200, f"the form page answered {response.status_code}"
    data = form_items(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets") or ():
        formset = inline.formset
        data.update(form_items(formset.management_form))
        for form in formset.forms:
            data.update(form_items(form))
    data["_save"] = "Save"
    data.update(changes)
    return data


def editable_fields(response) -> list[str]:
    """The names of the fields the admin form lets its user type into."""
    return [bound_field.name for bound_field in response.context["adminform"].form]
