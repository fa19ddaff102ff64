"""Writes of the scheduling app: bookings, time exceptions with their collision rules, and the
cancellation messages' outbox."""

from __future__ import annotations

import datetime as dt
import enum
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from bokamera.api.errors import ApplicationError, Conflict
from bokamera.events import publish_event
from bokamera.models import Company
from bokamera.tasks import enqueue_on_commit

from .models import (
    DAY,
    HEX_COLOR_REGEX,
    INACTIVE_STATUSES,
    Booking,
    BookingResource,
    BookingStatus,
    Notification,
    NotificationChannel,
    NotificationStatus,
    Resource,
    TimeException,
    days_to_mask,
    status_is_active,
)
from .notifications import DeliveryError, get_sms_backend, send_email_message
from .occurrences import Window, exception_windows
from .selectors import colliding_booking_ids, resources_of_company, with_booking_details

logger = logging.getLogger(__name__)

COLLIDING_EVENTS_ROUTE = "/timeexceptions/collidingevents"
MAX_LISTED_COLLISIONS = 100
CANCELED_KIND = "booking.canceled"


class CollidingBookingOptions(enum.IntEnum):
    ADD_WITHOUT_CANCELING_COLLIDING_BOOKINGS = 1
    ADD_AND_CANCEL_COLLIDING_BOOKINGS = 2


WIRE_OPTION_NAMES = {
    "addwithoutcancelingcollidingbookings": CollidingBookingOptions.ADD_WITHOUT_CANCELING_COLLIDING_BOOKINGS,
    "addandcancelcollidingbookings": CollidingBookingOptions.ADD_AND_CANCEL_COLLIDING_BOOKINGS,
}


# --- Resources and bookings -------------------------------------------------------------------


@transaction.atomic
def resource_create(*, company: Company, name: str, **fields: Any) -> Resource:
    resource = Resource(company=company, name=name, **fields)
    resource.full_clean()
    resource.save()
    return resource


@transaction.atomic
def booking_create(
    *,
    company: Company,
    resources: Sequence[Resource],
    start: dt.datetime,
    end: dt.datetime,
    customer=None,
    status: int = BookingStatus.BOOKED,
) -> Booking:
    """A booking on the resources (its BookingResource rows copy its range for the index)."""
    if end <= start:
        raise ApplicationError("To must be after From.", code="GreaterThan", field="To")
    if any(resource.company_id != company.pk for resource in resources):
        raise ApplicationError("A resource belongs to another company.", code="NotFound", field="ResourceIds")
    if customer is not None and customer.company_id != company.pk:
        raise ApplicationError(
            "The customer belongs to another company.", code="NotFound", field="CustomerId"
        )
    # Same lock order as the time exception check: a booking and an exception written at the
    # same time on one resource see each other.
    list(Resource.objects.select_for_update().filter(pk__in=[r.pk for r in resources]).order_by("pk"))
    booking = Booking.objects.create(company=company, customer=customer, start=start, end=end, status=status)
    booking_set_resources(booking=booking, resources=resources)
    return booking


@transaction.atomic
def booking_set_resources(*, booking: Booking, resources: Sequence[Resource]) -> None:
    wanted = {resource.pk for resource in resources}
    BookingResource.objects.filter(booking=booking).exclude(resource_id__in=wanted).delete()
    existing = set(BookingResource.objects.filter(booking=booking).values_list("resource_id", flat=True))
    BookingResource.objects.bulk_create(
        [
            BookingResource(
                booking=booking,
                resource_id=pk,
                start=booking.start,
                end=booking.end,
                active=booking.is_active,
            )
            for pk in sorted(wanted - existing)
        ]
    )


@transaction.atomic
def booking_update(
    *,
    booking: Booking,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    status: int | None = None,
) -> Booking:
    """Changes time or status and keeps the BookingResource copies in step."""
    booking.start = start or booking.start
    booking.end = end or booking.end
    if booking.end <= booking.start:
        raise ApplicationError("To must be after From.", code="GreaterThan", field="To")
    if status is not None:
        booking.status = status
    booking.save()
    BookingResource.objects.filter(booking=booking).update(
        start=booking.start, end=booking.end, active=status_is_active(booking.status)
    )
    return booking


# --- Time exceptions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TimeExceptionSpec:
    """A time exception as asked for, before it is checked."""

    resource_ids: tuple[int, ...]
    from_date: dt.date
    to_date: dt.date
    from_time: dt.timedelta
    to_time: dt.timedelta
    days_of_week: tuple[int, ...]
    reason_text: str
    reason_text_public: str = ""
    color: str = ""
    block_time: bool = False
    private: bool = False


