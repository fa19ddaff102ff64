"""The wire of the customer services: UpdateCustomer, GetCustomer, QueryCustomers, CustomerQueryResponse."""

from __future__ import annotations

import uuid
from typing import Any

from rest_framework import serializers

from bokamera.api import fields as wire
from bokamera.api.query import QueryRequestSerializer

ZERO_GUID = uuid.UUID(int=0)


class GuidField(serializers.UUIDField):
    """A `Guid?` on the wire; the all-zero GUID (a .NET client's "no value") and "" mean none."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> uuid.UUID | None:
        if isinstance(data, str) and not data.strip():
            return None
        value = super().to_internal_value(data)
        return None if value == ZERO_GUID else value


def _text(max_length: int, **kwargs: Any) -> serializers.CharField:
    kwargs.setdefault("allow_blank", True)
    return serializers.CharField(max_length=max_length, trim_whitespace=False, **kwargs)


def _optional_text(max_length: int, **kwargs: Any) -> serializers.CharField:
    return _text(max_length, required=False, allow_null=True, **kwargs)


# --- UpdateCustomer -------------------------------------------------------------------------


class AddCustomFieldInput(serializers.Serializer):
    Id = serializers.IntegerField(source="field_id", required=False, allow_null=True)
    Value = serializers.CharField(
        source="value", required=False, allow_null=True, allow_blank=True, trim_whitespace=False
    )


class AddUserAccessKeyInput(serializers.Serializer):
    Id = GuidField(source="id")
    CompanyId = GuidField(source="company_id")
    AccessKeyTypeId = serializers.IntegerField(source="access_key_type_id", required=False, allow_null=True)
    Value = serializers.CharField(source="value", max_length=200)
    CustomerId = GuidField(source="customer_id")
    Description = _optional_text(500, source="description")


class DeleteUserAccessKeyInput(serializers.Serializer):
    Id = GuidField(source="id")


class InvoiceAddressInput(serializers.Serializer):
    CorporateIdentityNumber = _optional_text(50, source="corporate_identity_number")
    InvoiceAddress1 = _optional_text(200, source="invoice_address1")
    InvoiceAddress2 = _optional_text(200, source="invoice_address2")
    InvoiceCity = _optional_text(100, source="invoice_city")
    InvoicePostalCode = _optional_text(20, source="invoice_postal_code")
    InvoiceCountryCode = _optional_text(50, source="invoice_country_code")


class UpdateCustomerInput(serializers.Serializer):
    """Firstname must hold text; Lastname, Phone and Email must be sent (may be empty)."""

    Id = serializers.UUIDField(source="customer_id")
    CompanyId = GuidField(source="company_id")
    Firstname = serializers.CharField(source="firstname", max_length=100)
    Lastname = _text(100, source="lastname")
    Phone = _text(50, source="phone")
    Email = _text(254, source="email")
    CustomFields = AddCustomFieldInput(source="custom_fields", many=True, required=False)
    AccessKeys = AddUserAccessKeyInput(source="access_keys", many=True, required=False)
    AccessKeysToDelete = DeleteUserAccessKeyInput(source="access_keys_to_delete", many=True, required=False)
    SubscribedToNewsletter = serializers.BooleanField(
        source="subscribed_to_newsletter", required=False, allow_null=True
    )
    InvoiceAddress = InvoiceAddressInput(source="invoice_address", required=False, allow_null=True)


class GetCustomerInput(serializers.Serializer):
    Id = serializers.UUIDField(source="customer_id")
    CompanyId = GuidField(source="company_id")


class QueryCustomersInput(QueryRequestSerializer):
    CompanyId = GuidField()
    Search = serializers.CharField(required=False, allow_blank=True, max_length=200)


# --- CustomerQueryResponse ------------------------------------------------------------------


class CustomFieldValueResponse(serializers.Serializer):
    Value = serializers.CharField()


class CustomFieldConfigData(serializers.Serializer):
    Id = serializers.IntegerField(source="pk")
    Name = serializers.CharField(source="name")
    Description = serializers.CharField(source="description")
    Width = serializers.IntegerField(source="width", allow_null=True)
    DataType = serializers.CharField(source="data_type")
    DefaultValue = serializers.CharField(source="default_value")
    IsMandatory = serializers.BooleanField(source="is_mandatory")
    MandatoryErrorMessage = serializers.CharField(source="mandatory_error_message")
    MaxLength = serializers.IntegerField(source="max_length")
    MultipleLineText = serializers.BooleanField(source="multiple_line_text")
    RegEx = serializers.CharField(source="reg_ex")
    RegExErrorMessage = serializers.CharField(source="reg_ex_error_message")
    Values = serializers.SerializerMethodField()

    def get_Values(self, config) -> list[dict[str, str]]:
        return [
            {"Value": str(item.get("Value", "")) if isinstance(item, dict) else str(item)}
            for item in config.values or []
        ]


class CustomFieldDataResponse(serializers.Serializer):
    Id = serializers.IntegerField(source="field_id")
    Column = serializers.CharField(source="field.column")
    Name = serializers.CharField(source="field.name")
    Description = serializers.CharField(source="field.description")
    Value = serializers.CharField(source="value")
    DataType = serializers.CharField(source="field.data_type")


class CustomerCommentsResponse(serializers.Serializer):
    Id = serializers.IntegerField(source="pk")
    CustomerId = serializers.UUIDField(source="customer_id")
    Comments = serializers.CharField(source="comments")
    Updated = wire.DateTimeField(source="updated")
    Created = wire.DateTimeField(source="created")
    ImageUrl = serializers.CharField(source="image_url")


class UserAccessKeys(serializers.Serializer):
    CompanyId = serializers.UUIDField(source="company_id")
    AccessKeyTypeId = serializers.IntegerField(source="access_key_type_id")
    Value = serializers.CharField(source="value")
    CustomerId = serializers.UUIDField(source="customer_id")
    Description = serializers.CharField(source="description")
    Id = serializers.UUIDField(source="pk")


class InvoiceAddressResponse(serializers.Serializer):
    InvoiceAddressId = serializers.UUIDField(source="pk")
    UserId = serializers.UUIDField(source="customer_id", allow_null=True)
    CorporateIdentityNumber = serializers.CharField(source="corporate_identity_number")
    InvoiceAddress1 = serializers.CharField(source="invoice_address1")
    InvoiceAddress2 = serializers.CharField(source="invoice_address2")
    InvoiceCity = serializers.CharField(source="invoice_city")
    InvoicePostalCode = serializers.CharField(source="invoice_postal_code")
    InvoiceCountryCode = serializers.CharField(source="invoice_country_code")


class CustomerQueryResponse(serializers.Serializer):
    """Reads the attributes set by customers.selectors.attach_details."""

    Id = serializers.UUIDField(source="pk")
    Firstname = serializers.CharField(source="firstname")
    Lastname = serializers.CharField(source="lastname")
    Email = serializers.CharField(source="email")
    Phone = serializers.CharField(source="phone")
    ImageUrl = serializers.CharField(source="image_url")
    CustomFields = CustomFieldConfigData(source="field_configs", many=True)
    CustomFieldValues = CustomFieldDataResponse(source="field_values", many=True)
    Comments = CustomerCommentsResponse(source="comment_list", many=True)
    AccessKeys = UserAccessKeys(source="key_list", many=True)
    Updated = wire.DateTimeField(source="updated")
    Created = wire.DateTimeField(source="created")
    SubscribedToNewsletter = serializers.BooleanField(source="subscribed_to_newsletter")
    InvoiceAddress = InvoiceAddressResponse(source="invoice", allow_null=True)
