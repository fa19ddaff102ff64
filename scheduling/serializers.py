"""Wire shapes of the scheduling services (names exactly as the pages spell them)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rest_framework import serializers

from bokamera.api import fields as wire
from bokamera.api.query import QueryRequestSerializer

from .models import WEEKDAY_NAMES, Booking, BookingStatus, TimeException
from .occurrences import local_moment
from .services import (
    CollidingBookingOptions,
    CollisionPolicy,
    TimeExceptionSpec,
    parse_colliding_booking_option,
)

# --- Input ----------------------------------------------------------------------------------------


class CollidingBookingOptionsField(serializers.ChoiceField):
    """The enum by name (AddWithoutCancelingCollidingBookings) or number (1, 2)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "choices", ["AddWithoutCancelingCollidingBookings", "AddAndCancelCollidingBookings", "1", "2"]
        )
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any):
        return parse_colliding_booking_option(data)


class DaysOfWeekField(wire.IntegerListField):
    default_error_messages = {"day": "DaysOfWeek must be between 1 (Monday) and 7 (Sunday)."}

    def to_internal_value(self, data: Any) -> list[int]:
        try:
            days = super().to_internal_value(data)
        except serializers.ValidationError:
            raise serializers.ValidationError(self.error_messages["day"], code="InclusiveBetween") from None
        if any(not 1 <= day <= 7 for day in days):
            raise serializers.ValidationError(self.error_messages["day"], code="InclusiveBetween")
        return sorted(set(days))


class CollisionPolicyInput(serializers.Serializer):
    """CreateResourceTimeExceptionBase."""

    Force = serializers.BooleanField(required=False, default=False)
    CancelMessage = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=1000)
    SendSmsConfirmation = serializers.BooleanField(required=False, allow_null=True, default=None)
    SendEmailConfirmation = serializers.BooleanField(required=False, allow_null=True, default=None)
    CollidingBookingOptions = CollidingBookingOptionsField(required=False)


class CreateResourceTimeExceptionInput(CollisionPolicyInput):
    CompanyId = serializers.UUIDField(required=False, allow_null=True)
    From = wire.DateField()
    To = wire.DateField()
    ResourceIds = wire.IntegerListField(allow_empty=False)
    FromTime = wire.TimeOfDayField(required=False)
    ToTime = wire.TimeOfDayField(required=False)
    DaysOfWeek = DaysOfWeekField(required=False)
    ReasonText = serializers.CharField(max_length=500)
    ReasonTextPublic = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=500
    )
    Color = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=9)
    BlockTime = serializers.BooleanField(required=False, default=False)
    Private = serializers.BooleanField(required=False, default=False)


class UpdateResourceTimeExceptionInput(CollisionPolicyInput):
    CompanyId = serializers.UUIDField(required=False, allow_null=True)
    Id = serializers.IntegerField()
    From = wire.DateField(required=False)
    To = wire.DateField(required=False)
    ResourceIds = wire.IntegerListField(required=False, allow_empty=False)
    FromTime = wire.TimeOfDayField(required=False)
    ToTime = wire.TimeOfDayField(required=False)
    DaysOfWeek = DaysOfWeekField(required=False)
    ReasonText = serializers.CharField(required=False, max_length=500)
    ReasonTextPublic = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=500
    )
    Color = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=9)
    BlockTime = serializers.BooleanField(required=False)
    Private = serializers.BooleanField(required=False)


class TimeExceptionIdInput(serializers.Serializer):
    CompanyId = serializers.UUIDField(required=False, allow_null=True)
    Id = serializers.IntegerField()


class ResourceTimeExceptionQueryInput(QueryRequestSerializer):
    CompanyId = serializers.UUIDField(required=False, allow_null=True)
    Id = serializers.IntegerField(required=False, allow_null=True)
    ResourceIds = wire.IntegerListField(required=False)
    From = wire.DateField(required=False, allow_null=True)
    To = wire.DateField(required=False, allow_null=True)


class CollidingBookingQueryInput(serializers.Serializer):
    CompanyId = serializers.UUIDField(required=False, allow_null=True)
    ResourceIds = wire.IntegerListField(allow_empty=False)
    From = wire.DateField()
    To = wire.DateField()
    FromTime = wire.TimeOfDayField(required=False)
    ToTime = wire.TimeOfDayField(required=False)
    DaysOfWeek = DaysOfWeekField(required=False)
    IncludeServiceInformation = serializers.BooleanField(required=False, default=False)
    IncludeCustomerInformation = serializers.BooleanField(required=False, default=False)


# --- Output ---------------------------------------------------------------------------------------


