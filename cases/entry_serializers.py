"""API serializers for the entries of case timelines: events and testimony, with their citations.

Split from cases/serializers.py (cases, parties, courts, topics); the same read/write pattern.
"""

from __future__ import annotations

from django.db import models
from rest_framework import serializers

from articles.models import Source
from articles.urlnorm import url_host

from . import services
from .api_rows import Batch, Col, DateTimeCol, Link, PartialDate, ReadContext, group_rows
from .models import (
    Case,
    Event,
    EventCitation,
    Party,
    PublicationState,
    Testimony,
    TestimonyCitation,
    Topic,
)
from .serializer_fields import (
    DocumentedModelSerializer,
    ModelValidatedSerializer,
    PartialDateField,
    SlugListField,
    capped,
    help_of,
    request_user,
    resolve,
    unique_in_list,
)
from .serializers import (
    DISPLAY_HELP,
    PRECISION_HELP,
    STATE_HELP,
    _topic_slugs,
    api_url_field,
    slug_list_field,
    web_url_field,
)
from .services import MAX_CITATIONS, MAX_TOPICS

# --- Batch loaders ---------------------------------------------------------------------------


def _visible_sources_q(ctx: ReadContext, prefix: str) -> models.Q:
    if ctx.see_drafts(Source):
        return models.Q()
    return models.Q(**{f"{prefix}state": PublicationState.PUBLISHED})


def _citations(model: type[models.Model], owner: str, extra: str, *, hosts: bool = False):
    """Citations of published sources (all sources for curators), in entry order; with each
    source's outlet domain and URL when `hosts` (testimony counts corroborating outlets)."""
    columns = [f"{owner}_id", "source_id", extra]
    if hosts:
        columns += ["source__outlet__domain", "source__url"]

    def load(ids, ctx):
        key = f"citations:{owner}"
        if key not in ctx.cache:
            ctx.cache[key] = list(
                model.objects.filter(
                    _visible_sources_q(ctx, "source__"), **{f"{owner}_id__in": ids}
                )
                .order_by("id")
                .values(*columns)
            )
        return group_rows(
            ctx.cache[key],
            f"{owner}_id",
            lambda row: {"source": row["source_id"], extra: row[extra]},
        )

    return load


load_event_citations = _citations(EventCitation, "event", "pinpoint")
load_testimony_citations = _citations(TestimonyCitation, "testimony", "wording", hosts=True)


def load_corroboration(ids, ctx):
    """How many independent outlets report the statement: distinct outlets, a source without
    an outlet counted by its URL's host (as the public pages count them)."""
    _ = load_testimony_citations(ids, ctx)  # fills the shared cache: no second query
    outlets: dict[int, set] = {}
    for row in ctx.cache["citations:testimony"]:
        marker = row["source__outlet__domain"] or url_host(row["source__url"])
        outlets.setdefault(row["testimony_id"], set()).add(marker)
    return {key: len(value) for key, value in outlets.items()}


# --- Events --------------------------------------------------------------------------------


class EventCitationSerializer(serializers.Serializer):
    source = serializers.IntegerField(help_text="The cited source (id).")
    pinpoint = serializers.CharField(allow_blank=True, help_text=help_of(EventCitation, "pinpoint"))


class EventSerializer(DocumentedModelSerializer):
    api_url = api_url_field("event")
    web_url = web_url_field("event")
    case = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="The case (slug)."
    )
    date = PartialDateField(
        "date", "date_precision", read_only=True, help_text=help_of(Event, "date")
    )
    date_display = serializers.CharField(read_only=True, help_text=DISPLAY_HELP)
    topics = slug_list_field(Topic, "Topics of the event (slugs).")
    citations = EventCitationSerializer(
        many=True, read_only=True, help_text="The sources this event cites."
    )

    row_spec = {
        "id": Col("id"),
        "api_url": Link("api:event-detail", "id", "pk"),
        "web_url": Link("cases:event-detail", "id", "pk"),
        "case": Col("case__slug"),
        "date": PartialDate("date", "date_precision"),
        "date_precision": Col("date_precision"),
        "date_display": PartialDate("date", "date_precision", display=True),
        "end_date": Col("end_date", lambda value: value.isoformat()),
        "kind": Col("kind"),
        "title": Col("title"),
        "description": Col("description"),
        "importance": Col("importance"),
        "docket_entry_number": Col("docket_entry_number"),
        "topics": Batch(_topic_slugs(Event.topics.through, "event")),
        "citations": Batch(load_event_citations),
        "state": Col("state"),
        "made_public_at": DateTimeCol("made_public_at"),
        "updated_at": DateTimeCol("updated_at"),
    }

    class Meta:
        model = Event
        fields = [
            "id",
            "api_url",
            "web_url",
            "case",
            "date",
            "date_precision",
            "date_display",
            "end_date",
            "kind",
            "title",
            "description",
            "importance",
            "docket_entry_number",
            "topics",
            "citations",
            "state",
            "made_public_at",
            "updated_at",
        ]
        read_only_fields = fields


