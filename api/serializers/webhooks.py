"""Serializers of the webhooks collection: endpoints (read, write, and the answer to a create,
which alone shows the secret) and their deliveries."""

from __future__ import annotations

from rest_framework import serializers

from cases.models import Case, Party, Topic
from webhooks.models import Delivery, Endpoint
from webhooks.services import MAX_FOLLOWED


class EndpointSerializer(serializers.ModelSerializer):
    events = serializers.ListField(
        child=serializers.ChoiceField(Endpoint.Event.choices), help_text="The events delivered."
    )
    cases = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True, help_text="Followed cases (slugs)."
    )
    parties = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True, help_text="Followed parties (slugs)."
    )
    topics = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        read_only=True,
        help_text="Followed topics (slugs). None followed at all: every public change.",
    )

    class Meta:
        model = Endpoint
        fields = [
            "id",
            "url",
            "description",
            "events",
            "cases",
            "parties",
            "topics",
            "is_active",
            "consecutive_failures",
            "disabled_reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class EndpointCreatedSerializer(EndpointSerializer):
    secret = serializers.CharField(
        read_only=True,
        help_text="Signs every delivery (HMAC-SHA256). Shown only in this answer: keep it.",
    )

    class Meta(EndpointSerializer.Meta):
        fields = [*EndpointSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class CappedListField(serializers.ListField):
    """A list refused on its length before any item is looked up in the database."""

    def to_internal_value(self, data):
        if isinstance(data, list) and self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)


def _followed(model, help_text: str):
    return CappedListField(
        child=serializers.SlugRelatedField(slug_field="slug", queryset=model.objects.public()),
        required=False,
        max_length=MAX_FOLLOWED,
        help_text=f"{help_text} (slugs, at most {MAX_FOLLOWED}).",
    )


class EndpointWriteSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=2000, help_text=Endpoint._meta.get_field("url").help_text)
    description = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text="A note for yourself."
    )
    events = serializers.ListField(
        child=serializers.ChoiceField(Endpoint.Event.choices),
        min_length=1,
        max_length=len(Endpoint.Event.choices),
        help_text="The events to deliver.",
    )
    cases = _followed(Case, "Follow these cases")
    parties = _followed(Party, "Follow the cases of these parties and their testimony")
    topics = _followed(Topic, "Follow entries and cases with these topics")
    is_active = serializers.BooleanField(
        required=False, help_text="Switch the endpoint off, or back on after it was disabled."
    )


class DeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = Delivery
        fields = [
            "id",
            "event",
            "status",
            "attempts",
            "response_code",
            "error",
            "duration_ms",
            "created_at",
            "last_attempt_at",
            "delivered_at",
            "payload",
        ]
        read_only_fields = fields
