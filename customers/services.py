"""Writes of customers: UpdateCustomer (details, custom field values, access keys, invoice address)."""

from __future__ import annotations

import datetime as dt
import functools
import re
import uuid
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from bokamera.api.errors import ApplicationError, Conflict, Forbidden, NotFound, field_error
from bokamera.events import publish_event
from bokamera.roles import WRITE_ROLES

from .models import (
    AccessKeyType,
    Customer,
    CustomerComment,
    CustomFieldConfig,
    CustomFieldDataType,
    CustomFieldValue,
    InvoiceAddress,
    UserAccessKey,
)
from .selectors import attach_details, customer_check_access, invoice_address_of

CUSTOMER_UPDATED = "customer.updated"
INVOICE_FIELDS = (
    ("corporate_identity_number", "CorporateIdentityNumber"),
    ("invoice_address1", "InvoiceAddress1"),
    ("invoice_address2", "InvoiceAddress2"),
    ("invoice_city", "InvoiceCity"),
    ("invoice_postal_code", "InvoicePostalCode"),
    ("invoice_country_code", "InvoiceCountryCode"),
)
ACCESS_KEY_CONFLICT = "access_key_unique_value_per_company_type"

F = TypeVar("F", bound=Callable[..., Any])


def _conflict_on_integrity_error(func: F) -> F:
    """A unique access key value taken by a concurrent request: 409, the transaction rolled back."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except IntegrityError as exc:
            text = str(exc)
            # PostgreSQL names the constraint; SQLite names the table and columns.
            if ACCESS_KEY_CONFLICT in text or "UNIQUE constraint failed: customers_useraccesskey" in text:
                raise Conflict(
                    "An access key with this type and value already exists in the company.",
                    field="AccessKeys",
                ) from exc
            raise

    return wrapper  # type: ignore[return-value]


class _Errors:
    """Collects field errors so one 400 answer lists every bad field."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def add(
        self, field: str, message: str, code: str = "Invalid", meta: dict[str, str] | None = None
    ) -> None:
        self.items.append(field_error(field, message, code, meta))

    def raise_if_any(self) -> None:
        if self.items:
            first = self.items[0]
            raise ApplicationError(first["Message"], code=first["ErrorCode"], errors=self.items)


