"""Admin of the VOSS integration. Staff who are not superusers see only the companies they
administer; the API key is write-only (never rendered back, blank keeps the stored one)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages

from bokamera.admin_scoping import CompanyScopedAdmin
from bokamera.http import ExternalServiceError
from integrations.voss_models import VossProduct, VossSettings, VossUsage

from .client import VossRefused
from .services import voss_products_refresh, voss_usage_retry


class VossSettingsForm(forms.ModelForm):
    api_base_url = forms.URLField(max_length=300, assume_scheme="https", help_text="VOSS API root")
    api_key = forms.CharField(
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Write-only. Leave blank to keep the stored key.",
    )

    class Meta:
        model = VossSettings
        fields = ("company", "enabled", "api_base_url", "api_key", "customer_id", "subscription_id")

    def clean_api_key(self) -> str:
        value = self.cleaned_data.get("api_key") or ""
        if not value and self.instance.pk:
            return VossSettings.objects.only("api_key").get(pk=self.instance.pk).api_key
        return value


@admin.register(VossSettings)
class VossSettingsAdmin(CompanyScopedAdmin):
    form = VossSettingsForm
    list_display = (
        "company",
        "enabled",
        "customer_id",
        "subscription_id",
        "api_base_url",
        "has_api_key",
        "products_refreshed_at",
    )
    readonly_fields = ("products_refreshed_at",)
    search_fields = ("company__name", "customer_id", "subscription_id")
    actions = ["refresh_products"]

    @admin.display(boolean=True, description="API key set")
    def has_api_key(self, obj: VossSettings) -> bool:
        return bool(obj.api_key)

    @admin.action(description="Refresh products from VOSS")
    def refresh_products(self, request, queryset):
        for voss_settings in queryset:
            try:
                counts = voss_products_refresh(company=voss_settings.company)
            except (ExternalServiceError, VossRefused) as error:
                self.message_user(request, f"{voss_settings.company}: {error}", level=messages.ERROR)
            else:
                self.message_user(request, f"{voss_settings.company}: {counts}")


@admin.register(VossProduct)
class VossProductAdmin(CompanyScopedAdmin):
    list_display = ("article_number", "name", "product_type", "company", "active", "voss_id", "updated")
    list_filter = ("active", "product_type")
    search_fields = ("article_number", "name", "company__name")
    fields = ("company", "article_number", "name", "product_type", "active", "voss_id")


@admin.register(VossUsage)
class VossUsageAdmin(CompanyScopedAdmin):
    list_display = (
        "created",
        "company",
        "article_number",
        "quantity",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
    )
    list_filter = ("status",)
    search_fields = ("idempotency_key", "article_number", "company__name", "id")
    date_hierarchy = "created"
    actions = ["retry"]
    readonly_fields = [
        "id",
        "company",
        "product",
        "article_number",
        "quantity",
        "idempotency_key",
        "status",
        "attempts",
        "next_attempt_at",
        "last_attempt_at",
        "last_error",
        "sent_at",
        "voss_status_code",
        "voss_response",
        "response_body",
        "created_by",
        "created",
        "updated",
    ]

    def has_add_permission(self, request) -> bool:  # usage comes through the API only
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # invoicing history is kept
        return False

    @admin.action(description="Retry sending to VOSS (Failed rows)")
    def retry(self, request, queryset):
        retried = sum(voss_usage_retry(usage=usage) for usage in queryset)
        skipped = queryset.count() - retried
        self.message_user(request, f"Re-sending {retried} usage row(s); {skipped} skipped (not Failed).")
