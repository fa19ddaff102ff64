"""Factories of the customers app."""

import factory

from customers.models import (
    AccessKeyType,
    Customer,
    CustomerComment,
    CustomFieldConfig,
    CustomFieldValue,
    InvoiceAddress,
    UserAccessKey,
)
from tests.factories import CompanyFactory


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    company = factory.SubFactory(CompanyFactory)
    firstname = factory.Faker("first_name")
    lastname = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"customer{n}@example.com")
    phone = factory.Sequence(lambda n: f"+46 70 {n:07d}")


class CustomFieldConfigFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomFieldConfig

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"Field {n}")
    description = "A custom field"
    column = factory.Sequence(lambda n: f"TextField{n}")


class CustomFieldValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomFieldValue

    customer = factory.SubFactory(CustomerFactory)
    field = factory.SubFactory(CustomFieldConfigFactory, company=factory.SelfAttribute("..customer.company"))
    value = "stored"


class UserAccessKeyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserAccessKey

    customer = factory.SubFactory(CustomerFactory)
    company = factory.SelfAttribute("customer.company")
    # get_or_create: a transactional test's flush removes the rows the data migration seeded
    access_key_type = factory.LazyFunction(
        lambda: AccessKeyType.objects.get_or_create(pk=AccessKeyType.PIN_CODE, defaults={"name": "PinCode"})[
            0
        ]
    )
    value = factory.Sequence(lambda n: f"{1000 + n}")
    description = "Front door"


class InvoiceAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvoiceAddress

    customer = factory.SubFactory(CustomerFactory)
    corporate_identity_number = "556677-8899"
    invoice_address1 = "Storgatan 1"
    invoice_city = "Stockholm"
    invoice_postal_code = "111 22"
    invoice_country_code = "SE"


class CustomerCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomerComment

    customer = factory.SubFactory(CustomerFactory)
    comments = "Prefers mornings"