def day_of_week_dto(day: int) -> dict[str, Any]:
    """1 = Monday .. 7 = Sunday; .NET's DayOfWeek counts Sunday = 0 .. Saturday = 6."""
    return {"DayOfWeekId": day, "DotNetDayOfWeekId": day % 7, "DayOfWeek": WEEKDAY_NAMES[day]}


class TimeExceptionResourceDetailsOutput(serializers.Serializer):
    """TimeExceptionReosurceDetails (sic, the page's name)."""

    Id = serializers.IntegerField(source="pk")
    Name = serializers.CharField(source="name")
    Description = serializers.CharField(source="description")
    Color = serializers.CharField(source="color")
    ImageUrl = serializers.SerializerMethodField()

    def get_ImageUrl(self, resource) -> str | None:
        return resource.image_url or None


class ResourceTimeExceptionQueryResponseOutput(serializers.Serializer):
    """Every field of ResourceTimeExceptionQueryResponse. From and To are the first and last moment
    (local time with offset); FromTime/ToTime the local times of day as TimeSpan."""

    Id = serializers.IntegerField(source="pk")
    CompanyId = serializers.UUIDField(source="company_id")
    Locked = serializers.SerializerMethodField()
    ResourceIds = serializers.SerializerMethodField()
    Resources = serializers.SerializerMethodField()
    IsRecurring = serializers.BooleanField(source="is_recurring")
    From = serializers.SerializerMethodField()
    To = serializers.SerializerMethodField()
    FromTime = wire.TimeSpanField(source="from_time")
    ToTime = wire.TimeSpanField(source="to_time")
    ReasonText = serializers.CharField(source="reason_text")
    ReasonTextPublic = serializers.CharField(source="reason_text_public")
    Color = serializers.CharField(source="color")
    BlockTime = serializers.BooleanField(source="block_time")
    Private = serializers.BooleanField(source="private")
    CalendarExportStatus = serializers.SerializerMethodField()
    DaysOfWeek = serializers.SerializerMethodField()
    Created = wire.DateTimeField(source="created")

    def get_Locked(self, exception: TimeException) -> bool:
        return bool(self.context.get("locked", False))

    def _resources(self, exception: TimeException) -> list:
        return sorted(exception.resources.all(), key=lambda resource: resource.pk)

    def get_ResourceIds(self, exception: TimeException) -> list[int]:
        return [resource.pk for resource in self._resources(exception)]

    def get_Resources(self, exception: TimeException) -> list[dict]:
        return TimeExceptionResourceDetailsOutput(self._resources(exception), many=True).data

    def _moment(self, day: dt.date, time_of_day: dt.timedelta, exception: TimeException) -> str:
        tz = exception.company.tzinfo
        return local_moment(day, time_of_day, tz).astimezone(tz).isoformat()

    def get_From(self, exception: TimeException) -> str:
        return self._moment(exception.from_date, exception.from_time, exception)

    def get_To(self, exception: TimeException) -> str:
        return self._moment(exception.to_date, exception.to_time, exception)

    def get_CalendarExportStatus(self, exception: TimeException) -> dict | None:
        if not exception.calendar_id:
            return None
        return {
            "CalendarId": exception.calendar_id,
            "ExceptionId": exception.pk,
            "Synced": exception.calendar_synced,
        }

    def get_DaysOfWeek(self, exception: TimeException) -> list[dict]:
        return [day_of_week_dto(day) for day in exception.days_of_week]


class BookedCustomerOutput(serializers.Serializer):
    Id = serializers.UUIDField(source="pk")
    Firstname = serializers.CharField(source="firstname")
    Lastname = serializers.CharField(source="lastname")
    Email = serializers.CharField(source="email")
    Phone = serializers.CharField(source="phone")


class BookingIntervalOutput(serializers.Serializer):
    """BookingIntervalResponse: the booking's id, span, status and resources (customer on request)."""

    Id = serializers.IntegerField(source="pk")
    From = wire.DateTimeField(source="start")
    To = wire.DateTimeField(source="end")
    StatusId = serializers.IntegerField(source="status")
    Status = serializers.SerializerMethodField()
    ResourceIds = serializers.SerializerMethodField()

    def get_Status(self, booking: Booking) -> str:
        return BookingStatus(booking.status).label

    def get_ResourceIds(self, booking: Booking) -> list[int]:
        return sorted(row.resource_id for row in booking.booking_resources.all())

    def to_representation(self, booking: Booking) -> dict:
        data = super().to_representation(booking)
        if self.context.get("include_customer"):
            data["Customer"] = BookedCustomerOutput(booking.customer).data if booking.customer else None
        return data


