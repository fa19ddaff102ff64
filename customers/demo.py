"""Demo customers for `manage.py seed_demo`: custom fields, customers with keys, an own account."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from bokamera.models import Company
from bokamera.services import user_get_or_create

from .models import AccessKeyType, Customer, CustomerComment, CustomFieldConfig, InvoiceAddress, UserAccessKey

DEMO_FIELDS = [
    {
        "name": "Membership number",
        "description": "The number on the membership card",
        "data_type": "TextBox",
        "reg_ex": r"^\d{6}$",
        "reg_ex_error_message": "A membership number is six digits.",
        "max_length": 6,
        "column": "TextField1",
    },
    {
        "name": "Preferred language",
        "description": "Language for messages",
        "data_type": "DropDown",
        "values": ["Svenska", "English"],
        "default_value": "Svenska",
        "column": "TextField2",
    },
]
DEMO_CUSTOMERS = [
    ("Anna", "Svensson", "+46 70 111 11 11", "1111", True),
    ("Erik", "Johansson", "+46 70 222 22 22", "2222", False),
    ("Maria", "Karlsson", "+46 70 333 33 33", "3333", False),
]


def seed_company(company: Company, *, admin_user: AbstractBaseUser) -> dict[str, Any]:
    """Idempotent: keyed on (company, name) for fields and (company, e-mail) for customers."""
    slug = str(company.pk)[:8]
    fields = [
        CustomFieldConfig.objects.get_or_create(company=company, name=spec["name"], defaults=spec)[0]
        for spec in DEMO_FIELDS
    ]
    customers: list[dict[str, Any]] = []
    for index, (first, last, phone, pin, own_account) in enumerate(DEMO_CUSTOMERS, start=1):
        email = f"{first.lower()}.{slug}@demo.bokamera.local"
        user = (
            user_get_or_create(username=f"demo-customer-{slug}-{index}", email=email) if own_account else None
        )
        customer, _ = Customer.objects.get_or_create(
            company=company,
            email=email,
            defaults={"firstname": first, "lastname": last, "phone": phone, "user": user},
        )
        UserAccessKey.objects.get_or_create(
            company=company,
            access_key_type_id=AccessKeyType.PIN_CODE,
            value=f"{pin}{index}",
            defaults={"customer": customer, "description": "Front door"},
        )
        InvoiceAddress.objects.get_or_create(
            customer=customer,
            defaults={
                "invoice_address1": f"Storgatan {index}",
                "invoice_city": "Stockholm",
                "invoice_postal_code": "111 22",
                "invoice_country_code": "SE",
            },
        )
        if not customer.comments.exists():
            CustomerComment.objects.create(customer=customer, comments=f"Demo customer number {index}")
        customer.custom_field_values.get_or_create(field=fields[0], defaults={"value": f"{index:06d}"})
        customers.append({"Id": customer.pk, "User": user})
    return {"Customers": customers, "CustomFieldIds": [field.pk for field in fields]}
