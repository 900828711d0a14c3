"""API serializers for courts, topics, parties and cases (events and testimony: entry_serializers).

Each collection has a read field spec (every output field declared once: how the fast read path
renders it from `.values()` rows, and how the schema documents it; see api_rows), from which
its schema serializer is derived, and a write serializer (what curators may send; validated
with the model's own rules).
"""

from __future__ import annotations

from django.db import models
from rest_framework import serializers

from api.serializers.fields import (
    LinesField,
    ModelValidatedSerializer,
    PartialDateField,
    SlugListField,
    capped,
    help_of,
    request_user,
    resolve,
    unique_in_list,
)
from api.serializers.rows import (
    Batch,
    Col,
    Computed,
    DateTimeCol,
    Lines,
    Link,
    PartialDate,
    ReadContext,
    Related,
    RowField,
    api_url,
    group_rows,
    read_serializer,
    slug_doc,
    slugs_doc,
    text_doc,
    web_url,
)
from cases import services
from cases.models import ApplicationArea, Case, CaseRole, CauseOfAction, Court, Party, Topic
from cases.services import MAX_ROLES, MAX_TOPICS
from core.publishing import PublicationState
from dockets.references import DocketReferenceSerializerField

STATE_HELP = help_of(Case, "state")
# At most this many values of one facet in a write.
MAX_FACETS = 20
PRECISION_HELP = "How much of the date is known: day, month or year."


# --- Field helpers shared by the read specs ------------------------------------------------


def related_slugs(
    model: type[models.Model], owner: str, help_text: str, name: str = "topics"
) -> Batch:
    """The slugs of an entry's topics (or another many-to-many `name`), by name."""
    relation = model._meta.get_field(name)
    through = relation.remote_field.through
    target = relation.m2m_reverse_field_name()

    def load(ids, ctx):
        rows = (
            through.objects.filter(**{f"{owner}_id__in": ids})
            .order_by(f"{target}__name")
            .values(f"{owner}_id", f"{target}__slug")
        )
        return group_rows(rows, f"{owner}_id", lambda row: row[f"{target}__slug"])

    return Batch(load, doc=slugs_doc(help_text))


def topic_slugs(model: type[models.Model], owner: str, help_text: str) -> Batch:
    """The slugs of an entry's topics, by name."""
    return related_slugs(model, owner, help_text)


def related_case(name: str) -> Computed:
    """A link to a related case (`name` is the foreign key), hidden while that case is a draft
    the reader may not see."""

    def slug(row: dict, ctx: ReadContext) -> str | None:
        value = row[f"{name}__slug"]
        if value is None:
            return None
        if row[f"{name}__state"] != PublicationState.PUBLISHED and not ctx.see_drafts(Case):
            return None
        return value

    doc = slug_doc(help_of(Case, name) + " (slug)", null=True)
    return Computed([f"{name}__slug", f"{name}__state"], slug, doc=doc)


ROLE_HELP = "The party's role."


def role_doc(help_text: str = "") -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=CaseRole.Role.choices, help_text=help_text)


# --- Courts and topics ---------------------------------------------------------------------

COURT_FIELDS: dict[str, RowField] = {
    "id": Col("id"),
    "slug": Col("slug"),
    "api_url": api_url("court", "api:court-detail"),
    "name": Col("name"),
    "short_name": Col("short_name"),
    "jurisdiction": Col("jurisdiction"),
    "courtlistener_id": Col("courtlistener_id"),
}
CourtSerializer = read_serializer(Court, COURT_FIELDS)


class CourtWriteSerializer(ModelValidatedSerializer):
    class Meta:
        model = Court
        fields = ["name", "short_name", "jurisdiction", "slug", "courtlistener_id"]


TOPIC_FIELDS: dict[str, RowField] = {
    "id": Col("id"),
    "slug": Col("slug"),
    "api_url": api_url("topic", "api:topic-detail"),
    "web_url": web_url("topic", "cases:topic-detail"),
    "name": Col("name"),
    "description": Col("description"),
}
TopicSerializer = read_serializer(Topic, TOPIC_FIELDS)


class TopicWriteSerializer(ModelValidatedSerializer):
    class Meta:
        model = Topic
        fields = ["name", "slug", "description"]


# --- Parties -------------------------------------------------------------------------------


