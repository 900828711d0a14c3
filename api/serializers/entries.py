"""API serializers for the entries of case timelines: events and testimony, with their citations.

Split from cases/serializers.py (cases, parties, courts, topics); the same read/write pattern.
"""

from __future__ import annotations

from django.db import models
from rest_framework import serializers

from api.serializers.cases import PRECISION_HELP, STATE_HELP, topic_slugs
from api.serializers.fields import (
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
    PartialDate,
    ReadContext,
    Related,
    RowField,
    api_url,
    read_serializer,
    slug_doc,
    text_doc,
    web_url,
)
from articles.models import Source
from articles.urlnorm import url_host
from cases import services
from cases.models import Case, Event, EventCitation, Party, Testimony, TestimonyCitation, Topic
from cases.services import MAX_CITATIONS, MAX_TOPICS
from core.publishing import PublicationState

# --- Citations -------------------------------------------------------------------------------

SOURCE_HELP = "The cited source (id)."


def citations(
    model: type[models.Model], owner: str, text: str, *, help_text: str, also: tuple[str, ...] = ()
) -> Related:
    """An entry's citations of the sources the reader may see, in entry order: each the
    source's id and the citation's `text` column (a pinpoint or a wording)."""

    def queryset(ids, ctx: ReadContext):
        visible = {"source__in": ctx.visible(Source), f"{owner}_id__in": ids}
        return model.objects.filter(**visible).order_by("id")

    fields = {
        "source": Col("source_id", doc=serializers.IntegerField(help_text=SOURCE_HELP)),
        text: Col(
            text, doc=serializers.CharField(allow_blank=True, help_text=help_of(model, text))
        ),
    }
    name = model.__name__
    return Related(name, fields, queryset, owner=f"{owner}_id", help_text=help_text, also=also)


EVENT_CITATIONS = citations(
    EventCitation, "event", "pinpoint", help_text="The sources this event cites."
)
# Testimony counts corroborating outlets from the same rows: with each source's outlet and URL.
TESTIMONY_CITATIONS = citations(
    TestimonyCitation,
    "testimony",
    "wording",
    help_text="The sources reporting this statement.",
    also=("source__outlet__domain", "source__url"),
)


def load_corroboration(ids, ctx: ReadContext) -> dict[int, int]:
    """How many independent outlets report the statement: distinct outlets, a source without
    an outlet counted by its URL's host (as the public pages count them)."""
    outlets: dict[int, set] = {}
    for row in TESTIMONY_CITATIONS.rows(ids, ctx):  # the citations' rows: no second query
        marker = row["source__outlet__domain"] or url_host(row["source__url"])
        outlets.setdefault(row["testimony_id"], set()).add(marker)
    return {key: len(value) for key, value in outlets.items()}


# --- Events --------------------------------------------------------------------------------

EVENT_FIELDS: dict[str, RowField] = {
    "id": Col("id"),
    "api_url": api_url("event", "api:event-detail", "id", "pk"),
    "web_url": web_url("event", "cases:event-detail", "id", "pk"),
    "case": Col("case__slug", doc=slug_doc("The case (slug).")),
    "date": PartialDate("date", "date_precision", help_text=help_of(Event, "date")),
    "date_precision": Col("date_precision"),
    "date_display": PartialDate("date", "date_precision", display=True),
    "end_date": Col("end_date", lambda value: value.isoformat()),
    "kind": Col("kind"),
    "title": Col("title"),
    "description": Col("description"),
    "importance": Col("importance"),
    "docket_entry_number": Col("docket_entry_number"),
    "topics": topic_slugs(Event, "event", "Topics of the event (slugs)."),
    "citations": EVENT_CITATIONS,
    "state": Col("state"),
    "made_public_at": DateTimeCol("made_public_at"),
    "updated_at": DateTimeCol("updated_at"),
}
EventSerializer = read_serializer(Event, EVENT_FIELDS)