@_conflict_on_integrity_error
@transaction.atomic
def customer_update(
    *,
    user: AbstractBaseUser,
    customer_id: uuid.UUID,
    company_id: uuid.UUID | None = None,
    firstname: str,
    lastname: str,
    phone: str,
    email: str,
    custom_fields: Sequence[dict[str, Any]] = (),
    access_keys: Sequence[dict[str, Any]] = (),
    access_keys_to_delete: Sequence[dict[str, Any]] = (),
    subscribed_to_newsletter: bool | None = None,
    invoice_address: dict[str, Any] | None = None,
) -> Customer:
    """Updates a customer as UpdateCustomer does; a refused request changes nothing.

    The customer row is locked first, so concurrent updates of its access keys apply one after
    the other. Writes are bulk operations: the number of queries does not grow with the number of
    custom fields or access keys. Publishes `customer.updated` when anything changed.
    """
    customer = (
        Customer.objects.select_for_update(of=("self",))
        .select_related("company", "invoice_address")
        .filter(pk=customer_id)
        .first()
    )
    if customer is None or (company_id and customer.company_id != company_id):
        raise NotFound(f"Customer {customer_id} was not found.", field="Id")
    is_self = customer_check_access(user=user, customer=customer, roles=WRITE_ROLES)

    changed = _apply_details(
        customer,
        is_self=is_self,
        firstname=firstname,
        lastname=lastname,
        phone=phone,
        email=email,
        subscribed_to_newsletter=subscribed_to_newsletter,
    )
    errors = _Errors()
    configs, values = _configs_with_values(customer)
    value_rows = _plan_custom_fields(customer, configs, values, custom_fields, errors)
    keys, others = _keys_and_candidates(customer, access_keys)
    key_plan = _plan_access_keys(customer, keys, access_keys, access_keys_to_delete, errors)
    errors.raise_if_any()
    _check_access_key_conflicts(key_plan, others)

    now = timezone.now()
    if value_rows:
        CustomFieldValue.objects.bulk_create(
            value_rows,
            update_conflicts=True,
            unique_fields=["customer", "field"],
            update_fields=["value"],
        )
        changed.append("CustomFieldValues")
    if key_plan.deleted:
        UserAccessKey.objects.filter(pk__in=[key.pk for key in key_plan.deleted]).delete()
    if key_plan.updated:
        if key_plan.swaps:
            # A unique index is checked row by row: park the values first (a unique placeholder).
            UserAccessKey.objects.filter(pk__in=[key.pk for key in key_plan.updated]).update(
                value=Concat(Value("~swap~"), Cast("id", CharField()))
            )
        for key in key_plan.updated:
            key.updated = now
        UserAccessKey.objects.bulk_update(
            key_plan.updated, ["access_key_type", "value", "description", "updated"]
        )
    if key_plan.created:
        UserAccessKey.objects.bulk_create(key_plan.created)
    if key_plan.deleted or key_plan.updated or key_plan.created:
        changed.append("AccessKeys")
    if invoice_address is not None and _save_invoice_address(customer, invoice_address):
        changed.append("InvoiceAddress")
    if changed:
        customer.save(update_fields=[*_model_fields(changed), "updated"])
        if "Email" in changed and is_self:
            get_user_model().objects.filter(pk=customer.user_id).update(email=customer.email)

    attach_details(
        customer,
        configs=configs,
        values=values.values(),
        access_keys=key_plan.final,
        comments=CustomerComment.objects.filter(customer=customer),
    )
    if changed:
        publish_event(
            company_id=customer.company_id,
            event_type=CUSTOMER_UPDATED,
            payload=_event_payload(customer, changed),
            sender="customers",
        )
    return customer


_DETAIL_FIELDS = {
    "Firstname": "firstname",
    "Lastname": "lastname",
    "Phone": "phone",
    "Email": "email",
    "SubscribedToNewsletter": "subscribed_to_newsletter",
}


def _model_fields(changed: list[str]) -> list[str]:
    return [_DETAIL_FIELDS[name] for name in changed if name in _DETAIL_FIELDS]


def _apply_details(
    customer: Customer,
    *,
    is_self: bool,
    firstname: str,
    lastname: str,
    phone: str,
    email: str,
    subscribed_to_newsletter: bool | None,
) -> list[str]:
    """Sets the customer's own fields; returns the wire names of those that changed.

    Once a customer has its own account, only that customer changes its e-mail (403, FieldName
    Email, for anyone else); sending the unchanged address (any letter case) is fine.
    """
    email = email.strip()
    if email.lower() == customer.email.lower():
        email = customer.email
    elif customer.user_id is not None and not is_self:
        raise Forbidden(
            "The customer has its own account: only the customer can change its e-mail.",
            code="EmailChangeNotAllowed",
            field="Email",
        )
    wanted = {
        "firstname": firstname.strip(),
        "lastname": lastname.strip(),
        "phone": phone.strip(),
        "email": email,
    }
    if subscribed_to_newsletter is not None:
        wanted["subscribed_to_newsletter"] = subscribed_to_newsletter
    changed = []
    for wire, attribute in _DETAIL_FIELDS.items():
        if attribute in wanted and getattr(customer, attribute) != wanted[attribute]:
            setattr(customer, attribute, wanted[attribute])
            changed.append(wire)
    return changed