class EventCitationWriteSerializer(serializers.Serializer):
    # An id, resolved for the whole list in one query by CitingWriteSerializer.
    source = serializers.IntegerField(min_value=1, help_text="The cited source (id).")
    pinpoint = serializers.CharField(
        max_length=200,
        allow_blank=True,
        required=False,
        help_text=help_of(EventCitation, "pinpoint"),
    )


class CitingWriteSerializer(ModelValidatedSerializer):
    """Events and testimony: topics and citations are written with the entry, replacing the
    previous ones when sent."""

    citation_model: type[models.Model]
    owner: str
    non_model_keys = ("state", "citations")

    def validate_citations(self, citations):
        """Every source cited, looked up in one query; a published entry must keep citing a
        published source."""
        sources = resolve(Source, "pk", [c["source"] for c in citations], "source")
        for citation, source in zip(citations, sources, strict=True):
            citation["source"] = source
        unique_in_list(citations, ("source",), "The same source is cited twice.")
        if self.instance is not None and self.instance.is_published:
            problem = services.source_problem(self.instance, sources)
            if problem:
                raise serializers.ValidationError(problem)
        return citations

    # The entry is saved through the services (ModelValidatedSerializer), then its citations.
    def create(self, validated_data):
        citations = validated_data.pop("citations", None)
        obj = super().create(validated_data)
        self._replace_citations(obj, citations)
        return obj

    def update(self, instance, validated_data):
        citations = validated_data.pop("citations", None)
        obj = super().update(instance, validated_data)
        self._replace_citations(obj, citations)
        return obj

    def _replace_citations(self, obj, citations) -> None:
        if citations is not None:
            services.replace_citations(user=request_user(self), entry=obj, citations=citations)


class EventWriteSerializer(CitingWriteSerializer):
    citation_model = EventCitation
    owner = "event"

    case = serializers.SlugRelatedField(slug_field="slug", queryset=Case.objects.all())
    date = PartialDateField("date", "date_precision", help_text=help_of(Event, "date"))
    topics = SlugListField(
        Topic, cap=MAX_TOPICS, noun="topics", required=False, help_text="Topics (slugs)."
    )
    citations = EventCitationWriteSerializer(
        many=True,
        required=False,
        **capped(MAX_CITATIONS, "citations"),
        help_text="The sources this event cites; when sent, replaces the previous citations. "
        "A published event must keep at least one.",
    )
    state = serializers.ChoiceField(
        choices=PublicationState.choices, required=False, help_text=STATE_HELP
    )

    class Meta:
        model = Event
        fields = [
            "case",
            "date",
            "end_date",
            "kind",
            "title",
            "description",
            "importance",
            "docket_entry_number",
            "topics",
            "citations",
            "state",
        ]


# --- Testimony -----------------------------------------------------------------------------


class TestimonyCitationSerializer(serializers.Serializer):
    source = serializers.IntegerField(help_text="The cited source (id).")
    wording = serializers.CharField(
        allow_blank=True, help_text=help_of(TestimonyCitation, "wording")
    )


