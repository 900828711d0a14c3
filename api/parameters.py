"""The API's query parameters: sparse fields (?fields=), refusing unknown parameters, and
the filter, search and ordering backends every collection uses."""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, filters

from api.errors import refuse_nul_characters

FORMAT_PARAM = "format"
FIELDS_PARAM = "fields"


def parse_fields_param(request, available: list[str]) -> list[str]:
    """The output fields asked for with ?fields=a,b (in the serializer's order), or all."""
    raw = request.query_params.get(FIELDS_PARAM)
    if raw is None:
        return list(available)
    asked = [name.strip() for name in raw.split(",") if name.strip()]
    unknown = [name for name in asked if name not in available]
    if unknown or not asked:
        raise exceptions.ValidationError(
            {
                FIELDS_PARAM: [
                    f"Unknown field(s): {', '.join(unknown)}. Choose from: {', '.join(available)}."
                    if unknown
                    else f"Name at least one field. Choose from: {', '.join(available)}."
                ]
            }
        )
    return [name for name in available if name in asked]


def refuse_unknown_params(request, allowed: set[str]) -> None:
    """A 400 naming every query parameter the endpoint does not know (instead of silently
    ignoring a misspelt filter and returning everything), and for NUL characters."""
    refuse_nul_characters(request.query_params)
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise exceptions.ValidationError(
            {
                name: [
                    f"Unknown query parameter '{name}'. Allowed here: {', '.join(sorted(allowed))}."
                ]
                for name in unknown
            }
        )


class IdleFilterBackend(DjangoFilterBackend):
    """django-filter, skipped when the request names none of the filters: building a FilterSet
    deep-copies every filter and form field, a cost worth paying only when it filters."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = getattr(view, "filterset_class", None)
        if filterset_class is not None and not any(
            name in request.query_params for name in filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


class StrictOrderingFilter(filters.OrderingFilter):
    """OrderingFilter that refuses unknown fields (400 naming them) instead of ignoring them,
    and appends the view's tie-breakers so pages are stable (cursor pagination needs it)."""

    ordering_description = "Sort by one of the listed fields; prefix with '-' for descending."

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params:
            terms = [term.strip() for term in params.split(",") if term.strip()]
            valid = {
                item[0] for item in self.get_valid_fields(queryset, view, {"request": request})
            }
            # Exactly one '-' may lead a term: "--name" must not pass as "name" (order_by()
            # would then fail on it with a 500).
            bad = [term for term in terms if term.removeprefix("-") not in valid]
            if bad or not terms:
                raise exceptions.ValidationError(
                    {
                        self.ordering_param: [
                            f"Cannot order by {', '.join(bad) or 'nothing'}. Choose from: "
                            + ", ".join(sorted(valid))
                            + " (prefix '-' for descending)."
                        ]
                    }
                )
            ordering = terms
        else:
            ordering = list(self.get_default_ordering(view) or [])
        return with_tiebreakers(ordering, getattr(view, "ordering_tiebreakers", {}))

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        fields = [name for name in getattr(view, "ordering_fields", [])]
        default = ",".join(getattr(view, "ordering", []) or [])
        for parameter in parameters:
            parameter["description"] = (
                f"Sort by {', '.join(fields)}; prefix '-' for descending. Default: {default}."
            )
            parameter["schema"] = {
                "type": "string",
                "enum": [*fields, *(f"-{name}" for name in fields)],
            }
        return parameters


class DescribedSearchFilter(filters.SearchFilter):
    """SearchFilter whose schema says which fields are searched."""

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        searched = ", ".join(name.split("__")[0] for name in getattr(view, "search_fields", []))
        for parameter in parameters:
            parameter["description"] = (
                f"Words to find (all of them, case-insensitive) in: {searched}."
            )
        return parameters


def with_tiebreakers(ordering: list[str], tiebreakers: dict[str, list[str]]) -> list[str]:
    """Append the tie-breakers of the first ordering field and finally the primary key, in the
    same direction, so equal values always come in the same order."""
    result = list(ordering)
    if not result:
        return ["id"]
    first = result[0]
    descending = first.startswith("-")
    for extra in tiebreakers.get(first.lstrip("-"), []):
        if descending:
            extra = extra[1:] if extra.startswith("-") else f"-{extra}"
        if extra.lstrip("-") not in {term.lstrip("-") for term in result}:
            result.append(extra)
    if "id" not in {term.lstrip("-") for term in result}:
        result.append("-id" if descending else "id")
    return result