def _configs_with_values(customer: Customer) -> tuple[list[CustomFieldConfig], dict[int, CustomFieldValue]]:
    """The company's fields and the customer's stored values, in one query."""
    stored = CustomFieldValue.objects.filter(customer=customer, field=OuterRef("pk")).values("value")[:1]
    configs = list(
        CustomFieldConfig.objects.filter(company_id=customer.company_id).annotate(
            stored_value=Subquery(stored)
        )
    )
    values = {
        config.pk: CustomFieldValue(customer=customer, field=config, value=config.stored_value)
        for config in configs
        if config.stored_value is not None
    }
    return configs, values


def _plan_custom_fields(
    customer: Customer,
    configs: list[CustomFieldConfig],
    values: dict[int, CustomFieldValue],
    items: Sequence[dict[str, Any]],
    errors: _Errors,
) -> list[CustomFieldValue]:
    """Checks each sent value against its field's config; returns the rows to insert or update.

    `values` is updated in place to the state after the request. A mandatory field must hold a
    value afterwards, whether sent now or stored before.
    """
    by_id = {config.pk: config for config in configs}
    seen: set[int] = set()
    rows: list[CustomFieldValue] = []
    for index, item in enumerate(items):
        field_id = item.get("field_id")
        config = by_id.get(field_id) if field_id is not None else None
        if config is None:
            errors.add(
                f"CustomFields[{index}].Id",
                f"Custom field {field_id} is not a custom field of the company.",
                "NotFound",
            )
            continue
        if field_id in seen:
            errors.add(f"CustomFields[{index}].Id", f"Custom field {field_id} is sent twice.", "Duplicate")
            continue
        seen.add(field_id)
        value = item.get("value") or ""
        problem = custom_field_problem(config, value)
        if problem:
            errors.add(
                f"CustomFields[{index}].Value", problem[1], problem[0], {"CustomFieldId": str(field_id)}
            )
            continue
        current = values.get(field_id)
        if current is None:
            current = values[field_id] = CustomFieldValue(customer=customer, field=config, value=value)
            rows.append(current)
        elif current.value != value:
            current.value = value
            rows.append(current)
    for config in configs:
        stored = values.get(config.pk)
        if config.is_mandatory and config.pk not in seen and not (stored and stored.value.strip()):
            errors.add(
                "CustomFields",
                config.mandatory_error_message or f"{config.name} is mandatory.",
                "NotEmpty",
                {"CustomFieldId": str(config.pk)},
            )
    return rows


def custom_field_problem(config: CustomFieldConfig, value: str) -> tuple[str, str] | None:
    """(ErrorCode, message) when `value` breaks the field's configuration, else None."""
    if not value.strip():
        if config.is_mandatory:
            return "NotEmpty", config.mandatory_error_message or f"{config.name} is mandatory."
        return None
    if config.max_length and len(value) > config.max_length:
        return "MaximumLength", f"{config.name} must be at most {config.max_length} characters."
    if config.reg_ex:
        try:
            matches = re.search(config.reg_ex, value) is not None
        except re.error:
            matches = True  # a broken pattern in the config must not lock customers out
        if not matches:
            return "RegularExpression", config.reg_ex_error_message or f"{config.name} has an invalid format."
    return _data_type_problem(config, value)


def _data_type_problem(config: CustomFieldConfig, value: str) -> tuple[str, str] | None:
    if config.data_type == CustomFieldDataType.DROP_DOWN:
        allowed = [str(v.get("Value", "") if isinstance(v, dict) else v) for v in config.values or []]
        if allowed and value not in allowed:
            return "Enum", f"{config.name} must be one of: {', '.join(allowed)}."
    elif config.data_type == CustomFieldDataType.CHECK_BOX:
        if value.lower() not in ("true", "false"):
            return "Invalid", f"{config.name} must be true or false."
    elif config.data_type == CustomFieldDataType.NUMERIC_TEXT_BOX:
        try:
            float(value.replace(",", "."))
        except ValueError:
            return "Invalid", f"{config.name} must be a number."
    elif config.data_type == CustomFieldDataType.DATE:
        try:
            dt.date.fromisoformat(value[:10])
        except ValueError:
            return "Invalid", f"{config.name} must be a date (yyyy-mm-dd)."
    return None


