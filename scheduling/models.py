"""Resources, bookings and time exceptions (blocked time) of a company.

Collision detection reads BookingResource: one row per (booking, resource) that repeats the
booking's time range and whether the booking is active, so one index on (resource, range) serves
the overlap test. On PostgreSQL that index is a GiST index on
(resource_id, tstzrange(start, "end", '[)')) WHERE active (migration 0002, extension btree_gist).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q

from bokamera.models import Company

HEX_COLOR_REGEX = r"^#?(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})$"
DAY = dt.timedelta(hours=24)

# 1 = Monday .. 7 = Sunday, as the pages number them.
WEEKDAY_NAMES = {
    1: "Monday",
    2: "Tuesday",
    3: "Wednesday",
    4: "Thursday",
    5: "Friday",
    6: "Saturday",
    7: "Sunday",
}


def days_to_mask(days: list[int] | tuple[int, ...] | set[int]) -> int:
    mask = 0
    for day in days:
        mask |= 1 << (day - 1)
    return mask


def mask_to_days(mask: int) -> list[int]:
    return [day for day in range(1, 8) if mask & (1 << (day - 1))]


class Resource(models.Model):
    """Something that is booked: a person, a room, a machine."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="resources")
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=1000, blank=True)
    color = models.CharField(max_length=9, blank=True)
    image_url = models.URLField(max_length=500, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["company", "name"], name="resource_company_name_idx")]

    def __str__(self) -> str:
        return self.name


class BookingStatus(models.IntegerChoices):
    """The original's BookingStatusEnum."""

    BOOKED = 1, "Booked"
    UNBOOKED = 2, "Unbooked"
    RESERVED = 3, "Reserved"
    CANCELED = 4, "Canceled"
    AWAITING_PAYMENT = 5, "AwaitingPayment"
    AWAITING_PAYMENT_NO_TIME_LIMIT = 6, "AwaitingPaymentNoTimeLimit"
    PAYED = 7, "Payed"
    AWAITING_PAYMENT_REQUEST_FROM_ADMIN = 8, "AwaitingPaymentRequestFromAdmin"
    AWAITING_PAYMENT_FROM_PROVIDER = 9, "AwaitingPaymentFromProvider"
    INVOICED = 10, "Invoiced"


# A booking holds its time unless it was unbooked or canceled.
INACTIVE_STATUSES = frozenset({BookingStatus.UNBOOKED, BookingStatus.CANCELED})


def status_is_active(status: int) -> bool:
    return status not in INACTIVE_STATUSES


class Booking(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="bookings")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.SET_NULL, null=True, blank=True, related_name="bookings"
    )
    resources = models.ManyToManyField(Resource, through="BookingResource", related_name="bookings")
    start = models.DateTimeField(db_column="from_at")
    end = models.DateTimeField(db_column="to_at")
    status = models.PositiveSmallIntegerField(choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    cancel_message = models.TextField(blank=True)
    canceled_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="booking_end_after_start"),
            models.CheckConstraint(condition=Q(status__gte=1, status__lte=10), name="booking_status_known"),
        ]
        indexes = [models.Index(fields=["company", "start"], name="booking_company_start_idx")]

    def __str__(self) -> str:
        return f"Booking {self.pk} ({self.start:%Y-%m-%d %H:%M})"

    @property
    def is_active(self) -> bool:
        return status_is_active(self.status)


class BookingResource(models.Model):
    """A booking's claim on one resource; repeats the booking's range and activity for the index."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="booking_resources")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="booking_resources")
    start = models.DateTimeField(db_column="from_at")
    end = models.DateTimeField(db_column="to_at")
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["booking", "resource"], name="booking_resource_unique"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="booking_resource_end_after_start"),
        ]
        # Portable index for SQLite; PostgreSQL also gets the GiST range index (migration 0002).
        indexes = [models.Index(fields=["resource", "start"], name="bookingres_resource_start_idx")]

    def __str__(self) -> str:
        return f"{self.booking_id} on {self.resource_id}"


class TimeException(models.Model):
    """Blocked time on resources: one span, or a weekly recurrence between two dates.

    from_time and to_time are local times of day in the company's time zone, stored as durations
    from midnight so that 24:00 (the end of the day) is representable.
    """

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="time_exceptions")
    resources = models.ManyToManyField(Resource, related_name="time_exceptions")
    from_date = models.DateField()
    to_date = models.DateField()
    from_time = models.DurationField(default=dt.timedelta(0))
    to_time = models.DurationField(default=DAY)
    days_mask = models.PositiveSmallIntegerField(
        default=0, help_text="Bit n-1 set for weekday n (1 = Monday .. 7 = Sunday); 0 = not recurring."
    )
    reason_text = models.CharField(max_length=500)
    reason_text_public = models.CharField(max_length=500, blank=True)
    color = models.CharField(max_length=9, blank=True)
    block_time = models.BooleanField(default=False)
    private = models.BooleanField(default=False)
    calendar_id = models.CharField(max_length=200, blank=True, help_text="Calendar it is exported to")
    calendar_synced = models.BooleanField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["from_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_date__gte=F("from_date")), name="timeexception_dates_order"
            ),
            models.CheckConstraint(condition=Q(days_mask__lte=127), name="timeexception_days_mask_range"),
            models.CheckConstraint(
                condition=Q(from_time__gte=dt.timedelta(0), to_time__lte=DAY),
                name="timeexception_times_in_day",
            ),
        ]
        indexes = [models.Index(fields=["company", "from_date"], name="timeexc_company_from_idx")]

    def __str__(self) -> str:
        return f"{self.reason_text} ({self.from_date} - {self.to_date})"

    @property
    def days_of_week(self) -> list[int]:
        return mask_to_days(self.days_mask)

    @property
    def is_recurring(self) -> bool:
        return self.days_mask != 0


class NotificationChannel(models.TextChoices):
    EMAIL = "email", "E-mail"
    SMS = "sms", "SMS"


class NotificationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Notification(models.Model):
    """Outbox of messages to customers (cancellations): written in the change's transaction,
    sent by a Celery task after commit, re-sent by a periodic sweep while pending."""

    MAX_ATTEMPTS = 5

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="scheduling_notifications")
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="notifications")
    time_exception = models.ForeignKey(
        TimeException, on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )
    kind = models.CharField(max_length=50, default="booking.canceled")
    channel = models.CharField(max_length=10, choices=NotificationChannel.choices)
    recipient = models.CharField(max_length=254)
    subject = models.CharField(max_length=200, blank=True)
    message = models.TextField()
    status = models.CharField(
        max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            # One cancellation message per booking and channel: a re-run never sends twice.
            models.UniqueConstraint(
                fields=["booking", "kind", "channel"], name="notification_once_per_booking_kind_channel"
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notification_pending_idx")]

    def __str__(self) -> str:
        return f"{self.channel} to {self.recipient} ({self.status})"
