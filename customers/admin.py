"""Admin of customers. Staff who are not superusers see only rows of companies they administer."""

from __future__ import annotations

from django.contrib import admin
from django.db import models

from bokamera.roles import WRITE_ROLES, administered_companies

from .models import (
    AccessKeyType,
    Customer,
    CustomerComment,
    CustomFieldConfig,
    CustomFieldValue,
    InvoiceAddress,
    UserAccessKey,
)


class ScopedChoicesMixin:
    """Foreign-key choices (company, customer, custom field) limited to the staff's companies."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            companies = administered_companies(request.user, WRITE_ROLES)
            if db_field.name == "company":
                kwargs["queryset"] = companies
            elif db_field.name == "customer":
                kwargs["queryset"] = Customer.objects.filter(company__in=companies)
            elif db_field.name == "field":
                kwargs["queryset"] = CustomFieldConfig.objects.filter(company__in=companies)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CompanyScopedAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(company__in=administered_companies(request.user))


class AccessKeyInline(ScopedChoicesMixin, admin.TabularInline):
    model = UserAccessKey
    fields = ("access_key_type", "value", "description", "company")
    extra = 0


class InvoiceAddressInline(admin.StackedInline):
    model = InvoiceAddress
    extra = 0
    max_num = 1


class CommentInline(ScopedChoicesMixin, admin.TabularInline):
    model = CustomerComment
    fields = ("comments", "image_url", "created")
    readonly_fields = ("created",)
    extra = 0


class CustomFieldValueInline(ScopedChoicesMixin, admin.TabularInline):
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