@dataclass(frozen=True)
class CollisionPolicy:
    """Force, CollidingBookingOptions, CancelMessage, SendSmsConfirmation, SendEmailConfirmation.

    When a client leaves SendEmailConfirmation out, customers are e-mailed (a cancellation they never
    hear of is worse); SMS costs money, so it is sent only when asked for."""

    force: bool = False
    option: CollidingBookingOptions = CollidingBookingOptions.ADD_WITHOUT_CANCELING_COLLIDING_BOOKINGS
    cancel_message: str = ""
    send_sms: bool | None = None
    send_email: bool | None = None

    @property
    def cancels(self) -> bool:
        return self.force and self.option == CollidingBookingOptions.ADD_AND_CANCEL_COLLIDING_BOOKINGS


def parse_colliding_booking_option(value: Any) -> CollidingBookingOptions:
    """The enum by name (as ServiceStack writes it) or by number; 400 otherwise."""
    if value is None or value == "":
        return CollidingBookingOptions.ADD_WITHOUT_CANCELING_COLLIDING_BOOKINGS
    text = str(value).strip()
    if text.lower() in WIRE_OPTION_NAMES:
        return WIRE_OPTION_NAMES[text.lower()]
    try:
        return CollidingBookingOptions(int(text))
    except ValueError:
        raise ApplicationError(
            "CollidingBookingOptions must be AddWithoutCancelingCollidingBookings (1) or "
            "AddAndCancelCollidingBookings (2).",
            code="Enum",
            field="CollidingBookingOptions",
        ) from None


def validate_spec(spec: TimeExceptionSpec) -> None:
    """The page's rules that involve several fields (single fields are checked by the serializer)."""
    if not spec.reason_text or not spec.reason_text.strip():
        raise ApplicationError("ReasonText must not be empty.", code="NotEmpty", field="ReasonText")
    if not spec.resource_ids:
        raise ApplicationError("ResourceIds must not be empty.", code="NotEmpty", field="ResourceIds")
    bad_days = [day for day in spec.days_of_week if not 1 <= day <= 7]
    if bad_days:
        raise ApplicationError(
            "DaysOfWeek must be between 1 (Monday) and 7 (Sunday).",
            code="InclusiveBetween",
            field="DaysOfWeek",
        )
    if spec.color and not re.match(HEX_COLOR_REGEX, spec.color):
        raise ApplicationError(
            "Color must be a hexadecimal colour such as #FF0000.", code="Invalid", field="Color"
        )
    for name, value in (("FromTime", spec.from_time), ("ToTime", spec.to_time)):
        if value < dt.timedelta(0) or value > DAY:
            raise ApplicationError(
                f"{name} must be a time of day between 00:00 and 24:00.", code="InclusiveBetween", field=name
            )
    if spec.to_date < spec.from_date:
        raise ApplicationError("To must not be before From.", code="GreaterThanOrEqual", field="To")
    if (spec.days_of_week or spec.to_date == spec.from_date) and spec.to_time <= spec.from_time:
        raise ApplicationError("ToTime must be after FromTime.", code="GreaterThan", field="ToTime")


def _colliding_conflict(listed: list[Booking], total: int) -> Conflict:
    ids = ",".join(str(booking.pk) for booking in listed)
    errors = [
        {
            "ErrorCode": "CollidingBooking",
            "FieldName": "ResourceIds",
            "Message": f"Booking {booking.pk} ({booking.start.isoformat()} - {booking.end.isoformat()}) "
            "collides with the time exception.",
            "Meta": {
                "BookingId": str(booking.pk),
                "From": booking.start.isoformat(),
                "To": booking.end.isoformat(),
            },
        }
        for booking in listed
    ]
    return Conflict(
        f"{total} booking(s) collide with this time exception. Use {COLLIDING_EVENTS_ROUTE} to find them "
        "and unbook them, or send Force=true with CollidingBookingOptions.",
        code="CollidingBookings",
        errors=errors,
        meta={
            "CollidingBookingIds": ids,
            "CollidingBookingCount": str(total),
            "Route": COLLIDING_EVENTS_ROUTE,
        },
    )


def _lock_resources(company: Company, resource_ids: Sequence[int]) -> list[Resource]:
    """Validates the ids and locks the resources (in id order, no deadlocks) so that two writers
    checking collisions on the same resources run one after the other."""
    resources = resources_of_company(company=company, resource_ids=resource_ids)
    list(Resource.objects.select_for_update().filter(pk__in=[r.pk for r in resources]).order_by("pk"))
    return resources


