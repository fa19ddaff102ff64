"""Wire shapes of the webhooks services (names as on the original's metadata pages)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bokamera.api import fields as wire

from .models import AttemptStatus, TriggerType

# --- inputs ----------------------------------------------------------------------------------


class CompanyInput(serializers.Serializer):
    CompanyId = serializers.UUIDField(required=False, allow_null=True)


class EndpointCreateInput(CompanyInput):
    Url = serializers.URLField(max_length=2000)
    EventTypes = wire.ListField(child=serializers.CharField(), required=False, default=list)
    Description = serializers.CharField(max_length=500, required=False, allow_blank=True, allow_null=True)
    Disabled = serializers.BooleanField(required=False, allow_null=True)


class EndpointUpdateInput(EndpointCreateInput):
    Id = serializers.CharField(max_length=40)


class EndpointIdInput(CompanyInput):
    Id = serializers.CharField(max_length=40)


class PageInput(CompanyInput):
    Iterator = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    Limit = serializers.IntegerField(required=False, allow_null=True)


class AttemptFilterInput(PageInput):
    Status = serializers.IntegerField(required=False, allow_null=True)
    EventTypes = wire.ListField(child=serializers.CharField(), required=False, allow_null=True)
    Before = wire.DateTimeField(required=False, allow_null=True)
    After = wire.DateTimeField(required=False, allow_null=True)


class EndpointAttemptsInput(AttemptFilterInput):
    EndpointId = serializers.CharField(max_length=40)


class MessageAttemptsInput(AttemptFilterInput):
    MessageId = serializers.CharField(max_length=40)
    EndpointId = serializers.CharField(max_length=40, required=False, allow_blank=True, allow_null=True)


class MessageListInput(PageInput):
    Before = wire.DateTimeField(required=False, allow_null=True)
    After = wire.DateTimeField(required=False, allow_null=True)
    Channel = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    Order = serializers.ChoiceField(choices=["ascending", "descending"], required=False, allow_null=True)
    EventTypes = wire.ListField(child=serializers.CharField(), required=False, allow_null=True)
    WithContent = serializers.BooleanField(required=False, allow_null=True, default=True)
    ClientId = serializers.UUIDField(required=False, allow_null=True)  # accepted, unused

    ORDERS = {"1": "ascending", "2": "descending"}  # the enum's names or numbers, any case

    def to_internal_value(self, data):
        order = data.get("Order") if isinstance(data, dict) else None
        if order is not None and not isinstance(order, bool):
            data = {**data, "Order": self.ORDERS.get(str(order), str(order).lower())}
        return super().to_internal_value(data)


class ResendInput(CompanyInput):
    MessageId = serializers.CharField(max_length=40)
    EndpointId = serializers.CharField(max_length=40)


# --- outputs ---------------------------------------------------------------------------------


class EndpointOutput(serializers.Serializer):
    Description = serializers.CharField(source="description")
    Url = serializers.CharField(source="url")
    Id = serializers.CharField(source="public_id")
    Disabled = serializers.BooleanField(source="disabled")
    EventTypes = serializers.ListField(source="event_types", child=serializers.CharField())


class EndpointWithSecretOutput(EndpointOutput):
    """Create and rotate answer with the secret; reads leave it out (see docs/webhooks.md)."""

    Secret = serializers.CharField(source="secret")


class EndpointSecretOutput(serializers.Serializer):
    Key = serializers.CharField(source="secret")


class EndpointPageOutput(serializers.Serializer):
    Data = EndpointOutput(source="items", many=True)
    Done = serializers.BooleanField(source="done")
    Iterator = serializers.CharField(source="iterator", allow_null=True)


@extend_schema_field(OpenApiTypes.STR)
class LabelField(serializers.Field):
    """An IntegerChoices value written as its label (`Success`, `Manual`); cheaper than a
    `get_FOO_display` source, which DRF inspects on every row."""

    def __init__(self, choices: type, **kwargs):
        self.labels = dict(choices.choices)
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: int) -> str:
        return self.labels[value]


class AttemptOutput(serializers.Serializer):
    Id = serializers.CharField(source="public_id")
    MessageId = serializers.CharField(source="message.public_id")
    EndpointId = serializers.CharField(source="endpoint.public_id")
    Url = serializers.CharField(source="url")
    Status = LabelField(AttemptStatus, source="status")
    ResponseStatusCode = serializers.IntegerField(source="response_status_code", allow_null=True)
    Timestamp = wire.DateTimeField(source="timestamp")
    TriggerType = LabelField(TriggerType, source="trigger_type")


class MessageOutput(serializers.Serializer):
    Id = serializers.CharField(source="public_id")
    Channels = serializers.SerializerMethodField()
    EventType = serializers.CharField(source="event_type")
    Metadata = serializers.SerializerMethodField()
    Payload = serializers.SerializerMethodField()
    EventId = serializers.CharField(source="event_id")
    Timestamp = wire.DateTimeField(source="timestamp")

    def get_Channels(self, obj) -> list:
        return []

    def get_Metadata(self, obj) -> dict:
        return {}

    def get_Payload(self, obj) -> dict:
        return obj.payload if self.context.get("with_content", True) else {}


class MessagePageOutput(serializers.Serializer):
    Data = MessageOutput(source="items", many=True)
    Done = serializers.BooleanField(source="done")
    Iterator = serializers.CharField(source="iterator", allow_null=True)


class AttemptPageOutput(serializers.Serializer):
    Attempts = AttemptOutput(source="items", many=True)
    Done = serializers.BooleanField(source="done")
    Iterator = serializers.CharField(source="iterator", allow_null=True)
