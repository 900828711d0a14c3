from django.contrib import admin

from alerts.models import Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Readers' confirmed alerts. Created only by the reader's confirmation link, so the admin
    can read, correct the frequency of, and delete them, not add them."""

    list_display = ["email", "kind", "target", "frequency", "confirmed_at", "last_sent_at"]
    list_filter = ["kind", "frequency"]
    ordering = ["-confirmed_at"]  # the newest first
    search_fields = ["email"]
    list_select_related = ["case", "party", "topic"]
    readonly_fields = ["email", "kind", "case", "party", "topic", "confirmed_at", "last_sent_at"]
    fields = [*readonly_fields[:5], "frequency", "confirmed_at", "last_sent_at"]

    def has_add_permission(self, request) -> bool:
        return False
