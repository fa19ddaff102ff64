"""Axema services (merged into integrations/urls.py by `from .axema.urls import axema_services`)."""

from bokamera.api.routing import Service
from bokamera.roles import READ_ROLES, WRITE_ROLES

from . import serializers as s
from .views import AxemaUserSyncJobView, AxemaUserSyncView

TAGS = ("Axema",)

axema_services = [
    Service(
        "CreateAxemaUserSync",
        "POST",
        "/codelock/axema/usersync",
        AxemaUserSyncView,
        summary="Start a sync of users from the Axema Vaka system into BokaMera customers",
        roles=WRITE_ROLES,
        response_name="AxemaUserSyncJobResponse",
        request_serializer=s.CreateAxemaUserSyncInput,
        response_serializer=s.AxemaUserSyncJobOutput,
        tags=TAGS,
    ),
    Service(
        "QueryAxemaUserSyncJobs",
        "GET",
        "/codelock/axema/usersync",
        AxemaUserSyncView,
        summary="Query Axema user sync jobs",
        roles=READ_ROLES,
        response_name="QueryAxemaUserSyncJobsResponse",
        request_serializer=s.QueryAxemaUserSyncJobsInput,
        response_serializer=s.QueryAxemaUserSyncJobsResponse,
        tags=TAGS,
    ),
    Service(
        "GetAxemaUserSyncJob",
        "GET",
        "/codelock/axema/usersync/{Id}",
        AxemaUserSyncJobView,
        summary="Get a single Axema user sync job by id",
        roles=READ_ROLES,
        response_name="AxemaUserSyncJobResponse",
        request_serializer=s.GetAxemaUserSyncJobInput,
        response_serializer=s.AxemaUserSyncJobOutput,
        tags=TAGS,
    ),
]
