"""Admin: endpoints (editable), messages with their attempts (read-only) and a resend action.
Staff who are not superusers see only the companies they administer."""

from __future__ import annotations

from django.contrib import admin
from django.db import models

from bokamera.admin_scoping import CompanyScopedAdmin

from . import services
from .models import WebhookEndpoint, WebhookMessage, WebhookMessageAttempt


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(CompanyScopedAdmin):
    list_display = ("public_id", "company", "url", "event_types", "disabled", "failing_since", "created")
    list_filter = ("disabled",)
    search_fields = ("public_id", "url", "description")
    readonly_fields = ("public_id", "secret_hint", "failing_since", "created", "updated")
    fields = (
        "company",
        "public_id",
        "url",
        "description",
        "event_types",
        "disabled",
        "secret_hint",
        "failing_since",
    )
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["rotate_secret"]

    @admin.display(description="Secret")
    def secret_hint(self, obj: WebhookEndpoint) -> str:
        """Never the secret itself: GetWebhookEndpointSecret reveals it to the company's admins."""
        return f"whsec_…{obj.secret[-4:]}" if obj.secret else ""

    @admin.action(description="Rotate the signing secret")
    def rotate_secret(self, request, queryset):
        for endpoint in queryset:
            services.endpoint_rotate_secret(endpoint=endpoint)
        self.message_user(request, f"Rotated {queryset.count()} secret(s).")


class AttemptInline(admin.TabularInline):
    model = WebhookMessageAttempt
    fields = (
        "public_id",
        "endpoint",
        "url",
        "status",
        "response_status_code",
        "timestamp",
        "trigger_type",
        "attempt_number",
        "duration_ms",
        "next_attempt_at",
        "response_body",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("-id",)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WebhookMessage)
class WebhookMessageAdmin(CompanyScopedAdmin):
    list_display = ("public_id", "company", "event_type", "event_id", "timestamp")
    list_filter = ("event_type",)
    search_fields = ("public_id", "event_id")
    fields = ("public_id", "company", "event_type", "event_id", "payload", "timestamp")
    readonly_fields = fields
    inlines = [AttemptInline]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Resend to the endpoints it was sent to (a Manual attempt each)")
    def resend(self, request, queryset):
        count = 0
        for message in queryset:
            endpoint_ids = message.attempts.values_list("endpoint_id", flat=True).distinct()
            for endpoint in WebhookEndpoint.objects.filter(pk__in=endpoint_ids):
                services.message_resend(message=message, endpoint=endpoint)
                count += 1
        self.message_user(request, f"Queued {count} manual attempt(s).")
