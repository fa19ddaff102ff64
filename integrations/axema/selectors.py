"""Reads of Axema user sync jobs, scoped to what the caller may see."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from bokamera.api.errors import NotFound
from bokamera.api.tenancy import resolve_company
from bokamera.models import Company
from bokamera.roles import READ_ROLES, has_role
from integrations.axema_models import AxemaUserSyncJob

from . import conf


def axema_user_sync_job_list(*, company: Company, status: int | None = None) -> QuerySet[AxemaUserSyncJob]:
    """The company's most recent jobs (AXEMA_QUERY_LIMIT), newest first, optionally of one status."""
    jobs = AxemaUserSyncJob.objects.filter(company=company).order_by("-created", "-id")
    if status is not None:
        jobs = jobs.filter(status=status)
    return jobs[: conf.get("AXEMA_QUERY_LIMIT")]


def axema_user_sync_job_get(
    *, user: AbstractBaseUser, job_id: uuid.UUID, company_id: uuid.UUID | None = None
) -> AxemaUserSyncJob:
    """A job the caller may read. Without CompanyId the job's own company is checked; a job of a
    company the caller does not administer is 404, as if it did not exist."""
    if company_id:
        company = resolve_company(user, company_id, READ_ROLES)
        job = AxemaUserSyncJob.objects.filter(pk=job_id, company=company).first()
    else:
        job = AxemaUserSyncJob.objects.select_related("company").filter(pk=job_id).first()
        if job is not None and not has_role(user, job.company, READ_ROLES):
            job = None
    if job is None:
        raise NotFound(f"Axema user sync job {job_id} was not found.", field="Id")
    return job
