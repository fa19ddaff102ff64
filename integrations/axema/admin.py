"""Admin of the Axema integration. Staff who are not superusers see only the companies they
administer; the Vaka password is write-only (never rendered back, blank keeps the stored one)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages

from bokamera.admin_scoping import CompanyScopedAdmin
from bokamera.api.errors import ApplicationError
from integrations.axema_models import AxemaSettings, AxemaUserSyncJob, AxemaUserSyncTrigger

from .services import axema_user_sync_start


class AxemaSettingsForm(forms.ModelForm):
    password = forms.CharField(
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Write-only. Leave blank to keep the stored password.",
    )

    class Meta:
        model = AxemaSettings
        fields = ("company", "enabled", "nightly_sync", "api_endpoint", "port", "username", "password")

    def clean_password(self) -> str:
        value = self.cleaned_data.get("password") or ""
        if not value and self.instance.pk:
            return AxemaSettings.objects.only("password").get(pk=self.instance.pk).password
        return value


@admin.register(AxemaSettings)
class AxemaSettingsAdmin(CompanyScopedAdmin):
    form = AxemaSettingsForm
    list_display = ("company", "enabled", "nightly_sync", "api_endpoint", "port", "username", "has_password")
    list_filter = ("enabled", "nightly_sync")
    search_fields = ("company__name", "api_endpoint", "username")
    actions = ["start_sync"]

    def get_readonly_fields(self, request, obj=None):
        return ("company",) if obj else ()

    @admin.display(boolean=True, description="password set")
    def has_password(self, obj: AxemaSettings) -> bool:
        return bool(obj.password)

    @admin.action(description="Start a user sync now")
    def start_sync(self, request, queryset):
        for axema_settings in queryset:
            try:
                job = axema_user_sync_start(
                    company=axema_settings.company,
                    trigger=AxemaUserSyncTrigger.API,
                    requested_by=request.user,
                )
            except ApplicationError as exc:
                self.message_user(request, f"{axema_settings.company}: {exc.message}", level=messages.WARNING)
            else:
                self.message_user(request, f"{axema_settings.company}: sync {job.id} started.")


@admin.register(AxemaUserSyncJob)
class AxemaUserSyncJobAdmin(CompanyScopedAdmin):
    list_display = (
        "id",
        "company",
        "status",
        "trigger",
        "users_found",
        "users_created",
        "users_updated",
        "users_skipped",
        "created",
        "finished_at",
    )
    list_filter = ("status", "trigger")
    search_fields = ("id", "company__name")
    date_hierarchy = "created"

    def has_add_permission(self, request) -> bool:
        return False  # jobs start through the API, the command, beat or the settings' action

    def has_change_permission(self, request, obj=None) -> bool:
        return False
