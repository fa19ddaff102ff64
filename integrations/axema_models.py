"""Axema Vaka: a company's connection settings and its user sync jobs."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from bokamera.models import Company

__all__ = ["AxemaSettings", "AxemaUserSyncJob", "AxemaUserSyncStatus", "AxemaUserSyncTrigger"]


class AxemaSettings(models.Model):
    """How to reach a company's Axema Vaka server. The password is write-only everywhere."""

    company = models.OneToOneField(
        Company, on_delete=models.CASCADE, primary_key=True, related_name="axema_settings"
    )
    api_endpoint = models.CharField(
        max_length=500, help_text="Base URL of the Vaka API, e.g. https://vaka.example.com"
    )
    port = models.PositiveIntegerField(
        null=True, blank=True, help_text="Overrides the port of the endpoint when set"
    )
    username = models.CharField(max_length=200)
    # Stored as given: the sync must send it to Vaka. Never rendered by the API or the admin.
    password = models.CharField(max_length=500, blank=True)
    enabled = models.BooleanField(default=True)
    nightly_sync = models.BooleanField(default=False, help_text="Sync users every night (Celery beat)")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Axema settings"
        verbose_name_plural = "Axema settings"

    def __str__(self) -> str:
        return f"Axema settings of {self.company_id}"

    def __repr__(self) -> str:  # never leak the password into logs
        return f"<AxemaSettings company={self.company_id} endpoint={self.api_endpoint!r}>"


class AxemaUserSyncStatus(models.IntegerChoices):
    PENDING = 0, "Pending"
    PROCESSING = 1, "Processing"
    COMPLETED = 2, "Completed"
    FAILED = 3, "Failed"


RUNNING_STATUSES = (AxemaUserSyncStatus.PENDING, AxemaUserSyncStatus.PROCESSING)


class AxemaUserSyncTrigger(models.TextChoices):
    API = "api", "API"
    NIGHTLY = "nightly", "Nightly"
    COMMAND = "command", "Management command"


class AxemaUserSyncJob(models.Model):
    """One run of the user sync. At most one Pending/Processing job per company (a partial
    unique index), so two simultaneous requests cannot both start one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="axema_user_sync_jobs")
    status = models.PositiveSmallIntegerField(
        choices=AxemaUserSyncStatus.choices, default=AxemaUserSyncStatus.PENDING
    )
    trigger = models.CharField(
        max_length=20, choices=AxemaUserSyncTrigger.choices, default=AxemaUserSyncTrigger.API
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    users_found = models.PositiveIntegerField(null=True, blank=True)
    users_processed = models.PositiveIntegerField(default=0)
    users_created = models.PositiveIntegerField(null=True, blank=True)
    users_updated = models.PositiveIntegerField(null=True, blank=True)
    users_skipped = models.PositiveIntegerField(default=0, help_text="Malformed records left out")
    error_message = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Last sign of life of the worker; the reaper fails stale jobs"
    )
    enqueued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["company"],
                condition=Q(status__in=[0, 1]),
                name="axema_one_running_user_sync_per_company",
            )
        ]
        indexes = [
            models.Index(fields=["company", "-created"], name="axema_job_company_created_idx"),
            models.Index(fields=["status", "heartbeat_at"], name="axema_job_status_heartbeat_idx"),
        ]

    def __str__(self) -> str:
        return f"Axema user sync {self.id} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES
