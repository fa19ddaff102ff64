import factory
from django.utils import timezone

from tests.factories import CompanyFactory
from webhooks.models import AttemptStatus, WebhookEndpoint, WebhookMessage, WebhookMessageAttempt


class EndpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookEndpoint

    company = factory.SubFactory(CompanyFactory)
    url = "http://127.0.0.1:9/hook"
    event_types = factory.LazyFunction(lambda: ["customer.updated"])


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookMessage

    company = factory.SubFactory(CompanyFactory)
    event_type = "customer.updated"
    event_id = factory.Sequence(lambda n: f"evt_{n}")
    payload = factory.LazyFunction(lambda: {"Id": 1})
    timestamp = factory.LazyFunction(timezone.now)


class AttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookMessageAttempt

    endpoint = factory.SubFactory(EndpointFactory)
    message = factory.SubFactory(MessageFactory, company=factory.SelfAttribute("..endpoint.company"))
    event_type = factory.SelfAttribute("message.event_type")
    url = factory.SelfAttribute("endpoint.url")
    status = AttemptStatus.SUCCESS
    response_status_code = 200
    timestamp = factory.LazyFunction(timezone.now)
