"""Reads for the VOSS integration."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import Q, QuerySet

from bokamera.models import Company
from integrations.voss_models import VossProduct, VossSettings, VossUsage


def voss_settings_get(*, company: Company) -> VossSettings | None:
    return VossSettings.objects.filter(company=company).first()


def voss_product_list(*, company: Company, product_type: str | None = None) -> QuerySet[VossProduct]:
    products = VossProduct.objects.filter(company=company, active=True)
    if product_type:
        products = products.filter(product_type=product_type)
    return products.order_by("article_number")


def voss_usage_list(
    *, company: Company, status: str | None = None, article_number: str | None = None
) -> QuerySet[VossUsage]:
    usages = VossUsage.objects.filter(company=company).select_related("product")
    if status:
        usages = usages.filter(status=status)
    if article_number:
        usages = usages.filter(article_number=article_number)
    return usages.order_by("-created", "-pk")


def voss_usage_due_ids(*, now: dt.datetime, limit: int = 500) -> list[uuid.UUID]:
    """Pending rows whose task never ran, was lost, or whose last try failed and is due again
    (a row being sent holds next_attempt_at in the future as a lease)."""
    due = VossUsage.objects.filter(Q(status=VossUsage.Status.PENDING) & Q(next_attempt_at__lte=now))
    return list(due.order_by("next_attempt_at").values_list("id", flat=True)[:limit])