class _KeyPlan:
    def __init__(self) -> None:
        self.deleted: list[UserAccessKey] = []
        self.updated: list[UserAccessKey] = []
        self.created: list[UserAccessKey] = []
        self.final: list[UserAccessKey] = []
        # (AccessKeys index, key) of keys whose type or value is new: checked for uniqueness
        self.to_check: list[tuple[int, UserAccessKey]] = []
        # Updated keys take values other kept keys hold now (a swap): written in two steps.
        self.swaps = False


def _plan_access_keys(
    customer: Customer,
    keys: list[UserAccessKey],
    items: Sequence[dict[str, Any]],
    to_delete: Sequence[dict[str, Any]],
    errors: _Errors,
) -> _KeyPlan:
    """Plans deletes, updates and creates of the customer's keys (only its own can be touched)."""
    plan = _KeyPlan()
    own = {key.pk: key for key in keys}
    held_before = {key.pk: (key.access_key_type_id, key.value) for key in keys}
    not_own = "Access key {} is not one of this customer's access keys."
    delete_ids: set[uuid.UUID] = set()
    for index, item in enumerate(to_delete):
        key_id = item.get("id")
        if key_id is None:
            continue  # the page's sample sends [{}]: nothing to delete
        if key_id not in own:
            errors.add(f"AccessKeysToDelete[{index}].Id", not_own.format(key_id), "NotFound")
            continue
        delete_ids.add(key_id)
    plan.deleted = [own[key_id] for key_id in delete_ids]

    type_ids = _access_key_type_ids(items)
    touched: set[uuid.UUID] = set()
    for index, item in enumerate(items):
        prefix = f"AccessKeys[{index}]"
        if item.get("company_id") and item["company_id"] != customer.company_id:
            errors.add(f"{prefix}.CompanyId", "An access key belongs to the customer's company.", "Invalid")
            continue
        if item.get("customer_id") and item["customer_id"] != customer.pk:
            errors.add(
                f"{prefix}.CustomerId", "An access key belongs to the customer being updated.", "Invalid"
            )
            continue
        type_id = item.get("access_key_type_id")
        if type_id is not None and type_id not in type_ids:
            errors.add(f"{prefix}.AccessKeyTypeId", f"Unknown access key type {type_id}.", "NotFound")
            continue
        key_id = item.get("id")
        if key_id is None:
            if type_id is None:
                errors.add(f"{prefix}.AccessKeyTypeId", "A new access key needs its type.", "NotEmpty")
                continue
            key = UserAccessKey(
                company_id=customer.company_id,
                customer=customer,
                access_key_type_id=type_id,
                value=item["value"],
                description=item.get("description") or "",
            )
            plan.created.append(key)
            plan.to_check.append((index, key))
            continue
        key = own.get(key_id)
        if key is None:
            errors.add(f"{prefix}.Id", not_own.format(key_id), "NotFound")
        elif key_id in delete_ids:
            errors.add(f"{prefix}.Id", f"Access key {key_id} is both updated and deleted.", "Invalid")
        elif key_id in touched:
            errors.add(f"{prefix}.Id", f"Access key {key_id} is sent twice.", "Duplicate")
        else:
            touched.add(key_id)
            new_type = type_id if type_id is not None else key.access_key_type_id
            new_description = item["description"] if item.get("description") is not None else key.description
            if (new_type, item["value"]) != (key.access_key_type_id, key.value):
                plan.to_check.append((index, key))
            if (new_type, item["value"], new_description) != (
                key.access_key_type_id,
                key.value,
                key.description,
            ):
                key.access_key_type_id, key.value, key.description = new_type, item["value"], new_description
                plan.updated.append(key)
    plan.final = [key for key in keys if key.pk not in delete_ids] + plan.created
    kept_pairs = {pair for pk, pair in held_before.items() if pk not in delete_ids}
    plan.swaps = any(
        (key.access_key_type_id, key.value) in kept_pairs
        and (key.access_key_type_id, key.value) != held_before[key.pk]
        for key in plan.updated
    )
    _check_duplicates_within(plan, errors)
    return plan


