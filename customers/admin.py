"""Admin of customers. Staff who are not superusers see only rows of companies they administer."""

from __future__ import annotations

from django.contrib import admin

from bokamera.admin_scoping import CompanyScopedAdmin as BaseCompanyScopedAdmin
from bokamera.admin_scoping import ScopedChoicesMixin

from .models import (
    AccessKeyType,
    Customer,
    CustomerComment,
    CustomFieldConfig,
    CustomFieldValue,
    InvoiceAddress,
    UserAccessKey,
)


class CustomerChoicesMixin(ScopedChoicesMixin):
    scoped_foreign_keys = {"customer": Customer, "field": CustomFieldConfig}


class CompanyScopedAdmin(CustomerChoicesMixin, BaseCompanyScopedAdmin):
    pass


class AccessKeyInline(CustomerChoicesMixin, admin.TabularInline):
    model = UserAccessKey
    fields = ("access_key_type", "value", "description", "company")
    extra = 0


class InvoiceAddressInline(admin.StackedInline):
    model = InvoiceAddress
    extra = 0
    max_num = 1


class CommentInline(CustomerChoicesMixin, admin.TabularInline):
    model = CustomerComment
    fields = ("comments", "image_url", "created")
    readonly_fields = ("created",)
    extra = 0


class CustomFieldValueInline(CustomerChoicesMixin, admin.TabularInline):
    model = CustomFieldValue
    fields = ("field", "value")
    extra = 0


@admin.register(Customer)
class CustomerAdmin(CompanyScopedAdmin):
    list_display = ("firstname", "lastname", "email", "phone", "company", "user", "updated")
    list_filter = ("subscribed_to_newsletter", "company")
    search_fields = ("firstname", "lastname", "email", "phone")
    list_select_related = ("company", "user")
    raw_id_fields = ("user",)
    readonly_fields = ("id", "created", "updated")
    inlines = [AccessKeyInline, InvoiceAddressInline, CommentInline, CustomFieldValueInline]


@admin.register(UserAccessKey)
class UserAccessKeyAdmin(CompanyScopedAdmin):
    list_display = ("value", "access_key_type", "customer", "company", "description", "updated")
    list_filter = ("access_key_type", "company")
    search_fields = ("value", "description", "customer__firstname", "customer__lastname", "customer__email")
    list_select_related = ("access_key_type", "customer", "company")
    raw_id_fields = ("customer",)


@admin.register(CustomFieldConfig)
class CustomFieldConfigAdmin(CompanyScopedAdmin):
    list_display = ("name", "data_type", "is_mandatory", "company")
    list_filter = ("data_type", "is_mandatory", "company")
    search_fields = ("name", "description")


@admin.register(AccessKeyType)
class AccessKeyTypeAdmin(admin.ModelAdmin):
    """The types are fixed ids the Axema sync relies on: read-only here."""

    list_display = ("id", "name", "description")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
