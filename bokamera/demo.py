"""Demo data shared by every app: the superadmin, two companies with an administrator each, and
deterministic API tokens (derived from SECRET_KEY, so re-running the seed prints the same tokens
and creates nothing twice)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib
import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .api.casing import to_pascal
from .models import ApiToken, Company, hash_token
from .roles import ADMIN_WRITE, grant_role
from .services import user_get_or_create

DEMO_PASSWORD = "demo-password-123"
DEMO_COMPANIES = [
    ("Demo Hair Salon", "demo-admin-1"),
    ("Demo Climbing Gym", "demo-admin-2"),
]
DOMAIN_APPS = ("customers", "scheduling", "webhooks", "integrations")
STAFF_GROUP = "Company administrators"


def demo_token(user) -> str:
    """The same raw token on every run for this user and SECRET_KEY; stored hashed as usual."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"demo-token:{user.username}".encode(), hashlib.sha256)
    raw = ApiToken.PREFIX + base64.urlsafe_b64encode(digest.digest()).decode().rstrip("=")
    ApiToken.objects.get_or_create(
        key_hash=hash_token(raw), defaults={"user": user, "name": "demo", "key_hint": raw[:10]}
    )
    return raw


def staff_group() -> Group:
    """Django-admin model permissions for company staff; which rows they see is up to the roles."""
    group, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS))
    return group


def company_get_or_create(name: str) -> Company:
    company_id = uuid.uuid5(uuid.NAMESPACE_DNS, f"{name}.demo.bokamera")
    company, _ = Company.objects.get_or_create(id=company_id, defaults={"name": name})
    return company


@transaction.atomic
def seed_demo() -> dict[str, Any]:
    superadmin = user_get_or_create(
        username="superadmin", email="superadmin@demo.bokamera.local", password=DEMO_PASSWORD
    )
    if not superadmin.is_superuser:
        superadmin.is_superuser = superadmin.is_staff = True
        superadmin.save(update_fields=["is_superuser", "is_staff"])
    group = staff_group()
    summary: dict[str, Any] = {"SuperadminToken": demo_token(superadmin), "Companies": []}
    for name, admin_username in DEMO_COMPANIES:
        company = company_get_or_create(name)
        admin = user_get_or_create(
            username=admin_username, email=f"{admin_username}@demo.bokamera.local", password=DEMO_PASSWORD
        )
        if not admin.is_staff:
            admin.is_staff = True
            admin.save(update_fields=["is_staff"])
        admin.groups.add(group)
        grant_role(admin, ADMIN_WRITE, company)
        entry: dict[str, Any] = {
            "CompanyId": str(company.pk),
            "Name": company.name,
            "AdminUsername": admin.username,
            "AdminToken": demo_token(admin),
        }
        for app in DOMAIN_APPS:
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError:
                continue
            made = module.seed_company(company, admin_user=admin) or {}
            entry.update({to_pascal(key): value for key, value in made.items()})
        entry["Customers"] = [
            {
                "Id": str(customer["Id"]),
                "Token": demo_token(customer["User"]) if customer.get("User") else None,
            }
            for customer in entry.get("Customers", [])
        ]
        summary["Companies"].append(entry)
    return summary
