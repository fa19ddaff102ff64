"""Fills one request object from path, query string, form fields and body, as ServiceStack does.

Keys match the serializer's (wire-named) fields case-insensitively and ignoring underscores,
recursively through nested serializers. Unknown keys are ignored, as the original does.
Precedence: body < query string < path variables.
"""

from __future__ import annotations

from typing import Any

from django.http import QueryDict
from rest_framework import serializers
from rest_framework.request import Request

from . import jsv
from .casing import normalize_key
from .fields import split_list

RESERVED_QUERY_KEYS = {"format", "callback", "jsconfig"}


def querydict_to_dict(data: QueryDict) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in data:
        values = data.getlist(key)
        out[key] = values if len(values) > 1 else values[0]
    return out


def gather(request: Request, path_kwargs: dict[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    body = request.data
    if isinstance(body, QueryDict):
        merged.update(querydict_to_dict(body))
    elif isinstance(body, dict):
        merged.update(body)
    merged.update(
        {
            k: v
            for k, v in querydict_to_dict(request.query_params).items()
            if k.lower() not in RESERVED_QUERY_KEYS
        }
    )
    merged.update({k: v for k, v in path_kwargs.items() if k != "format" and v is not None})
    return merged


def map_keys(data: Any, serializer: serializers.BaseSerializer) -> Any:
    """Renames incoming keys to the serializer's field names and shapes values for each field."""
    if isinstance(serializer, serializers.ListSerializer):
        data = _maybe_structured(data)
        if isinstance(data, dict):
            data = [data]
        if isinstance(data, list):
            return [map_keys(item, serializer.child) for item in data]
        return data
    data = _maybe_structured(data)
    if not isinstance(data, dict):
        return data
    fields = serializer.fields
    lookup = {normalize_key(name): name for name in fields}
    for name, field in fields.items():
        if field.source and field.source not in ("*", name):
            lookup.setdefault(normalize_key(field.source), name)
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = lookup.get(normalize_key(str(key)))
        if name is None:
            continue
        out[name] = shape_value(value, fields[name])
    return out


def shape_value(value: Any, field: serializers.Field) -> Any:
    if isinstance(field, serializers.BaseSerializer):
        return map_keys(value, field)
    if isinstance(field, serializers.ListField):
        value = _maybe_structured(value) if isinstance(value, str) and value[:1] == "[" else value
        value = split_list(value)
        if isinstance(value, list) and isinstance(field.child, serializers.BaseSerializer):
            return [map_keys(item, field.child) for item in value]
        return value
    if isinstance(field, serializers.DictField | serializers.JSONField):
        return _maybe_structured(value)
    if isinstance(value, list) and len(value) == 1:
        return value[0]
    return value


def _maybe_structured(value: Any) -> Any:
    """A form or query value that holds an object or list is JSV (or JSON) text."""
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return jsv.loads(value)
        except ValueError:
            return value
    return value


def bind(
    request: Request,
    serializer_class: type[serializers.Serializer],
    path_kwargs: dict[str, Any] | None = None,
    *,
    context: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Returns validated data; raises ValidationError (400 ResponseStatus) on bad input."""
    serializer = serializer_class(context={"request": request, **(context or {})})
    # One instance: its fields (deep-copied once, on first use) both map the keys and validate.
    serializer.initial_data = map_keys(gather(request, path_kwargs or {}), serializer)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
