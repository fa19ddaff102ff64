"""Customers of a company, their custom fields, access keys, invoice address and comments."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from bokamera.models import Company


class Customer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="customers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="customers",
        help_text="The customer's own account, if any: then only the customer changes its e-mail.",
    )
    firstname = models.CharField(max_length=100, blank=True)
    lastname = models.CharField(max_length=100, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=50, blank=True)
    image_url = models.URLField(max_length=500, blank=True)
    subscribed_to_newsletter = models.BooleanField(default=False)
    external_id = models.CharField(
        max_length=100,
        null=True,
        blank=True,
        help_text="Id in an external system (e.g. Axema Vaka person id)",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["lastname", "firstname", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "external_id"],
                condition=Q(external_id__isnull=False),
                name="customer_unique_external_id_per_company",
            ),
            models.UniqueConstraint(
                fields=["company", "user"],
                condition=Q(user__isnull=False),
                name="customer_unique_user_per_company",
            ),
        ]
        indexes = [
            models.Index(fields=["company", "email"], name="customer_company_email_idx"),
            models.Index(fields=["company", "lastname", "firstname"], name="customer_company_name_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.firstname} {self.lastname}".strip() or str(self.id)


class CustomFieldDataType(models.TextChoices):
    TEXT_BOX = "TextBox"
    DROP_DOWN = "DropDown"
    CHECK_BOX = "CheckBox"
    NUMERIC_TEXT_BOX = "NumericTextBox"
    DATE = "Date"


class CustomFieldConfig(models.Model):
    """A company's custom customer field (the original's CustomFieldConfigData)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="custom_fields")
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=500, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    data_type = models.CharField(max_length=20, choices=CustomFieldDataType.choices, default="TextBox")
    default_value = models.CharField(max_length=500, blank=True)
    is_mandatory = models.BooleanField(default=False)
    mandatory_error_message = models.CharField(max_length=500, blank=True)
    max_length = models.PositiveIntegerField(default=500)
    multiple_line_text = models.BooleanField(default=False)
    reg_ex = models.CharField(max_length=500, blank=True)
    reg_ex_error_message = models.CharField(max_length=500, blank=True)
    values = models.JSONField(default=list, blank=True, help_text="Allowed values when DataType is DropDown")
    column = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["company", "name"], name="custom_field_unique_name")]

    def __str__(self) -> str:
        return self.name


class CustomFieldValue(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="custom_field_values")
    field = models.ForeignKey(CustomFieldConfig, on_delete=models.CASCADE, related_name="customer_values")
    value = models.TextField(blank=True)

    class Meta:
        ordering = ["field_id"]
        constraints = [
            models.UniqueConstraint(fields=["customer", "field"], name="custom_field_value_unique")
        ]

    def __str__(self) -> str:
        return f"{self.field_id}={self.value}"


ACCESS_KEY_TYPES = [
    (1, "PinCode", "A door-code PIN"),
    (2, "Card", "An access card (card number)"),
    (3, "Other", "Any other key or token"),
]


class AccessKeyType(models.Model):
    """Kinds of access key: 1 PIN code (door code), 2 card, 3 other (seeded by migration)."""

    PIN_CODE = 1
    CARD = 2
    OTHER = 3

    id = models.PositiveIntegerField(primary_key=True)
    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class UserAccessKey(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="access_keys")
    access_key_type = models.ForeignKey(AccessKeyType, on_delete=models.PROTECT, related_name="access_keys")
    value = models.CharField(max_length=200)
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="access_keys")
    description = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "access_key_type", "value"],
                name="access_key_unique_value_per_company_type",
            )
        ]

    def __str__(self) -> str:
        return f"{self.access_key_type_id}:{self.value}"


class InvoiceAddress(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    customer = models.OneToOneField(Customer, on_delete=models.CASCADE, related_name="invoice_address")
    corporate_identity_number = models.CharField(max_length=50, blank=True)
    invoice_address1 = models.CharField(max_length=200, blank=True)
    invoice_address2 = models.CharField(max_length=200, blank=True)
    invoice_city = models.CharField(max_length=100, blank=True)
    invoice_postal_code = models.CharField(max_length=20, blank=True)
    # Free text, as the original's string (its sample sends "String"); ISO 3166 codes are expected.
    invoice_country_code = models.CharField(max_length=50, blank=True)

    class Meta:
        verbose_name_plural = "invoice addresses"

    def __str__(self) -> str:
        return ", ".join(filter(None, [self.invoice_address1, self.invoice_postal_code, self.invoice_city]))


class CustomerComment(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="comments")
    comments = models.TextField()
    image_url = models.URLField(max_length=500, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return self.comments[:50]
