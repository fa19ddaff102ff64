"""Factories shared by every app's tests (each app adds its own in tests/<app>/factories.py)."""

import factory
from django.contrib.auth import get_user_model

from bokamera.models import Company
from bokamera.roles import grant_role


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Company {n}")
    time_zone = "Europe/Stockholm"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.django.Password("pw-for-tests-123")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """UserFactory(roles=[(role, company), ...])"""
        for role, company in extracted or []:
            grant_role(self, role, company)