def _windows(company: Company, spec: TimeExceptionSpec) -> list[Window]:
    return exception_windows(
        from_date=spec.from_date,
        to_date=spec.to_date,
        from_time=spec.from_time,
        to_time=spec.to_time,
        days_of_week=spec.days_of_week,
        tz=company.tzinfo,
    )


def _apply(exception: TimeException, spec: TimeExceptionSpec) -> None:
    exception.from_date = spec.from_date
    exception.to_date = spec.to_date
    exception.from_time = spec.from_time
    exception.to_time = spec.to_time
    exception.days_mask = days_to_mask(spec.days_of_week)
    exception.reason_text = spec.reason_text.strip()
    exception.reason_text_public = spec.reason_text_public or ""
    exception.color = spec.color or ""
    exception.block_time = spec.block_time
    exception.private = spec.private


def _save_with_collisions(
    *, company: Company, exception: TimeException, spec: TimeExceptionSpec, policy: CollisionPolicy
) -> list[Booking]:
    """The shared heart of create and update: check, refuse (409) or save, and cancel when asked.
    Returns the bookings it canceled."""
    validate_spec(spec)
    resources = _lock_resources(company, spec.resource_ids)
    windows = _windows(company, spec)
    colliding_ids = colliding_booking_ids(company=company, resource_ids=spec.resource_ids, windows=windows)
    if colliding_ids and not policy.force:
        listed = Booking.objects.filter(pk__in=colliding_ids[:MAX_LISTED_COLLISIONS]).order_by("start", "pk")
        raise _colliding_conflict(list(listed), len(colliding_ids))
    _apply(exception, spec)
    exception.save()
    exception.resources.set(resources)
    if not (colliding_ids and policy.cancels):
        return []
    # The resources are locked, so no booking joined them since the check; lock the bookings
    # themselves and skip any that another writer canceled meanwhile.
    collisions = list(
        with_booking_details(Booking.objects.filter(pk__in=colliding_ids))
        .exclude(status__in=INACTIVE_STATUSES)
        .select_for_update(of=("self",))
        .order_by("start", "pk")
    )
    bookings_cancel_for_exception(
        company=company, bookings=collisions, time_exception=exception, policy=policy
    )
    return collisions


@transaction.atomic
def time_exception_create(
    *, company: Company, spec: TimeExceptionSpec, policy: CollisionPolicy = CollisionPolicy()
) -> TimeException:
    """CreateResourceTimeException: 409 on colliding bookings unless Force; with Force and option 2
    the bookings are canceled and their customers told (after commit)."""
    exception = TimeException(company=company)
    canceled = _save_with_collisions(company=company, exception=exception, spec=spec, policy=policy)
    publish_event(
        company_id=company.pk,
        event_type="timeexception.created",
        payload={**time_exception_payload(exception, spec), "CanceledBookingIds": [b.pk for b in canceled]},
        sender=__name__,
    )
    return exception


@transaction.atomic
def time_exception_update(
    *,
    time_exception: TimeException,
    changes: dict[str, Any],
    policy: CollisionPolicy = CollisionPolicy(),
) -> TimeException:
    """UpdateResourceTimeException: fields left out keep their values; the new span is checked
    for collisions like a new one."""
    exception = TimeException.objects.select_for_update().get(pk=time_exception.pk)
    current = spec_of(exception)
    spec = TimeExceptionSpec(**{**current.__dict__, **changes})
    _save_with_collisions(company=exception.company, exception=exception, spec=spec, policy=policy)
    return exception


@transaction.atomic
def time_exception_delete(*, time_exception: TimeException) -> None:
    time_exception.delete()


def spec_of(exception: TimeException) -> TimeExceptionSpec:
    return TimeExceptionSpec(
        resource_ids=tuple(resource.pk for resource in exception.resources.all()),
        from_date=exception.from_date,
        to_date=exception.to_date,
        from_time=exception.from_time,
        to_time=exception.to_time,
        days_of_week=tuple(exception.days_of_week),
        reason_text=exception.reason_text,
        reason_text_public=exception.reason_text_public,
        color=exception.color,
        block_time=exception.block_time,
        private=exception.private,
    )


def time_exception_payload(exception: TimeException, spec: TimeExceptionSpec) -> dict[str, Any]:
    return {
        "Id": exception.pk,
        "CompanyId": str(exception.company_id),
        "ResourceIds": list(spec.resource_ids),
        "From": spec.from_date.isoformat(),
        "To": spec.to_date.isoformat(),
        "FromTime": str(spec.from_time),
        "ToTime": str(spec.to_time),
        "DaysOfWeek": list(spec.days_of_week),
        "ReasonText": exception.reason_text,
        "BlockTime": exception.block_time,
    }