def _access_key_type_ids(items: Sequence[dict[str, Any]]) -> set[int]:
    """The known type ids among those sent; the three seeded ones need no query."""
    wanted = {item["access_key_type_id"] for item in items if item.get("access_key_type_id") is not None}
    seeded = {AccessKeyType.PIN_CODE, AccessKeyType.CARD, AccessKeyType.OTHER}
    if wanted <= seeded:
        return wanted
    return (wanted & seeded) | set(
        AccessKeyType.objects.filter(pk__in=wanted - seeded).values_list("pk", flat=True)
    )


def _keys_and_candidates(
    customer: Customer, items: Sequence[dict[str, Any]]
) -> tuple[list[UserAccessKey], set[tuple[int, str]]]:
    """The customer's keys, and the (type, value) pairs of other customers' keys in the company
    that share a value with a key sent: one query for both."""
    sent_values = {item["value"] for item in items}
    condition = Q(customer=customer)
    if sent_values:
        condition |= Q(company_id=customer.company_id, value__in=sent_values)
    own: list[UserAccessKey] = []
    others: set[tuple[int, str]] = set()
    for key in UserAccessKey.objects.filter(condition):
        if key.customer_id == customer.pk:
            own.append(key)
        else:
            others.add((key.access_key_type_id, key.value))
    return own, others


def _check_duplicates_within(plan: _KeyPlan, errors: _Errors) -> None:
    """Two of the customer's keys (after the request) with the same type and value."""
    counts: dict[tuple[int, str], int] = {}
    for key in plan.final:
        pair = (key.access_key_type_id, key.value)
        counts[pair] = counts.get(pair, 0) + 1
    for index, key in plan.to_check:
        if counts[(key.access_key_type_id, key.value)] > 1:
            errors.add(
                f"AccessKeys[{index}].Value",
                f"The customer already has an access key of type {key.access_key_type_id} with this value.",
                "Duplicate",
            )


def _check_access_key_conflicts(plan: _KeyPlan, taken: set[tuple[int, str]]) -> None:
    """A new type/value pair already used by another customer of the company: 409."""
    for index, key in plan.to_check:
        if (key.access_key_type_id, key.value) in taken:
            raise Conflict(
                "Another customer of the company already has an access key of this type and value.",
                field=f"AccessKeys[{index}].Value",
            )


def _save_invoice_address(customer: Customer, data: dict[str, Any]) -> bool:
    """Creates or replaces the invoice address (fields left out become empty); True if it changed."""
    wanted = {attribute: (data.get(attribute) or "").strip() for attribute, _ in INVOICE_FIELDS}
    address = invoice_address_of(customer)
    if address is None:
        customer.invoice_address = InvoiceAddress.objects.create(customer=customer, **wanted)
        return True
    changed = [name for name, value in wanted.items() if getattr(address, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(address, name, wanted[name])
    address.save(update_fields=changed)
    return True


def _event_payload(customer: Customer, changed: list[str]) -> dict[str, Any]:
    return {
        "Id": str(customer.pk),
        "CompanyId": str(customer.company_id),
        "Firstname": customer.firstname,
        "Lastname": customer.lastname,
        "Email": customer.email,
        "Phone": customer.phone,
        "SubscribedToNewsletter": customer.subscribed_to_newsletter,
        # Key values (door codes) stay out of webhook payloads; receivers read GET /customers/{Id}.
        "AccessKeys": [
            {"Id": str(key.pk), "AccessKeyTypeId": key.access_key_type_id, "Description": key.description}
            for key in customer.key_list
        ],
        "ChangedFields": changed,
        "Updated": customer.updated.isoformat(),
    }
