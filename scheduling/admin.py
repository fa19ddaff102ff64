"""Admin for resources, bookings, time exceptions and the messages outbox.

Staff who are not superusers see only rows of companies they administer. Saving a time exception
that overlaps active bookings saves it (staff decide) and warns, naming the bookings.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db import models

from bokamera.admin_scoping import CompanyScopedAdmin as BaseCompanyScopedAdmin
from bokamera.roles import administered_companies
from customers.models import Customer

from . import selectors
from .models import (
    WEEKDAY_NAMES,
    Booking,
    BookingResource,
    Notification,
    Resource,
    TimeException,
    days_to_mask,
    mask_to_days,
    status_is_active,
)
from .services import booking_set_resources


def _companies(request):
    return administered_companies(request.user)


class CompanyScopedAdmin(BaseCompanyScopedAdmin):
    scoped_foreign_keys = {"customer": Customer}

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "resources" and not request.user.is_superuser:
            kwargs["queryset"] = Resource.objects.filter(company__in=_companies(request))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def _check_resources_company(cleaned: dict, field: str) -> None:
    company = cleaned.get("company")
    if company and any(resource.company_id != company.pk for resource in cleaned.get(field) or ()):
        raise forms.ValidationError({field: "Every resource must belong to the chosen company."})


@admin.register(Resource)
class ResourceAdmin(CompanyScopedAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "company", "active", "color")
    list_filter = ("active",)
    search_fields = ("name", "description")


class BookingForm(forms.ModelForm):
    # Not named `resources`: the model's m2m has a through table that the form must not write.
    booked_resources = forms.ModelMultipleChoiceField(
        queryset=Resource.objects.all(), required=True, label="Resources"
    )

    class Meta:
        model = Booking
        fields = ("company", "customer", "start", "end", "status", "cancel_message")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["booked_resources"].initial = list(self.instance.resources.all())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] <= cleaned["start"]:
            raise forms.ValidationError({"end": "The end must be after the start."})
        _check_resources_company(cleaned, "booked_resources")
        customer = cleaned.get("customer")
        if customer and cleaned.get("company") and customer.company_id != cleaned["company"].pk:
            raise forms.ValidationError({"customer": "The customer belongs to another company."})
        return cleaned


@admin.register(Booking)
class BookingAdmin(CompanyScopedAdmin):
    form = BookingForm
    list_display = ("id", "company", "start", "end", "status", "customer")
    list_filter = ("status",)
    date_hierarchy = "start"
    list_select_related = ("company", "customer")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if not request.user.is_superuser:
            form.base_fields["booked_resources"].queryset = Resource.objects.filter(
                company__in=_companies(request)
            )
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        booking = form.instance
        booking_set_resources(booking=booking, resources=list(form.cleaned_data["booked_resources"]))
        BookingResource.objects.filter(booking=booking).update(
            start=booking.start, end=booking.end, active=status_is_active(booking.status)
        )


class TimeExceptionForm(forms.ModelForm):
    days = forms.TypedMultipleChoiceField(
        choices=list(WEEKDAY_NAMES.items()),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave empty for one span from the start date and time to the end date and time.",
    )

    class Meta:
        model = TimeException
        fields = (
            "company",
            "resources",
            "from_date",
            "to_date",
            "from_time",
            "to_time",
            "days",
            "reason_text",
            "reason_text_public",
            "color",
            "block_time",
            "private",
            "calendar_id",
            "calendar_synced",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = mask_to_days(self.instance.days_mask or 0)

    def clean(self):
        cleaned = super().clean()
        _check_resources_company(cleaned, "resources")
        if cleaned.get("from_date") and cleaned.get("to_date") and cleaned["to_date"] < cleaned["from_date"]:
            raise forms.ValidationError({"to_date": "The end date must not be before the start date."})
        return cleaned

    def save(self, commit=True):
        self.instance.days_mask = days_to_mask(self.cleaned_data.get("days") or [])
        return super().save(commit)


@admin.register(TimeException)
class TimeExceptionAdmin(CompanyScopedAdmin):
    form = TimeExceptionForm
    list_display = ("id", "reason_text", "company", "from_date", "to_date", "is_recurring", "block_time")
    list_filter = ("block_time", "private")
    search_fields = ("reason_text",)
    list_select_related = ("company",)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        exception = form.instance
        resource_ids = [resource.pk for resource in exception.resources.all()]
        collisions = list(
            selectors.colliding_bookings(
                company=exception.company,
                resource_ids=resource_ids,
                windows=selectors.time_exception_windows(exception),
            )[:21]
        )
        if collisions:
            shown = ", ".join(f"#{b.pk} ({b.start:%Y-%m-%d %H:%M} UTC)" for b in collisions[:20])
            more = " and more" if len(collisions) > 20 else ""
            self.message_user(
                request,
                f"This time exception collides with active bookings: {shown}{more}. "
                "They were not canceled; cancel them from the bookings list if needed.",
                level=messages.WARNING,
            )


@admin.register(Notification)
class NotificationAdmin(CompanyScopedAdmin):
    list_display = ("id", "channel", "recipient", "status", "attempts", "created", "sent_at")
    list_filter = ("status", "channel")
    readonly_fields = [field.name for field in Notification._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