PARTY_FIELDS: dict[str, RowField] = {
    "id": Col("id"),
    "slug": Col("slug"),
    "api_url": api_url("party", "api:party-detail"),
    "web_url": web_url("party", "cases:party-detail"),
    "kind": Col("kind"),
    "name": Col("name"),
    "aliases": Lines("aliases", help_text=help_of(Party, "aliases")),
    "description": Col("description"),
    "roles": Related(
        "PartyRole",
        {
            "case": Col("case__slug", doc=serializers.SlugField(help_text="The case (slug).")),
            "role": Col("role", doc=role_doc(ROLE_HELP)),
        },
        lambda ids, ctx: CaseRole.objects.filter(
            case__in=ctx.visible(Case), party_id__in=ids
        ).order_by("case__short_title", "order", "role"),
        owner="party_id",
        help_text="The published cases this party has a role in.",
    ),
}
PartySerializer = read_serializer(Party, PARTY_FIELDS)


class PartyWriteSerializer(ModelValidatedSerializer):
    aliases = LinesField(required=False, help_text=help_of(Party, "aliases"))

    class Meta:
        model = Party
        fields = ["kind", "name", "slug", "aliases", "description"]


# --- Cases ---------------------------------------------------------------------------------


CASE_FIELDS: dict[str, RowField] = {
    "id": Col("id"),
    "slug": Col("slug"),
    "api_url": api_url("case", "api:case-detail"),
    "web_url": web_url("case", "cases:case-detail"),
    "timeline_url": Link(
        "api:case-timeline",
        "slug",
        "slug",
        help_text="The case's timeline in the API (also as TimelineJS).",
    ),
    "short_title": Col("short_title"),
    "caption": Col("caption"),
    "court": Col("court__slug", doc=slug_doc("The court (slug).")),
    "court_name": Col("court__short_name", doc=text_doc("The court's short name.")),
    "docket_number": Col("docket_number"),
    "status": Col("status"),
    "filed_on": PartialDate(
        "filed_on", "filed_on_precision", null=True, help_text=help_of(Case, "filed_on")
    ),
    "filed_on_precision": Col("filed_on_precision"),
    "filed_on_display": PartialDate("filed_on", "filed_on_precision", display=True, null=True),
    "closed_on": PartialDate(
        "closed_on", "closed_on_precision", null=True, help_text=help_of(Case, "closed_on")
    ),
    "closed_on_precision": Col("closed_on_precision"),
    "closed_on_display": PartialDate("closed_on", "closed_on_precision", display=True, null=True),
    "summary": Col("summary"),
    "topics": topic_slugs(Case, "case", "Topics of the case (slugs)."),
    "roles": Related(
        "CaseRole",
        {
            "party": Col("party__slug", doc=serializers.SlugField(help_text="The party (slug).")),
            "name": Col("party__name", doc=serializers.CharField(help_text="The party's name.")),
            "role": Col("role", doc=role_doc()),
            "represents": Col(
                "represents__slug",
                doc=serializers.SlugField(
                    allow_null=True, help_text=help_of(CaseRole, "represents") + " (slug)"
                ),
            ),
            "note": Col(
                "note",
                doc=serializers.CharField(allow_blank=True, help_text=help_of(CaseRole, "note")),
            ),
        },
        lambda ids, ctx: CaseRole.objects.filter(case_id__in=ids).order_by(
            "order", "role", "party__name"
        ),
        owner="case_id",
        help_text="Parties and their roles.",
    ),
    # Related cases are links: hide drafts from those who may not see them.
    "appeal_of": related_case("appeal_of"),
    "consolidated_into": related_case("consolidated_into"),
    "courtlistener_docket_id": Col("courtlistener_docket_id"),
    # The facets, as in the Database of AI Litigation.
    "causes_of_action": related_slugs(
        Case, "case", help_of(Case, "causes_of_action") + " (slugs)", "causes_of_action"
    ),
    "application_areas": related_slugs(
        Case, "case", help_of(Case, "application_areas") + " (slugs)", "application_areas"
    ),
    "ai_systems": Col("ai_systems"),
    "jurisdiction_type": Col(
        "jurisdiction_type",
        doc=serializers.ChoiceField(
            choices=[("", "Unknown"), *Case.JurisdictionType.choices],
            read_only=True,
            help_text=help_of(Case, "jurisdiction_type"),
        ),
    ),
    "is_class_action": Col("is_class_action"),
    "has_published_opinion": Col("has_published_opinion"),
    # The tracker table's row (cases.tracker.row_annotations, annotated by the view).
    "judge": Col("judge", doc=text_doc("The judge assigned to the case, if known.", null=True)),
    "latest_development_date": PartialDate(
        "latest_date",
        "latest_precision",
        null=True,
        help_text="The date of the case's newest published event up to today.",
    ),
    "latest_development": Col(
        "latest_title", doc=text_doc("The title of that newest published event.", null=True)
    ),
    "next_date": PartialDate(
        "next_date",
        "next_precision",
        null=True,
        help_text="The date of the case's next published event after today.",
    ),
    "next_event": Col("next_title", doc=text_doc("The title of that next event.", null=True)),
    "state": Col("state"),
    "made_public_at": DateTimeCol("made_public_at"),
    "updated_at": DateTimeCol("updated_at"),
}
CaseSerializer = read_serializer(Case, CASE_FIELDS)


