"""Checks shared by the security and fuzz tests."""

from __future__ import annotations

import re
from typing import Any

from django.apps import apps
from django.db import models

from bokamera.models import Company

VARIABLE = re.compile(r"\{(\w+)\}")
DOMAIN_APPS = ("bokamera", "customers", "scheduling", "webhooks", "integrations")
# Not tenant data: tokens change last_used on every use by design.
SNAPSHOT_EXCLUDED = {"bokamera.apitoken"}


def response_status_problems(body: Any) -> list[str]:
    """What is wrong with an error body, measured against ServiceStack's ResponseStatus (empty: fine)."""
    if not isinstance(body, dict) or not isinstance(body.get("ResponseStatus"), dict):
        return [f"no ResponseStatus object in {body!r:.300}"]
    status = body["ResponseStatus"]
    problems = [
        f"ResponseStatus.{key} is not a string: {status.get(key)!r}"
        for key in ("ErrorCode", "Message")
        if not isinstance(status.get(key), str) or not status.get(key)
    ]
    errors = status.get("Errors")
    if not isinstance(errors, list):
        problems.append(f"ResponseStatus.Errors is not a list: {errors!r}")
        return problems
    for error in errors:
        if not isinstance(error, dict) or not all(
            isinstance(error.get(key), str) for key in ("ErrorCode", "FieldName", "Message")
        ):
            problems.append(f"malformed entry of ResponseStatus.Errors: {error!r}")
    return problems


def _company_lookup(model: type[models.Model], depth: int = 2) -> str | None:
    """The ORM path from a model to its Company ("company", "customer__company"), if any."""
    if model is Company:
        return "pk"
    if depth == 0:
        return None
    relations = [f for f in model._meta.get_fields() if f.many_to_one or (f.one_to_one and f.concrete)]
    for relation in relations:
        if relation.related_model is Company:
            return relation.name
    for relation in relations:
        if relation.related_model is None:
            continue
        inner = _company_lookup(relation.related_model, depth - 1)
        if inner and inner != "pk":
            return f"{relation.name}__{inner}"
    return None


def tenant_snapshot(company: Company) -> dict[str, list[tuple]]:
    """Every row of every domain model that belongs to `company` (rows of models not tied to a
    company are taken whole), with all column values, updated timestamps included."""
    snapshot: dict[str, list[tuple]] = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if model._meta.app_label not in DOMAIN_APPS or label in SNAPSHOT_EXCLUDED:
            continue
        lookup = _company_lookup(model)
        rows = model.objects.all()
        if lookup:
            rows = rows.filter(**{lookup: company.pk})
        snapshot[label] = [tuple(map(repr, row)) for row in rows.order_by("pk").values_list()]
    return snapshot


def snapshot_differences(before: dict[str, list[tuple]], after: dict[str, list[tuple]]) -> list[str]:
    differences = []
    for label, rows in before.items():
        if after.get(label) != rows:
            gone = set(rows) - set(after.get(label, []))
            new = set(after.get(label, [])) - set(rows)
            differences.append(f"{label}: {len(gone)} rows changed or gone, {len(new)} new or changed: {new}")
    return differences
