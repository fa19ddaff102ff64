"""A world of two companies (the demo seed plus a webhook message and attempt, an Axema job and a
VOSS usage row) and the secrets that must never leak from it."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from bokamera.demo import seed_demo
from bokamera.models import Company
from bokamera.services import api_token_create
from customers.models import Customer, UserAccessKey
from integrations.axema_models import AxemaSettings
from integrations.voss_models import VossProduct, VossSettings, VossUsage
from scheduling.models import Booking, Resource, TimeException
from tests.integrations.axema.factories import AxemaUserSyncJobFactory
from tests.webhooks.factories import AttemptFactory
from webhooks.models import WebhookEndpoint


@dataclass
class World:
    company_a: Company
    company_b: Company
    admin_a: Any
    admin_b: Any
    token_a: str
    token_b: str
    # Ids of company A's objects, by the route segment that precedes them ("customers/{Id}").
    ids: dict[str, str] = field(default_factory=dict)
    resource_ids: list[int] = field(default_factory=list)
    article_number: str = ""
    axema_password: str = ""
    voss_api_key: str = ""
    webhook_secret: str = ""

    @property
    def secrets(self) -> dict[str, str]:
        return {
            "Axema password": self.axema_password,
            "VOSS API key": self.voss_api_key,
            "webhook secret": self.webhook_secret,
        }


def build_world() -> World:
    """The demo seed plus the rows it lacks; company A's secrets made distinctive."""
    summary = seed_demo()
    users = get_user_model().objects
    (a, b) = summary["Companies"]
    company_a = Company.objects.get(pk=a["CompanyId"])
    company_b = Company.objects.get(pk=b["CompanyId"])
    admin_a = users.get(username=a["AdminUsername"])
    admin_b = users.get(username=b["AdminUsername"])

    # Distinctive secrets for company A, so a leak is found by a plain substring search.
    axema_password = f"axema-pw-{secrets.token_hex(8)}"
    voss_api_key = f"voss-key-{secrets.token_hex(8)}"
    AxemaSettings.objects.filter(company=company_a).update(password=axema_password)
    VossSettings.objects.filter(company=company_a).update(api_key=voss_api_key)

    endpoint = WebhookEndpoint.objects.filter(company=company_a).first()
    attempt = AttemptFactory(endpoint=endpoint)
    job = AxemaUserSyncJobFactory(company=company_a)
    product = VossProduct.objects.filter(company=company_a).first()
    now = timezone.now()
    usage = VossUsage.objects.create(
        company=company_a,
        product=product,
        article_number=product.article_number,
        quantity=2,
        idempotency_key="security-test",
        next_attempt_at=now + dt.timedelta(hours=1),
        response_body={"articleNumber": product.article_number},
        created=now,
    )
    customer = Customer.objects.filter(company=company_a, access_keys__isnull=False).first()
    exception = TimeException.objects.filter(company=company_a).first()
    booking = Booking.objects.filter(company=company_a).first()
    access_key = UserAccessKey.objects.filter(customer=customer).first()
    return World(
        company_a=company_a,
        company_b=company_b,
        admin_a=admin_a,
        admin_b=admin_b,
        token_a=api_token_create(user=admin_a, name="security")[1],
        token_b=api_token_create(user=admin_b, name="security")[1],
        ids={
            "customers": str(customer.pk),
            "timeexceptions": str(exception.pk),
            "endpoints": endpoint.public_id,
            "messages": attempt.message.public_id,
            "attempts": attempt.public_id,
            "usersync": str(job.pk),
            "usage": str(usage.pk),
            "bookings": str(booking.pk),
            "accesskeys": str(access_key.pk),
        },
        resource_ids=list(Resource.objects.filter(company=company_a).values_list("pk", flat=True)),
        article_number=product.article_number,
        axema_password=axema_password,
        voss_api_key=voss_api_key,
        webhook_secret=endpoint.secret,
    )
