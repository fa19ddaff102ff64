"""Reads of customers: access checks, one customer with its details, the company's list."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch, Q, QuerySet

from bokamera.api.errors import Forbidden, NotFound
from bokamera.api.tenancy import resolve_company
from bokamera.roles import READ_ROLES, SUPERADMIN, has_role, is_superadmin

from .models import Customer, CustomFieldConfig, CustomFieldValue, InvoiceAddress

ORDERABLE = {
    "Id": "id",
    "Firstname": "firstname",
    "Lastname": "lastname",
    "Email": "email",
    "Phone": "phone",
    "Created": "created",
    "Updated": "updated",
}


def customer_check_access(*, user: AbstractBaseUser, customer: Customer, roles: Iterable[str]) -> bool:
    """Allows the customer's own account or a holder of `roles` on its company; returns "is self".

    A caller with only the read role on the company gets 403; anyone else 404, so another
    company's customers are not revealed.
    """
    if customer.user_id is not None and customer.user_id == user.pk:
        return True
    # The company roles first: an administrator then needs no superadmin permission queries.
    company_roles = tuple(role for role in roles if role != SUPERADMIN)
    if has_role(user, customer.company, company_roles) or (SUPERADMIN in roles and is_superadmin(user)):
        return False
    if has_role(user, customer.company, READ_ROLES):
        raise Forbidden()
    raise NotFound(f"Customer {customer.pk} was not found.", field="Id")


def invoice_address_of(customer: Customer) -> InvoiceAddress | None:
    try:
        return customer.invoice_address
    except InvoiceAddress.DoesNotExist:
        return None


def custom_field_configs(*, company_id: uuid.UUID) -> list[CustomFieldConfig]:
    return list(CustomFieldConfig.objects.filter(company_id=company_id))


def attach_details(
    customer: Customer,
    *,
    configs: Sequence[CustomFieldConfig],
    values: Iterable[CustomFieldValue],
    access_keys: Iterable[Any],
    comments: Iterable[Any],
) -> Customer:
    """Sets the plain attributes the CustomerQueryResponse serializer reads (no queries)."""
    by_id = {config.pk: config for config in configs}
    field_values = []
    for value in values:
        if value.field_id in by_id:
            value.field = by_id[value.field_id]
            field_values.append(value)
    customer.field_configs = list(configs)
    customer.field_values = sorted(field_values, key=lambda v: v.field_id)
    customer.key_list = sorted(access_keys, key=lambda k: (k.created, str(k.pk)))
    customer.comment_list = list(comments)
    customer.invoice = invoice_address_of(customer)
    return customer


def _detailed_queryset() -> QuerySet[Customer]:
    return Customer.objects.select_related("company", "invoice_address").prefetch_related(
        Prefetch("custom_field_values", queryset=CustomFieldValue.objects.all()),
        "access_keys",
        "comments",
    )


def _attach_prefetched(customers: Iterable[Customer], configs: Sequence[CustomFieldConfig]) -> list[Customer]:
    return [
        attach_details(
            customer,
            configs=configs,
            values=customer.custom_field_values.all(),
            access_keys=customer.access_keys.all(),
            comments=customer.comments.all(),
        )
        for customer in customers
    ]


def customer_get(
    *, user: AbstractBaseUser, customer_id: uuid.UUID, company_id: uuid.UUID | None = None
) -> Customer:
    """One customer with its details; readable by its own account and the company's readers."""
    customer = _detailed_queryset().filter(pk=customer_id).first()
    if customer is None or (company_id and customer.company_id != company_id):
        raise NotFound(f"Customer {customer_id} was not found.", field="Id")
    customer_check_access(user=user, customer=customer, roles=READ_ROLES)
    return _attach_prefetched([customer], custom_field_configs(company_id=customer.company_id))[0]


def search_filter(search: str) -> Q:
    """Every word must match the first name, last name, e-mail or phone (case-insensitively)."""
    condition = Q()
    for word in search.split():
        condition &= (
            Q(firstname__icontains=word)
            | Q(lastname__icontains=word)
            | Q(email__icontains=word)
            | Q(phone__icontains=word)
        )
    return condition


def customer_list(
    *, user: AbstractBaseUser, company_id: uuid.UUID | None = None, search: str = ""
) -> tuple[QuerySet[Customer], Any]:
    """The company's customers (filtered by `search`) and a function that serializes a page of them.

    The returned callable attaches details with a constant number of queries per page.
    """
    company = resolve_company(user, company_id, READ_ROLES)
    queryset = _detailed_queryset().filter(company=company)
    if search and search.strip():
        queryset = queryset.filter(search_filter(search))

    def with_details(rows: list[Customer]) -> list[Customer]:
        if not rows:
            return []
        return _attach_prefetched(rows, custom_field_configs(company_id=company.pk))

    return queryset, with_details
