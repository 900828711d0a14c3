"""API serializers for courts, topics, parties and cases (events and testimony: entry_serializers).

Each collection has a read serializer (declares the output fields, documented from the models'
help_text, and the `row_spec` the fast read path renders from `.values()` rows) and a write
serializer (what curators may send; validated with the model's own rules).
"""

from __future__ import annotations

from django.db import models
from rest_framework import serializers

from . import services
from .api_rows import (
    Batch,
    Col,
    Computed,
    DateTimeCol,
    Lines,
    Link,
    PartialDate,
    ReadContext,
    group_rows,
)
from .models import (
    Case,
    CaseRole,
    Court,
    Party,
    PublicationState,
    Topic,
)
from .serializer_fields import (
    DocumentedModelSerializer,
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
from .services import MAX_ROLES, MAX_TOPICS

STATE_HELP = help_of(Case, "state")
DISPLAY_HELP = "The date as readers see it, at its precision (e.g. 'November 2024')."
PRECISION_HELP = "How much of the date is known: day, month or year."


def api_url_field(name: str) -> serializers.URLField:
    return serializers.URLField(read_only=True, help_text=f"This {name} in the API.")


def web_url_field(name: str) -> serializers.URLField:
    return serializers.URLField(read_only=True, help_text=f"This {name} on the public site.")


def slug_list_field(model: type[models.Model], help_text: str, **kwargs):
    return serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True, help_text=help_text, **kwargs
    )


# --- Batch loaders: one query per relation for a whole page ----------------------------------


def _visible_cases_q(ctx: ReadContext, prefix: str) -> models.Q:
    if ctx.see_drafts(Case):
        return models.Q()
    return models.Q(**{f"{prefix}state": PublicationState.PUBLISHED})


def _topic_slugs(through: type[models.Model], owner: str):
    def load(ids, ctx):
        rows = (
            through.objects.filter(**{f"{owner}_id__in": ids})
            .order_by("topic__name")
            .values(f"{owner}_id", "topic__slug")
        )
        return group_rows(rows, f"{owner}_id", lambda row: row["topic__slug"])

    return load


def load_case_roles(ids, ctx):
    rows = (
        CaseRole.objects.filter(case_id__in=ids)
        .order_by("order", "role", "party__name")
        .values("case_id", "party__slug", "party__name", "role", "represents__slug", "note")
    )
    return group_rows(
        rows,
        "case_id",
        lambda row: {
            "party": row["party__slug"],
            "name": row["party__name"],
            "role": row["role"],
            "represents": row["represents__slug"],
            "note": row["note"],
        },
    )


def load_party_roles(ids, ctx):
    rows = (
        CaseRole.objects.filter(_visible_cases_q(ctx, "case__"), party_id__in=ids)
        .order_by("case__short_title", "order", "role")
        .values("party_id", "case__slug", "role")
    )
    return group_rows(
        rows, "party_id", lambda row: {"case": row["case__slug"], "role": row["role"]}
    )


# --- Courts and topics ---------------------------------------------------------------------


class CourtSerializer(DocumentedModelSerializer):
    api_url = api_url_field("court")

    row_spec = {
        "id": Col("id"),
        "slug": Col("slug"),
        "api_url": Link("api:court-detail", "slug", "slug"),
        "name": Col("name"),
        "short_name": Col("short_name"),
        "jurisdiction": Col("jurisdiction"),
        "courtlistener_id": Col("courtlistener_id"),
    }

    class Meta:
        model = Court
        fields = ["id", "slug", "api_url", "name", "short_name", "jurisdiction", "courtlistener_id"]
        read_only_fields = fields


class CourtWriteSerializer(ModelValidatedSerializer):
    class Meta:
        model = Court
        fields = ["name", "short_name", "jurisdiction", "slug", "courtlistener_id"]


