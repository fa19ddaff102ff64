"""Factories of the Axema tests."""

import factory

from integrations.axema_models import AxemaSettings, AxemaUserSyncJob, AxemaUserSyncStatus
from tests.factories import CompanyFactory


class AxemaSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AxemaSettings

    company = factory.SubFactory(CompanyFactory)
    api_endpoint = "http://127.0.0.1:9"
    username = "vaka"
    password = "vaka-secret"


class AxemaUserSyncJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AxemaUserSyncJob

    company = factory.SubFactory(CompanyFactory)
    status = AxemaUserSyncStatus.COMPLETED
