"""The original's query services: Skip, Take, OrderBy, OrderByDesc -> {Offset, Total, Results}."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers

from .errors import ApplicationError

INT32_MAX = 2**31 - 1  # the original's int (.NET Int32)
MAX_TAKE = 1000
DEFAULT_TAKE = 100


class QueryRequestSerializer(serializers.Serializer):
    Skip = serializers.IntegerField(required=False, min_value=0, max_value=INT32_MAX, default=0)
    Take = serializers.IntegerField(required=False, min_value=0, max_value=MAX_TAKE, default=DEFAULT_TAKE)
    OrderBy = serializers.CharField(required=False, allow_blank=True)
    OrderByDesc = serializers.CharField(required=False, allow_blank=True)


def query_response_serializer(result_serializer: type[serializers.Serializer], name: str) -> type:
    """The `{Offset, Total, Results}` envelope of a query service, for the OpenAPI document."""
    return type(
        name,
        (serializers.Serializer,),
        {
            "Offset": serializers.IntegerField(),
            "Total": serializers.IntegerField(),
            "Results": result_serializer(many=True),
        },
    )


def order_queryset(queryset: QuerySet, params: Mapping[str, Any], orderable: Mapping[str, str]) -> QuerySet:
    """OrderBy=Name,-Created / OrderByDesc=Created, with wire names mapped to model fields."""
    lookup = {key.lower(): value for key, value in orderable.items()}
    ordering: list[str] = []
    for raw, descending in ((params.get("OrderBy") or "", False), (params.get("OrderByDesc") or "", True)):
        for item in filter(None, (part.strip() for part in raw.split(","))):
            invert = item.startswith("-")
            name = item.lstrip("-").lower()
            if name not in lookup:
                raise ApplicationError(
                    f"Cannot order by '{item.lstrip('-')}'. Allowed: {', '.join(orderable)}.",
                    code="Invalid",
                    field="OrderByDesc" if descending else "OrderBy",
                )
            desc = descending != invert
            ordering.append(("-" if desc else "") + lookup[name])
    return queryset.order_by(*ordering, "pk") if ordering else queryset


def query_response(
    queryset: QuerySet, params: Mapping[str, Any], serialize: Callable[[list], list[dict]]
) -> dict[str, Any]:
    skip = params.get("Skip") or 0
    take = params.get("Take")
    take = DEFAULT_TAKE if take is None else take
    total = queryset.count()
    rows = list(queryset[skip : skip + take]) if take else []
    return {"Offset": skip, "Total": total, "Results": serialize(rows)}
