"""Axema user sync services: CreateAxemaUserSync, QueryAxemaUserSyncJobs, GetAxemaUserSyncJob."""

from __future__ import annotations

from rest_framework.response import Response

from bokamera.api.tenancy import resolve_company
from bokamera.api.views import ServiceView
from bokamera.roles import READ_ROLES, WRITE_ROLES

from . import selectors, services
from .serializers import (
    AxemaUserSyncJobOutput,
    CreateAxemaUserSyncInput,
    GetAxemaUserSyncJobInput,
    QueryAxemaUserSyncJobsInput,
)


class AxemaUserSyncView(ServiceView):
    """POST starts a sync (write role); GET lists the company's jobs (read role)."""

    response_name = "AxemaUserSyncJobResponse"

    def post(self, request, **kwargs):
        data = self.bind(request, CreateAxemaUserSyncInput)
        company = resolve_company(request.user, data.get("CompanyId"), WRITE_ROLES)
        job = services.axema_user_sync_start(company=company, requested_by=request.user)
        return Response(AxemaUserSyncJobOutput(job).data)

    def get(self, request, **kwargs):
        self.response_name = "QueryAxemaUserSyncJobsResponse"
        data = self.bind(request, QueryAxemaUserSyncJobsInput)
        company = resolve_company(request.user, data.get("CompanyId"), READ_ROLES)
        jobs = selectors.axema_user_sync_job_list(company=company, status=data.get("Status"))
        return Response({"Results": AxemaUserSyncJobOutput(jobs, many=True).data})


class AxemaUserSyncJobView(ServiceView):
    response_name = "AxemaUserSyncJobResponse"

    def get(self, request, **kwargs):
        data = self.bind(request, GetAxemaUserSyncJobInput)
        job = selectors.axema_user_sync_job_get(
            user=request.user, job_id=data["Id"], company_id=data.get("CompanyId")
        )
        return Response(AxemaUserSyncJobOutput(job).data)