class CaseRoleWriteSerializer(serializers.Serializer):
    # Slugs, resolved for the whole list in one query by CaseWriteSerializer.validate_roles.
    party = serializers.SlugField(max_length=200, help_text="The party (slug).")
    role = serializers.ChoiceField(choices=CaseRole.Role.choices, help_text=ROLE_HELP)
    represents = serializers.SlugField(
        max_length=200,
        allow_null=True,
        required=False,
        help_text=help_of(CaseRole, "represents") + " (slug)",
    )
    note = serializers.CharField(
        max_length=200, allow_blank=True, required=False, help_text=help_of(CaseRole, "note")
    )
    order = serializers.IntegerField(
        min_value=0, max_value=32767, required=False, help_text=help_of(CaseRole, "order")
    )

    def validate(self, attrs):
        if attrs.get("represents") and attrs["role"] != CaseRole.Role.COUNSEL:
            raise serializers.ValidationError({"represents": "Only counsel can represent a party."})
        return attrs


class CaseWriteSerializer(ModelValidatedSerializer):
    court = serializers.SlugRelatedField(slug_field="slug", queryset=Court.objects.all())
    filed_on = PartialDateField(
        "filed_on",
        "filed_on_precision",
        required=False,
        allow_null=True,
        help_text=help_of(Case, "filed_on"),
    )
    closed_on = PartialDateField(
        "closed_on",
        "closed_on_precision",
        required=False,
        allow_null=True,
        help_text=help_of(Case, "closed_on"),
    )
    topics = SlugListField(
        Topic, cap=MAX_TOPICS, noun="topics", required=False, help_text="Topics (slugs)."
    )
    appeal_of = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Case.objects.all(),
        allow_null=True,
        required=False,
        help_text=help_of(Case, "appeal_of"),
    )
    consolidated_into = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Case.objects.all(),
        allow_null=True,
        required=False,
        help_text=help_of(Case, "consolidated_into"),
    )
    causes_of_action = SlugListField(
        CauseOfAction,
        cap=MAX_FACETS,
        noun="causes of action",
        required=False,
        help_text=help_of(Case, "causes_of_action") + " (slugs).",
    )
    application_areas = SlugListField(
        ApplicationArea,
        cap=MAX_FACETS,
        noun="areas of application",
        required=False,
        help_text=help_of(Case, "application_areas") + " (slugs).",
    )
    roles = CaseRoleWriteSerializer(
        many=True,
        required=False,
        help_text=f"Parties and their roles (at most {MAX_ROLES}); when sent, replaces the "
        "case's roles.",
        **capped(MAX_ROLES, "roles"),
    )
    courtlistener_docket_id = DocketReferenceSerializerField(required=False, allow_null=True)
    state = serializers.ChoiceField(
        choices=PublicationState.choices, required=False, help_text=STATE_HELP
    )

    non_model_keys = ("state", "roles")
    nested_list = "roles"

    class Meta:
        model = Case
        fields = [
            "short_title",
            "caption",
            "slug",
            "court",
            "docket_number",
            "status",
            "filed_on",
            "closed_on",
            "summary",
            "topics",
            "roles",
            "appeal_of",
            "consolidated_into",
            "courtlistener_docket_id",
            "causes_of_action",
            "application_areas",
            "ai_systems",
            "jurisdiction_type",
            "is_class_action",
            "has_published_opinion",
            "state",
        ]

    def validate_roles(self, roles):
        """Every party named, looked up in one query."""
        slugs = [role["party"] for role in roles] + [
            role["represents"] for role in roles if role.get("represents")
        ]
        parties = {party.slug: party for party in resolve(Party, "slug", slugs, "party")}
        for role in roles:
            role["party"] = parties[role["party"]]
            if role.get("represents"):
                role["represents"] = parties[role["represents"]]
        unique_in_list(roles, ("party", "role"), "The same party is listed twice in one role.")
        return roles

    def replace_nested(self, obj: Case, items: list[dict]) -> None:
        services.replace_roles(user=request_user(self), case=obj, roles=items)