class EventCitationWriteSerializer(serializers.Serializer):
    # An id, resolved for the whole list in one query by CitingWriteSerializer.
    source = serializers.IntegerField(min_value=1, help_text=SOURCE_HELP)
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
    nested_list = "citations"

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

    def replace_nested(self, obj: models.Model, items: list[dict]) -> None:
        services.replace_citations(user=request_user(self), entry=obj, citations=items)


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

WITNESS = Testimony.Speaker.WITNESS
WITNESS_HELP = (
    "The witness who testified; null for a statement from the bench (see `speaker`; "
    "`said_by` names who said it either way)"
)


TESTIMONY_FIELDS: dict[str, RowField] = {
    "id": Col("id"),
    "api_url": api_url("testimony", "api:testimony-detail", "id", "pk"),
    "web_url": web_url("testimony", "cases:testimony-detail", "id", "pk"),
    "case": Col("case__slug", doc=slug_doc("The case (slug).")),
    "speaker": Col("speaker"),
    # Not a model field, so its schema is a plain string (a SlugRelatedField would make the
    # schema generator look for a `said_by` relation on Testimony).
    "said_by": Col("witness__slug", doc=text_doc(help_of(Testimony, "witness") + " (slug)")),
    "said_by_name": Col("witness__name", doc=text_doc("The name of who said it.")),
    # Only witnesses are witnesses: a statement from the bench has none.
    "witness": Computed(
        ("speaker", "witness__slug"),
        lambda row, ctx: row["witness__slug"] if row["speaker"] == WITNESS else None,
        doc=slug_doc(WITNESS_HELP + " (slug)", null=True),
    ),
    "witness_name": Computed(
        ("speaker", "witness__name"),
        lambda row, ctx: row["witness__name"] if row["speaker"] == WITNESS else None,
        doc=serializers.CharField(
            read_only=True, allow_null=True, help_text=WITNESS_HELP + " (name)"
        ),
    ),
    "examining_counsel": Col(
        "examining_counsel__slug",
        doc=slug_doc(help_of(Testimony, "examining_counsel") + " (slug)", null=True),
    ),
    "date": PartialDate("date", "date_precision"),
    "date_precision": Col(
        "date_precision",
        doc=serializers.ChoiceField(
            choices=Testimony._meta.get_field("date_precision").choices,
            read_only=True,
            help_text=PRECISION_HELP,
        ),
    ),
    "date_display": PartialDate("date", "date_precision", display=True),
    "setting": Col("setting"),
    "phase": Col(
        "phase",
        doc=serializers.ChoiceField(
            choices=Testimony.Phase.choices,
            allow_blank=True,
            read_only=True,
            help_text=help_of(Testimony, "phase"),
        ),
    ),
    "excerpt": Col("excerpt"),
    "is_verbatim": Col("is_verbatim"),
    "context": Col("context"),
    "transcript_citation": Col("transcript_citation"),
    "topics": topic_slugs(Testimony, "testimony", "Topics of the statement (slugs)."),
    "citations": TESTIMONY_CITATIONS,
    "corroboration": Batch(
        load_corroboration,
        default=int,
        doc=serializers.IntegerField(
            read_only=True, help_text="How many independent outlets report this statement."
        ),
    ),
    "state": Col("state"),
    "made_public_at": DateTimeCol("made_public_at"),
    "updated_at": DateTimeCol("updated_at"),
}
TestimonySerializer = read_serializer(Testimony, TESTIMONY_FIELDS)


class TestimonyCitationWriteSerializer(serializers.Serializer):
    # An id, resolved for the whole list in one query by CitingWriteSerializer.
    source = serializers.IntegerField(min_value=1, help_text=SOURCE_HELP)
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
            "speaker",
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

    def validate(self, attrs):
        """A new statement without a speaker is from the bench when its party holds a judge's
        role in the case (or it is a ruling), else a witness's testimony."""
        if self.instance is None and "speaker" not in attrs and "case" in attrs:
            attrs["speaker"] = Testimony.speaker_for(
                case=attrs["case"], party=attrs["witness"], setting=attrs.get("setting", "")
            )
        return super().validate(attrs)
