"""API serializers for sources: a read serializer rendered by the fast row path, and a write
serializer that normalizes the URL and refuses duplicates with a pointer to the existing source."""

from __future__ import annotations

from rest_framework import serializers

from api.serializers.fields import ModelValidatedSerializer, SlugListField, help_of
from api.serializers.rows import (
    Batch,
    Col,
    Computed,
    DateTimeCol,
    ReadContext,
    RowField,
    api_url,
    iso_datetime,
    read_serializer,
    slugs_doc,
    text_doc,
    web_url,
)
from articles.ingestion.services.submission import find_known, known_outlet
from articles.models import Outlet, Source
from articles.urlnorm import InvalidURL, normalize_url
from cases.models import Case
from cases.services import MAX_CASES
from core.publishing import PublicationState


def load_source_cases(ids, ctx: ReadContext):
    rows = (
        Source.cases.through.objects.filter(case__in=ctx.visible(Case), source_id__in=ids)
        .order_by("case__short_title")
        .values("source_id", "case__slug")
    )
    grouped: dict[int, list[str]] = {}
    for row in rows:
        grouped.setdefault(row["source_id"], []).append(row["case__slug"])
    return grouped


SOURCE_FIELDS: dict[str, RowField] = {
    "id": Col("id"),
    "api_url": api_url("source", "api:source-detail", "id", "pk"),
    "web_url": web_url("source", "cases:source-detail", "id", "pk"),
    "url": Col("url"),
    "canonical_url": Col(
        "canonical_url", doc=text_doc(help_of(Source, "canonical_url") + " Empty when none.")
    ),
    "title": Col("title"),
    "outlet": Col(
        "outlet__domain", doc=text_doc("The outlet's domain, e.g. 'nytimes.com'.", null=True)
    ),
    "outlet_name": Col("outlet__name", doc=text_doc("The outlet's name.", null=True)),
    "authors": Col("authors"),
    "published_at": DateTimeCol("published_at"),
    "publication_date_known": Computed(
        ("published_at",),
        lambda row, ctx: row["published_at"] is not None,
        doc=serializers.BooleanField(
            read_only=True,
            help_text="False when neither the page nor the research gives a publication date: "
            "published_at is then null, and timelines place the source at first_seen_at.",
        ),
    ),
    "first_seen_at": Col(
        "created_at",
        iso_datetime,
        doc=serializers.DateTimeField(
            read_only=True,
            help_text="When the source was first seen here (recorded in the tracker).",
        ),
    ),
    "kind": Col("kind"),
    "summary": Col("summary"),
    "language": Col("language"),
    "cases": Batch(
        load_source_cases,
        doc=slugs_doc(help_of(Source, "cases")),
    ),
    "link_dead_since": DateTimeCol("link_dead_since"),
    "state": Col("state"),
    "made_public_at": DateTimeCol("made_public_at"),
    "updated_at": DateTimeCol("updated_at"),
}
SourceSerializer = read_serializer(Source, SOURCE_FIELDS)


class SourceWriteSerializer(ModelValidatedSerializer):
    url = serializers.CharField(max_length=2000, help_text=help_of(Source, "url"))
    outlet = serializers.SlugRelatedField(
        slug_field="domain",
        queryset=Outlet.objects.all(),
        allow_null=True,
        required=False,
        help_text="The outlet's domain (an existing outlet). When left out on creation, the "
        "outlet whose domain matches the URL's host is used, if any.",
    )
    cases = SlugListField(
        Case,
        cap=MAX_CASES,
        noun="cases",
        required=False,
        help_text=help_of(Source, "cases"),
    )
    state = serializers.ChoiceField(
        choices=PublicationState.choices, required=False, help_text=help_of(Source, "state")
    )

    class Meta:
        model = Source
        fields = [
            "url",
            "canonical_url",
            "title",
            "outlet",
            "authors",
            "published_at",
            "kind",
            "summary",
            "language",
            "cases",
            "state",
        ]

    def validate_url(self, value: str) -> str:
        try:
            url = normalize_url(value)
        except InvalidURL as exc:
            raise serializers.ValidationError(str(exc)) from None
        # The same duplicate rule as submitting a URL (find_known).
        existing = find_known(url, excluding=self.instance)
        if existing is not None:
            how = "its address" if existing.url == url else "the canonical address it declares"
            raise serializers.ValidationError(
                f"This URL is already source #{existing.pk} ({how}, after normalizing it to "
                f"{url}): update that source instead."
            )
        return url

    def validate(self, attrs):
        if self.instance is None and "outlet" not in attrs and attrs.get("url"):
            attrs["outlet"] = known_outlet(attrs["url"])
        return super().validate(attrs)

    # create() and update() save the source through the services, then set `cases`.
