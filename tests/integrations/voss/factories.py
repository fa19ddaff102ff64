import factory

from integrations.voss_models import VossProduct, VossSettings
from tests.factories import CompanyFactory


class VossSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VossSettings

    company = factory.SubFactory(CompanyFactory)
    api_base_url = "http://127.0.0.1:1"
    api_key = "secret-voss-key"
    customer_id = factory.Sequence(lambda n: f"customer-{n}")
    subscription_id = "subscription-1"


class VossProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VossProduct

    company = factory.SubFactory(CompanyFactory)
    article_number = factory.Sequence(lambda n: f"ART-{n}")
    name = factory.Sequence(lambda n: f"Product {n}")
    product_type = VossProduct.ProductType.USAGE
