"""Wire shapes of the VOSS services. CreateSubscriptionProductGroupResult is VOSS's own DTO, so
its keys stay camelCase (as the page's sample shows); our own DTOs are PascalCase."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from bokamera.api import fields as wire
from bokamera.api.query import QueryRequestSerializer
from integrations.voss_models import VossProduct, VossUsage

ProductTypes = [choice for choice, _ in VossProduct.ProductType.choices]


class CreateVossUsageInput(serializers.Serializer):
    CompanyId = serializers.UUIDField()
    ArticleNumber = serializers.CharField(max_length=100)
    Quantity = serializers.IntegerField(min_value=1, max_value=2_147_483_647)


class GetVossProductsInput(serializers.Serializer):
    CompanyId = serializers.UUIDField(required=False, allow_null=True)
    ProductType = serializers.ChoiceField(choices=ProductTypes, required=False, allow_null=True)


class VossProductOutput(serializers.Serializer):
    Name = serializers.CharField(source="name")
    ArticleNumber = serializers.CharField(source="article_number")


class VossUsageQueryInput(QueryRequestSerializer):
    CompanyId = serializers.UUIDField(required=False, allow_null=True)
    Status = serializers.ChoiceField(choices=[s for s, _ in VossUsage.Status.choices], required=False)
    ArticleNumber = serializers.CharField(required=False, allow_blank=True)


class VossUsageOutput(serializers.Serializer):
    Id = serializers.UUIDField(source="id")
    CompanyId = serializers.UUIDField(source="company_id")
    ArticleNumber = serializers.CharField(source="article_number")
    ProductName = serializers.CharField(source="product.name")
    Quantity = serializers.IntegerField(source="quantity")
    IdempotencyKey = serializers.CharField(source="idempotency_key")
    Status = serializers.CharField(source="status")
    Attempts = serializers.IntegerField(source="attempts")
    Created = wire.DateTimeField(source="created")
    SentAt = wire.DateTimeField(source="sent_at")
    LastError = serializers.CharField(source="last_error")
    VossResult = serializers.JSONField(source="voss_response")


USAGE_ORDERING = {
    "Created": "created",
    "ArticleNumber": "article_number",
    "Quantity": "quantity",
    "Status": "status",
    "SentAt": "sent_at",
}


def product_group_result(usage: VossUsage, product: VossProduct) -> dict[str, Any]:
    """The answer to CreateVossUsage, from what is known when the usage is recorded (VOSS is
    called after commit; its own answer is kept on the row and listed by GET /voss/usage).
    Null members are left out, as ServiceStack writes them."""
    item = {
        "id": product.voss_id or None,
        "name": product.name,
        "externalId": None,
        "articleNumber": product.article_number,
    }
    return {
        "productGroupType": "Optional",
        "status": "Active",
        "name": product.name,
        "products": [{key: value for key, value in item.items() if value is not None}],
        "created": wire.DateTimeField().to_representation(usage.created),
    }
