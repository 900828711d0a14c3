"""Webhooks in the admin: endpoints (with their delivery log) and deliveries, with the actions
"send a test event" and "re-send"; writes go through webhooks.services."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from webhooks import services, tasks
from webhooks.models import Delivery, Endpoint


class EndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        choices=Endpoint.Event.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Endpoint
        fields = [
            "owner",
            "url",
            "description",
            "events",
            "cases",
            "parties",
            "topics",
            "is_active",
        ]

    def clean_url(self):
        url = self.cleaned_data["url"]
        services.check_url(url)  # the SSRF guard, as the API applies it
        return url


class DeliveryInline(admin.TabularInline):
    model = Delivery
    fields = ["event", "status", "attempts", "response_code", "last_attempt_at", "error"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-pk")


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    form = EndpointForm
    list_display = ["url", "owner", "is_active", "consecutive_failures", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["url", "owner__username", "description"]
    autocomplete_fields = ["cases", "parties", "topics"]
    raw_id_fields = ["owner"]
    readonly_fields = ["consecutive_failures", "disabled_reason"]
    inlines = [DeliveryInline]
    actions = ["send_test_event"]

    @admin.action(description="Send a test event")
    def send_test_event(self, request, queryset):
        for endpoint in queryset:
            tasks.queue_deliveries([services.create_test_delivery(endpoint).pk])
        self.message_user(request, f"Test events queued for {queryset.count()} endpoint(s).")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "endpoint", "status", "attempts", "response_code", "last_attempt_at"]
    list_filter = ["status", "event"]
    list_select_related = ["endpoint"]
    readonly_fields = [field.name for field in Delivery._meta.fields]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Re-send the selected deliveries")
    def resend(self, request, queryset):
        for delivery in queryset.select_related("endpoint"):
            try:
                services.resend(delivery)
            except ValidationError as exc:
                self.message_user(request, f"{delivery}: {exc.messages[0]}", messages.WARNING)
                continue
            tasks.queue_deliveries([delivery.pk])
        self.message_user(request, "The deliveries that could be were queued again.")
