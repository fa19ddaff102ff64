"""Models of the webhooks app: endpoints, messages and their delivery attempts (the outbox).

Each model keeps a BigAutoField primary key for joins and keyset paging, and a public string id
in Svix's style (`ep_...`, `msg_...`, `atmpt_...`) that the wire shows.
"""

from __future__ import annotations

import base64
import secrets

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q

from bokamera.models import Company

# The event types other apps publish (bokamera.events.publish_event); endpoints subscribe to these.
EVENT_TYPES: dict[str, str] = {
    "customer.updated": "A customer's details changed.",
    "timeexception.created": "A time exception (blocked time) was created.",
    "booking.canceled": "A booking was canceled.",
    "axema.usersync.completed": "A user sync to Axema Vaka completed.",
    "axema.usersync.failed": "A user sync to Axema Vaka failed.",
    "voss.usage.created": "A usage record was reported to VOSS.",
}

RESPONSE_BODY_LIMIT = 4096  # characters of a receiver's answer kept on an attempt


def public_id(prefix: str) -> str:
    """`prefix_` + 26 random base32 characters (130 bits), like Svix's KSUID-based ids."""
    return f"{prefix}_{base64.b32encode(secrets.token_bytes(20)).decode().rstrip('=').lower()[:26]}"


def new_secret() -> str:
    """A Standard Webhooks secret: `whsec_` + base64 of 24 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def _endpoint_id() -> str:
    return public_id("ep")


def _message_id() -> str:
    return public_id("msg")


def _attempt_id() -> str:
    return public_id("atmpt")


class WebhookEndpoint(models.Model):
    # db_index=False: the composite indexes below start with these columns.
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="webhook_endpoints", db_index=False
    )
    public_id = models.CharField(max_length=40, unique=True, default=_endpoint_id, editable=False)
    url = models.URLField(max_length=2000)
    description = models.CharField(max_length=500, blank=True, default="")
    event_types = models.JSONField(default=list)
    secret = models.CharField(max_length=100, default=new_secret)
    disabled = models.BooleanField(default=False)
    # Set on the first failed attempt after a success; an endpoint failing for 5 days is disabled.
    failing_since = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["company", "-id"], name="webhooks_ep_company_id")]

    def __str__(self) -> str:
        return f"{self.public_id} {self.url}"


class WebhookMessage(models.Model):
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="webhook_messages", db_index=False
    )
    public_id = models.CharField(max_length=40, unique=True, default=_message_id, editable=False)
    event_type = models.CharField(max_length=100)
    event_id = models.CharField(max_length=100)
    payload = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    timestamp = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["company", "event_id"], name="webhooks_msg_unique_event"),
        ]
        indexes = [models.Index(fields=["company", "-id"], name="webhooks_msg_company_id")]

    def __str__(self) -> str:
        return f"{self.public_id} {self.event_type}"


class AttemptStatus(models.IntegerChoices):
    SUCCESS = 0, "Success"
    PENDING = 1, "Pending"
    FAIL = 2, "Fail"
    SENDING = 3, "Sending"


class TriggerType(models.IntegerChoices):
    SCHEDULED = 0, "Scheduled"
    MANUAL = 1, "Manual"


class WebhookMessageAttempt(models.Model):
    """One try of delivering a message to an endpoint; a Pending row is also the outbox entry that
    the worker (or the periodic sweep) claims once `next_attempt_at` is due."""

    message = models.ForeignKey(
        WebhookMessage, on_delete=models.CASCADE, related_name="attempts", db_index=False
    )
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="attempts", db_index=False
    )
    public_id = models.CharField(max_length=40, unique=True, default=_attempt_id, editable=False)
    event_type = models.CharField(max_length=100)  # copied from the message for the list filter
    url = models.URLField(max_length=2000)
    status = models.SmallIntegerField(choices=AttemptStatus.choices, default=AttemptStatus.PENDING)
    response_status_code = models.IntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True, default="")
    timestamp = models.DateTimeField()  # when it is (or was) attempted
    trigger_type = models.SmallIntegerField(choices=TriggerType.choices, default=TriggerType.SCHEDULED)
    attempt_number = models.PositiveSmallIntegerField(default=1)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)  # set while Pending
    claimed_at = models.DateTimeField(null=True, blank=True)  # set while Sending

    class Meta:
        indexes = [
            # ListWebhookEndpointAttempts: keyset paging, newest first.
            models.Index(fields=["endpoint", "-id"], name="webhooks_atmpt_endpoint_id"),
            models.Index(fields=["message", "-id"], name="webhooks_atmpt_message_id"),
            # The sweep: only the few rows still waiting are in this index.
            models.Index(
                fields=["next_attempt_at"],
                name="webhooks_atmpt_due",
                condition=Q(status=AttemptStatus.PENDING),
            ),
            models.Index(
                fields=["claimed_at"],
                name="webhooks_atmpt_sending",
                condition=Q(status=AttemptStatus.SENDING),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.public_id} {self.get_status_display()}"
