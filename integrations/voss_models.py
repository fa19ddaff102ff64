"""VOSS (subscription billing) models: a company's settings, its product catalogue and the usage
it reports. A usage row is the outbox: it is written with the request and a task (or the
periodic sweep) sends it to VOSS until VOSS has answered."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

__all__ = ["VossProduct", "VossSettings", "VossUsage"]


class VossSettings(models.Model):
    """How to reach VOSS for one company. `api_key` is a credential: never rendered back."""

    company = models.OneToOneField("bokamera.Company", on_delete=models.CASCADE, related_name="voss_settings")
    enabled = models.BooleanField(default=True)
    api_base_url = models.URLField(
        max_length=300, help_text="VOSS API root, e.g. https://api.voss.example/v1"
    )
    api_key = models.CharField(
        max_length=300, blank=True, help_text="Sent as a bearer token; never shown back."
    )
    customer_id = models.CharField(max_length=100, help_text="The company's customer id in VOSS")
    subscription_id = models.CharField(max_length=100, help_text="The subscription usage is reported on")
    products_refreshed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "VOSS settings"
        verbose_name_plural = "VOSS settings"

    def __str__(self) -> str:
        return f"VOSS settings of {self.company}"

    def __repr__(self) -> str:  # never leak the key into logs or tracebacks
        return f"<VossSettings company={self.company_id} customer={self.customer_id}>"


class VossProduct(models.Model):
    """An article a company may report usage of (refreshed from VOSS or edited by staff)."""

    class ProductType(models.TextChoices):
        MAIN = "Main"
        ADDON = "Addon"
        LICENSE = "License"
        USAGE = "Usage"

    company = models.ForeignKey("bokamera.Company", on_delete=models.CASCADE, related_name="voss_products")
    article_number = models.CharField(max_length=100)
    name = models.CharField(max_length=200)
    product_type = models.CharField(max_length=10, choices=ProductType.choices, default=ProductType.USAGE)
    voss_id = models.CharField(max_length=100, blank=True, help_text="The product's id in VOSS, if known")
    active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["company", "article_number"]
        constraints = [
            models.UniqueConstraint(fields=["company", "article_number"], name="voss_product_unique_article")
        ]

    def __str__(self) -> str:
        return f"{self.article_number} {self.name}"


class VossUsage(models.Model):
    """One CreateVossUsage call. `idempotency_key` is unique per company; VOSS dedupes on it too."""

    class Status(models.TextChoices):
        PENDING = "Pending"
        SENT = "Sent"
        FAILED = "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    company = models.ForeignKey("bokamera.Company", on_delete=models.CASCADE, related_name="voss_usages")
    product = models.ForeignKey(VossProduct, on_delete=models.PROTECT, related_name="usages")
    article_number = models.CharField(max_length=100)
    quantity = models.PositiveIntegerField()
    idempotency_key = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    # Pending rows: when the sweep may (re)send it. Set ahead while a send is in flight (a lease).
    next_attempt_at = models.DateTimeField()
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    voss_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    voss_response = models.JSONField(null=True, blank=True, help_text="VOSS's answer, as received")
    response_body = models.JSONField(help_text="The first answer to the client, replayed on a repeat")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(fields=["company", "idempotency_key"], name="voss_usage_unique_key"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="voss_usage_quantity_positive"),
            models.CheckConstraint(
                condition=Q(status__in=["Pending", "Sent", "Failed"]), name="voss_usage_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="voss_usage_due"),
            models.Index(fields=["company", "-created"], name="voss_usage_company_created"),
        ]

    def __str__(self) -> str:
        return f"{self.article_number} x {self.quantity} ({self.status})"

    @property
    def voss_idempotency_key(self) -> str:
        """The key sent to VOSS: the client's key, namespaced by company so two companies that
        pick the same key can never be deduplicated into one bill by VOSS."""
        return f"{self.company_id}:{self.idempotency_key}"