class TopicSerializer(DocumentedModelSerializer):
    api_url = api_url_field("topic")
    web_url = web_url_field("topic")

    row_spec = {
        "id": Col("id"),
        "slug": Col("slug"),
        "api_url": Link("api:topic-detail", "slug", "slug"),
        "web_url": Link("cases:topic-detail", "slug", "slug"),
        "name": Col("name"),
        "description": Col("description"),
    }

    class Meta:
        model = Topic
        fields = ["id", "slug", "api_url", "web_url", "name", "description"]
        read_only_fields = fields


class TopicWriteSerializer(ModelValidatedSerializer):
    class Meta:
        model = Topic
        fields = ["name", "slug", "description"]


# --- Parties -------------------------------------------------------------------------------


class PartyRoleSerializer(serializers.Serializer):
    case = serializers.SlugField(help_text="The case (slug).")
    role = serializers.ChoiceField(choices=CaseRole.Role.choices, help_text="The party's role.")


class PartySerializer(DocumentedModelSerializer):
    api_url = api_url_field("party")
    web_url = web_url_field("party")
    aliases = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text=help_of(Party, "aliases")
    )
    roles = PartyRoleSerializer(
        many=True, read_only=True, help_text="The published cases this party has a role in."
    )

    row_spec = {
        "id": Col("id"),
        "slug": Col("slug"),
        "api_url": Link("api:party-detail", "slug", "slug"),
        "web_url": Link("cases:party-detail", "slug", "slug"),
        "kind": Col("kind"),
        "name": Col("name"),
        "aliases": Lines("aliases"),
        "description": Col("description"),
        "roles": Batch(load_party_roles),
    }

    class Meta:
        model = Party
        fields = [
            "id",
            "slug",
            "api_url",
            "web_url",
            "kind",
            "name",
            "aliases",
            "description",
            "roles",
        ]
        read_only_fields = fields


class PartyWriteSerializer(ModelValidatedSerializer):
    aliases = LinesField(required=False, help_text=help_of(Party, "aliases"))

    class Meta:
        model = Party
        fields = ["kind", "name", "slug", "aliases", "description"]


# --- Cases ---------------------------------------------------------------------------------


class CaseRoleSerializer(serializers.Serializer):
    party = serializers.SlugField(help_text="The party (slug).")
    name = serializers.CharField(help_text="The party's name.")
    role = serializers.ChoiceField(choices=CaseRole.Role.choices)
    represents = serializers.SlugField(
        allow_null=True, help_text=help_of(CaseRole, "represents") + " (slug)"
    )
    note = serializers.CharField(allow_blank=True, help_text=help_of(CaseRole, "note"))


class CaseSerializer(DocumentedModelSerializer):
    api_url = api_url_field("case")
    web_url = web_url_field("case")
    timeline_url = serializers.URLField(
        read_only=True, help_text="The case's timeline in the API (also as TimelineJS)."
    )
    court = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="The court (slug)."
    )
    court_name = serializers.CharField(read_only=True, help_text="The court's short name.")
    filed_on = PartialDateField(
        "filed_on",
        "filed_on_precision",
        read_only=True,
        allow_null=True,
        help_text=help_of(Case, "filed_on"),
    )
    filed_on_display = serializers.CharField(
        read_only=True, allow_null=True, help_text=DISPLAY_HELP
    )
    closed_on = PartialDateField(
        "closed_on",
        "closed_on_precision",
        read_only=True,
        allow_null=True,
        help_text=help_of(Case, "closed_on"),
    )
    closed_on_display = serializers.CharField(
        read_only=True, allow_null=True, help_text=DISPLAY_HELP
    )
    topics = slug_list_field(Topic, "Topics of the case (slugs).")
    appeal_of = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text=help_of(Case, "appeal_of") + " (slug)",
    )
    consolidated_into = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text=help_of(Case, "consolidated_into") + " (slug)",
    )
    roles = CaseRoleSerializer(many=True, read_only=True, help_text="Parties and their roles.")

    row_spec = {
        "id": Col("id"),
        "slug": Col("slug"),
        "api_url": Link("api:case-detail", "slug", "slug"),
        "web_url": Link("cases:case-detail", "slug", "slug"),
        "timeline_url": Link("api:case-timeline", "slug", "slug"),
        "short_title": Col("short_title"),
        "caption": Col("caption"),
        "court": Col("court__slug"),
        "court_name": Col("court__short_name"),
        "docket_number": Col("docket_number"),
        "status": Col("status"),
        "filed_on": PartialDate("filed_on", "filed_on_precision"),
        "filed_on_precision": Col("filed_on_precision"),
        "filed_on_display": PartialDate("filed_on", "filed_on_precision", display=True),
        "closed_on": PartialDate("closed_on", "closed_on_precision"),
        "closed_on_precision": Col("closed_on_precision"),
        "closed_on_display": PartialDate("closed_on", "closed_on_precision", display=True),
        "summary": Col("summary"),
        "topics": Batch(_topic_slugs(Case.topics.through, "case")),
        "roles": Batch(load_case_roles),
        # Related cases are links: hide drafts from those who may not see them.
        "appeal_of": Computed(
            ["appeal_of__slug", "appeal_of__state"], lambda r, c: _case_link(r, c, "appeal_of")
        ),
        "consolidated_into": Computed(
            ["consolidated_into__slug", "consolidated_into__state"],
            lambda r, c: _case_link(r, c, "consolidated_into"),
        ),
        "courtlistener_docket_id": Col("courtlistener_docket_id"),
        "state": Col("state"),
        "made_public_at": DateTimeCol("made_public_at"),
        "updated_at": DateTimeCol("updated_at"),
    }

    class Meta:
        model = Case
        fields = [
            "id",
            "slug",
            "api_url",
            "web_url",
            "timeline_url",
            "short_title",
            "caption",
            "court",
            "court_name",
            "docket_number",
            "status",
            "filed_on",
            "filed_on_precision",
            "filed_on_display",
            "closed_on",
            "closed_on_precision",
            "closed_on_display",
            "summary",
            "topics",
            "roles",
            "appeal_of",
            "consolidated_into",
            "courtlistener_docket_id",
            "state",
            "made_public_at",
            "updated_at",
        ]
        read_only_fields = fields


def _case_link(row: dict, ctx: ReadContext, name: str) -> str | None:
    slug = row[f"{name}__slug"]
    if slug is None:
        return None
    if row[f"{name}__state"] != PublicationState.PUBLISHED and not ctx.see_drafts(Case):
        return None
    return slug


class CaseRoleWriteSerializer(serializers.Serializer):
    # Slugs, resolved for the whole list in one query by CaseWriteSerializer.validate_roles.
    party = serializers.SlugField(max_length=200, help_text="The party (slug).")
    role = serializers.ChoiceField(choices=CaseRole.Role.choices, help_text="The party's role.")
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
    roles = CaseRoleWriteSerializer(
        many=True,
        required=False,
        help_text=f"Parties and their roles (at most {MAX_ROLES}); when sent, replaces the "
        "case's roles.",
        **capped(MAX_ROLES, "roles"),
    )
    state = serializers.ChoiceField(
        choices=PublicationState.choices, required=False, help_text=STATE_HELP
    )

    non_model_keys = ("state", "roles")

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

    # The case is saved through the services (ModelValidatedSerializer), then its nested roles.
    def create(self, validated_data):
        roles = validated_data.pop("roles", None)
        case = super().create(validated_data)
        self._replace_roles(case, roles)
        return case

    def update(self, instance, validated_data):
        roles = validated_data.pop("roles", None)
        case = super().update(instance, validated_data)
        self._replace_roles(case, roles)
        return case

    def _replace_roles(self, case: Case, roles) -> None:
        if roles is not None:
            services.replace_roles(user=request_user(self), case=case, roles=roles)
