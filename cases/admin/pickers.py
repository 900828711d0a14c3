"""Source pickers: a foreign key to Source in a form's autocomplete_fields reads "title · outlet ·
date", in the search results (SourceAutocompleteJsonView, served by SourceAdmin) and for the
chosen source (SourceChoiceField), so two similar stories are told apart before one is cited."""

from __future__ import annotations

from django import forms
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from articles.models import Source

from .text import shortened


def source_label(source: Source) -> str:
    """How a picker names a source: "title · outlet · date", so two stories with similar titles
    (or a story and the court order it reports) are told apart before one is cited."""
    if source.publication_date_known:
        date = source.published_at.strftime("%-d %b %Y")
    else:
        date = "publication date unknown"
    parts = [shortened(source.title or source.url, 90), source.outlet.name if source.outlet else ""]
    return " · ".join(part for part in (*parts, date) if part)


class SourceChoiceField(forms.ModelChoiceField):
    """Names the chosen source as the picker's search results do."""

    def label_from_instance(self, obj: Source) -> str:
        return source_label(obj)


class SourceAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete answers for sources, each named by source_label(); SourceAdmin
    serves it at admin:articles_source_autocomplete (the site-wide view names rows by str())."""

    def process_request(self, request):
        term, model_admin, source_field, to_field_name = super().process_request(request)
        if model_admin.model is not Source:
            raise PermissionDenied  # this address answers for sources only
        return term, model_admin, source_field, to_field_name

    def serialize_result(self, obj: Source, to_field_name: str) -> dict:
        return {**super().serialize_result(obj, to_field_name), "text": source_label(obj)}


class SourcePicker(AutocompleteSelect):
    """Django's autocomplete select, asking SourceAutocompleteJsonView."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-ajax--url"] = reverse(f"{self.admin_site.name}:articles_source_autocomplete")
        return attrs


class SourcePickerAdminMixin:
    """For a ModelAdmin or inline with a foreign key to Source in its autocomplete_fields."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Source and db_field.name in self.get_autocomplete_fields(
            request
        ):
            kwargs.setdefault(
                "widget", SourcePicker(db_field, self.admin_site, using=kwargs.get("using"))
            )
            kwargs.setdefault("form_class", SourceChoiceField)
            kwargs.setdefault("queryset", Source.objects.select_related("outlet"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