# --- Wire -> service arguments ----------------------------------------------------------------------

SPEC_FIELDS = {
    "ResourceIds": "resource_ids",
    "From": "from_date",
    "To": "to_date",
    "FromTime": "from_time",
    "ToTime": "to_time",
    "DaysOfWeek": "days_of_week",
    "ReasonText": "reason_text",
    "ReasonTextPublic": "reason_text_public",
    "Color": "color",
    "BlockTime": "block_time",
    "Private": "private",
}
TUPLE_FIELDS = {"resource_ids", "days_of_week"}
TEXT_FIELDS = {"reason_text_public", "color"}


def spec_changes(data: dict[str, Any]) -> dict[str, Any]:
    """The bound wire fields present in `data`, under TimeExceptionSpec's names."""
    changes: dict[str, Any] = {}
    for wire_name, name in SPEC_FIELDS.items():
        if wire_name not in data:
            continue
        value = data[wire_name]
        if name in TUPLE_FIELDS:
            value = tuple(value or ())
        elif name in TEXT_FIELDS:
            value = value or ""
        changes[name] = value
    return changes


def spec_from_create(data: dict[str, Any]) -> TimeExceptionSpec:
    changes = spec_changes(data)
    changes.setdefault("from_time", dt.timedelta(0))
    changes.setdefault("to_time", dt.timedelta(hours=24))
    changes.setdefault("days_of_week", ())
    return TimeExceptionSpec(**changes)


def policy_from_input(data: dict[str, Any]) -> CollisionPolicy:
    return CollisionPolicy(
        force=bool(data.get("Force")),
        option=data.get("CollidingBookingOptions")
        or CollidingBookingOptions.ADD_WITHOUT_CANCELING_COLLIDING_BOOKINGS,
        cancel_message=data.get("CancelMessage") or "",
        send_sms=data.get("SendSmsConfirmation"),
        send_email=data.get("SendEmailConfirmation"),
    )


# --- Resources and bookings (minimal reads) -----------------------------------------------------


class ResourceQueryInput(QueryRequestSerializer):
    CompanyId = serializers.UUIDField(required=False, allow_null=True)
    Id = serializers.IntegerField(required=False, allow_null=True)
    Active = serializers.BooleanField(required=False, allow_null=True, default=None)


class ResourceOutput(serializers.Serializer):
    Id = serializers.IntegerField(source="pk")
    Name = serializers.CharField(source="name")
    Description = serializers.CharField(source="description")
    Color = serializers.CharField(source="color")
    ImageUrl = serializers.SerializerMethodField()
    Email = serializers.CharField(source="email")
    Phone = serializers.CharField(source="phone")
    Active = serializers.BooleanField(source="active")
    Created = wire.DateTimeField(source="created")
    Updated = wire.DateTimeField(source="updated")

    def get_ImageUrl(self, resource) -> str | None:
        return resource.image_url or None


class BookingQueryInput(QueryRequestSerializer):
    CompanyId = serializers.UUIDField(required=False, allow_null=True)
    Id = serializers.IntegerField(required=False, allow_null=True)
    From = wire.DateTimeField(required=False, allow_null=True)
    To = wire.DateTimeField(required=False, allow_null=True)
    ResourceIds = wire.IntegerListField(required=False)
    StatusIds = wire.IntegerListField(required=False)
    CustomerId = serializers.UUIDField(required=False, allow_null=True)
    IncludeCustomerInformation = serializers.BooleanField(required=False, default=False)


class BookingOutput(BookingIntervalOutput):
    CompanyId = serializers.UUIDField(source="company_id")
    CancelMessage = serializers.CharField(source="cancel_message")
    Created = wire.DateTimeField(source="created")
    Updated = wire.DateTimeField(source="updated")


# --- Answer shapes for the OpenAPI document -------------------------------------------------------


class TimeExceptionQueryResponseOutput(serializers.Serializer):
    Offset = serializers.IntegerField()
    Total = serializers.IntegerField()
    Results = ResourceTimeExceptionQueryResponseOutput(many=True)


class CollidingBookingQueryResponseOutput(serializers.Serializer):
    ResourceIds = serializers.ListField(child=serializers.IntegerField())
    Bookings = BookingIntervalOutput(many=True)


class ResourceQueryResponseOutput(serializers.Serializer):
    Offset = serializers.IntegerField()
    Total = serializers.IntegerField()
    Results = ResourceOutput(many=True)


class BookingQueryResponseOutput(serializers.Serializer):
    Offset = serializers.IntegerField()
    Total = serializers.IntegerField()
    Results = BookingOutput(many=True)
