"""Company scoping for every domain app's admin: staff who are not superadmins see and choose only
rows of the companies they administer."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet

from .roles import WRITE_ROLES, administered_companies, is_superadmin


class ScopedChoicesMixin:
    """Foreign-key choices limited to the staff's companies: `company` itself, and each field named
    in `scoped_foreign_keys` ({field name: model with a `company` foreign key})."""

    scoped_foreign_keys: dict[str, type[models.Model]] = {}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not is_superadmin(request.user):
            companies = administered_companies(request.user, WRITE_ROLES)
            if db_field.name == "company":
                kwargs["queryset"] = companies
            elif db_field.name in self.scoped_foreign_keys:
                kwargs["queryset"] = self.scoped_foreign_keys[db_field.name].objects.filter(
                    company__in=companies
                )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CompanyScopedAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    """Rows of the model's `company` limited to the companies the staff user administers."""

    def get_queryset(self, request) -> QuerySet:
        queryset = super().get_queryset(request).select_related("company")
        if is_superadmin(request.user):
            return queryset
        return queryset.filter(company__in=administered_companies(request.user))
