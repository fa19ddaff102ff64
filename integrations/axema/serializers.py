"""Wire shapes of the Axema user sync services (names as on the original's metadata pages)."""

from __future__ import annotations

from rest_framework import serializers

from bokamera.api import fields as wire
from integrations.axema_models import AxemaUserSyncStatus


class CreateAxemaUserSyncInput(serializers.Serializer):
    CompanyId = serializers.UUIDField(required=False, allow_null=True)


class QueryAxemaUserSyncJobsInput(serializers.Serializer):
    CompanyId = serializers.UUIDField(required=False, allow_null=True)
    Status = serializers.ChoiceField(choices=AxemaUserSyncStatus.choices, required=False, allow_null=True)

    def to_internal_value(self, data):
        # The enum travels as its number (0..3) or its name (Pending...), as ServiceStack accepts both.
        status = data.get("Status") if hasattr(data, "get") else None
        if isinstance(status, str) and not status.strip().lstrip("-").isdigit():
            names = {label.lower(): value for value, label in AxemaUserSyncStatus.choices}
            if status.strip().lower() in names:
                data = {**data, "Status": names[status.strip().lower()]}
        return super().to_internal_value(data)


class GetAxemaUserSyncJobInput(serializers.Serializer):
    Id = serializers.UUIDField()
    CompanyId = serializers.UUIDField(required=False, allow_null=True)


class AxemaUserSyncJobOutput(serializers.Serializer):
    """AxemaUserSyncJobResponse; also the payload of the axema.usersync.* webhook events."""

    Id = serializers.UUIDField(source="id")
    CompanyId = serializers.UUIDField(source="company_id")
    Status = serializers.IntegerField(source="status")
    StatusName = serializers.CharField(source="get_status_display")
    UsersFound = serializers.IntegerField(source="users_found", allow_null=True)
    UsersCreated = serializers.IntegerField(source="users_created", allow_null=True)
    UsersUpdated = serializers.IntegerField(source="users_updated", allow_null=True)
    ErrorMessage = serializers.SerializerMethodField()
    CreatedDate = wire.DateTimeField(source="created")
    UpdatedDate = wire.DateTimeField(source="updated")

    def get_ErrorMessage(self, job) -> str | None:
        return job.error_message or None


class QueryAxemaUserSyncJobsResponse(serializers.Serializer):
    Results = AxemaUserSyncJobOutput(many=True)
