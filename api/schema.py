"""Postprocessing of the generated OpenAPI schema (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]).

drf-spectacular describes a component with its serializer's docstring; the read and write
serializers of the collections have none of their own, so their components inherited a base
class's docstring about how the code works ("A ModelSerializer whose generated fields…"), which
tells a client nothing. Here each gets a description of what it is to a client.
"""

from __future__ import annotations

import inspect

from api.serializers.entries import CitingWriteSerializer
from api.serializers.fields import DocumentedModelSerializer, ModelValidatedSerializer

NOUNS = {
    "Case": "a court case",
    "Court": "a court",
    "Event": "a dated entry of a case's timeline (filing, hearing, ruling …)",
    "Party": "a person or organization that appears in cases",
    "Source": "a news article, court document, transcript or other source",
    "Testimony": "a statement made in a proceeding",
    "Topic": "a topic followed across cases",
}
INHERITED = {
    inspect.getdoc(cls)
    for cls in (DocumentedModelSerializer, ModelValidatedSerializer, CitingWriteSerializer)
}
CITING = inspect.getdoc(CitingWriteSerializer)


def describe(name: str, inherited: str) -> str | None:
    """The description of component `name`, or None when it is not a collection's."""
    base = name.removeprefix("Patched").removesuffix("Write")
    noun = NOUNS.get(base)
    if noun is None:
        return None
    if name == base:
        return (
            f"{noun[0].upper()}{noun[1:]}, as the API returns it. With `?fields=` an answer "
            "holds only the fields asked for, so no field is in every answer."
        )
    nested = " Topics and citations are written with the entry, replacing the previous ones."
    extra = nested if inherited == CITING else ""
    if name.startswith("Patched"):
        return (
            f"The fields of {noun} to change (PATCH); the others keep their values. Validated "
            f"like the admin: an invalid combination is a 400 naming the fields.{extra}"
        )
    return (
        f"What a client sends to create (POST) or replace (PUT) {noun}. Validated like the "
        f"admin: an invalid combination is a 400 naming the fields.{extra}"
    )


def describe_components(result: dict, generator, request, public) -> dict:
    """Replace inherited implementation docstrings with descriptions for clients."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        inherited = component.get("description", "")
        if inherited and inherited not in INHERITED:
            continue
        description = describe(name, inherited)
        if description:
            component["description"] = description
    return result