# --- Cancellations and their messages ------------------------------------------------------------


def default_cancel_message(booking: Booking, company: Company) -> str:
    local = timezone.localtime(booking.start, company.tzinfo)
    return f"Your booking on {local:%Y-%m-%d} at {local:%H:%M} has been canceled."


@transaction.atomic
def bookings_cancel_for_exception(
    *,
    company: Company,
    bookings: list[Booking],
    time_exception: TimeException | None,
    policy: CollisionPolicy,
) -> list[Notification]:
    """Cancels the (locked) bookings, writes one message per customer and channel to the outbox,
    announces each cancellation, and enqueues the sending after commit."""
    now = timezone.now()
    ids = [booking.pk for booking in bookings]
    Booking.objects.filter(pk__in=ids).update(
        status=BookingStatus.CANCELED,
        cancel_message=policy.cancel_message or "",
        canceled_at=now,
        updated=now,
    )
    BookingResource.objects.filter(booking_id__in=ids).update(active=False)
    already = set(
        Notification.objects.filter(booking_id__in=ids, kind=CANCELED_KIND).values_list(
            "booking_id", "channel"
        )
    )
    send_email = policy.send_email is not False
    send_sms = bool(policy.send_sms)
    pending: list[Notification] = []
    for booking in bookings:
        booking.status = BookingStatus.CANCELED
        booking.canceled_at = now
        customer = booking.customer
        text = policy.cancel_message or default_cancel_message(booking, company)
        channels = []
        if customer is not None and send_email and customer.email:
            channels.append((NotificationChannel.EMAIL, customer.email, "Your booking has been canceled"))
        if customer is not None and send_sms and customer.phone:
            channels.append((NotificationChannel.SMS, customer.phone, ""))
        pending.extend(
            Notification(
                company=company,
                booking=booking,
                time_exception=time_exception,
                kind=CANCELED_KIND,
                channel=channel,
                recipient=recipient,
                subject=subject,
                message=text,
            )
            for channel, recipient, subject in channels
            if (booking.pk, channel) not in already
        )
        publish_event(
            company_id=company.pk,
            event_type="booking.canceled",
            payload={
                "Id": booking.pk,
                "CompanyId": str(company.pk),
                "CustomerId": str(booking.customer_id) if booking.customer_id else None,
                "From": booking.start.isoformat(),
                "To": booking.end.isoformat(),
                "Status": BookingStatus.CANCELED.label,
                "StatusId": int(BookingStatus.CANCELED),
                "CancelMessage": policy.cancel_message or "",
                "TimeExceptionId": time_exception.pk if time_exception else None,
            },
            sender=__name__,
        )
    created = Notification.objects.bulk_create(pending)
    from .tasks import send_notification

    for notification in created:
        enqueue_on_commit(send_notification, notification.pk)
    return created


def notification_send(*, notification_id: int) -> str:
    """Sends one outbox message; safe to run twice (a sent row is skipped under a row lock).
    Returns the row's status afterwards."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .filter(pk=notification_id)
            .select_related("booking")
            .first()
        )
        if notification is None or notification.status != NotificationStatus.PENDING:
            return notification.status if notification else "missing"
        notification.attempts += 1
        try:
            if notification.channel == NotificationChannel.EMAIL:
                send_email_message(
                    to=notification.recipient, subject=notification.subject, message=notification.message
                )
            else:
                get_sms_backend().send(
                    to=notification.recipient,
                    message=notification.message,
                    idempotency_key=f"notification-{notification.pk}",
                )
        except DeliveryError as exc:
            notification.last_error = str(exc)[:2000]
            if exc.permanent or notification.attempts >= Notification.MAX_ATTEMPTS:
                notification.status = NotificationStatus.FAILED
                notification.next_attempt_at = None
            else:
                notification.next_attempt_at = timezone.now() + dt.timedelta(minutes=2**notification.attempts)
            logger.warning("Notification %s not sent: %s", notification.pk, exc)
        else:
            notification.status = NotificationStatus.SENT
            notification.sent_at = timezone.now()
            notification.last_error = ""
            notification.next_attempt_at = None
        notification.save(update_fields=["attempts", "status", "sent_at", "last_error", "next_attempt_at"])
        return notification.status


STALE_AFTER = dt.timedelta(minutes=1)


def notifications_due(*, now: dt.datetime | None = None, limit: int = 500) -> list[int]:
    """Pending rows whose task was lost (broker down at commit) or whose retry time came."""
    now = now or timezone.now()
    from django.db.models import Q

    return list(
        Notification.objects.filter(status=NotificationStatus.PENDING)
        .filter(Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True, created__lte=now - STALE_AFTER))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