class TestimonySerializer(DocumentedModelSerializer):
    api_url = api_url_field("testimony")
    web_url = web_url_field("testimony")
    case = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="The case (slug)."
    )
    witness = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text=help_of(Testimony, "witness") + " (slug)"
    )
    witness_name = serializers.CharField(read_only=True, help_text="The witness's name.")
    examining_counsel = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text=help_of(Testimony, "examining_counsel") + " (slug)",
    )
    phase = serializers.ChoiceField(
        choices=Testimony.Phase.choices,
        allow_blank=True,
        read_only=True,
        help_text=help_of(Testimony, "phase"),
    )
    date = PartialDateField("date", "date_precision", read_only=True)
    date_precision = serializers.ChoiceField(
        choices=Testimony._meta.get_field("date_precision").choices,
        read_only=True,
        help_text=PRECISION_HELP,
    )
    date_display = serializers.CharField(read_only=True, help_text=DISPLAY_HELP)
    topics = slug_list_field(Topic, "Topics of the statement (slugs).")
    citations = TestimonyCitationSerializer(
        many=True, read_only=True, help_text="The sources reporting this statement."
    )
    corroboration = serializers.IntegerField(
        read_only=True, help_text="How many independent outlets report this statement."
    )

    row_spec = {
        "id": Col("id"),
        "api_url": Link("api:testimony-detail", "id", "pk"),
        "web_url": Link("cases:testimony-detail", "id", "pk"),
        "case": Col("case__slug"),
        "witness": Col("witness__slug"),
        "witness_name": Col("witness__name"),
        "examining_counsel": Col("examining_counsel__slug"),
        "date": PartialDate("date", "date_precision"),
        "date_precision": Col("date_precision"),
        "date_display": PartialDate("date", "date_precision", display=True),
        "setting": Col("setting"),
        "phase": Col("phase"),
        "excerpt": Col("excerpt"),
        "is_verbatim": Col("is_verbatim"),
        "context": Col("context"),
        "transcript_citation": Col("transcript_citation"),
        "topics": Batch(_topic_slugs(Testimony.topics.through, "testimony")),
        "citations": Batch(load_testimony_citations),
        "corroboration": Batch(load_corroboration, default=int),
        "state": Col("state"),
        "made_public_at": DateTimeCol("made_public_at"),
        "updated_at": DateTimeCol("updated_at"),
    }

    class Meta:
        model = Testimony
        fields = [
            "id",
            "api_url",
            "web_url",
            "case",
            "witness",
            "witness_name",
            "examining_counsel",
            "date",
            "date_precision",
            "date_display",
            "setting",
            "phase",
            "excerpt",
            "is_verbatim",
            "context",
            "transcript_citation",
            "topics",
            "citations",
            "corroboration",
            "state",
            "made_public_at",
            "updated_at",
        ]
        read_only_fields = fields


class TestimonyCitationWriteSerializer(serializers.Serializer):
    # An id, resolved for the whole list in one query by CitingWriteSerializer.
    source = serializers.IntegerField(min_value=1, help_text="The cited source (id).")
    wording = serializers.CharField(
        allow_blank=True, required=False, help_text=help_of(TestimonyCitation, "wording")
    )


class TestimonyWriteSerializer(CitingWriteSerializer):
    citation_model = TestimonyCitation
    owner = "testimony"

    case = serializers.SlugRelatedField(slug_field="slug", queryset=Case.objects.all())
    witness = serializers.SlugRelatedField(
        slug_field="slug", queryset=Party.objects.all(), help_text=help_of(Testimony, "witness")
    )
    examining_counsel = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Party.objects.all(),
        allow_null=True,
        required=False,
        help_text=help_of(Testimony, "examining_counsel"),
    )
    date = PartialDateField("date", "date_precision")
    topics = SlugListField(
        Topic, cap=MAX_TOPICS, noun="topics", required=False, help_text="Topics (slugs)."
    )
    citations = TestimonyCitationWriteSerializer(
        many=True,
        required=False,
        **capped(MAX_CITATIONS, "citations"),
        help_text="The sources reporting the statement, each with its own wording when it "
        "differs; when sent, replaces the previous citations. Published testimony must keep "
        "at least one.",
    )
    state = serializers.ChoiceField(
        choices=PublicationState.choices, required=False, help_text=STATE_HELP
    )

    class Meta:
        model = Testimony
        fields = [
            "case",
            "witness",
            "examining_counsel",
            "date",
            "setting",
            "phase",
            "excerpt",
            "is_verbatim",
            "context",
            "transcript_citation",
            "topics",
            "citations",
            "state",
        ]
