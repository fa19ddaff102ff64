from django.contrib import admin, messages
from guardian.admin import GuardedModelAdmin

from .models import ApiToken, Company
from .services import api_token_create, api_token_revoke


@admin.register(Company)
class CompanyAdmin(GuardedModelAdmin):
    list_display = ("name", "id", "time_zone", "created")
    search_fields = ("name", "id")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("key_hint", "user", "name", "created", "last_used", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("user__username", "name", "key_hint")
    readonly_fields = ("key_hint", "created", "last_used", "revoked_at")
    fields = ("user", "name", "key_hint", "created", "last_used", "revoked_at")
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        token, raw = api_token_create(user=obj.user, name=obj.name)
        obj.pk = token.pk
        obj.key_hint = token.key_hint
        self.message_user(
            request, f"Token created. Copy it now, it is not shown again: {raw}", level=messages.WARNING
        )

    @admin.action(description="Revoke selected tokens")
    def revoke(self, request, queryset):
        for token in queryset:
            api_token_revoke(token=token)
        self.message_user(request, f"Revoked {queryset.count()} token(s).")
