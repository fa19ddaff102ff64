"""Writes for companies, roles and API tokens."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .models import ApiToken, Company, hash_token


@transaction.atomic
def api_token_create(*, user, name: str = "") -> tuple[ApiToken, str]:
    """Returns the token row and its raw value, which is shown once and never stored."""
    raw = ApiToken.generate()
    token = ApiToken.objects.create(user=user, name=name, key_hash=hash_token(raw), key_hint=raw[:10])
    return token, raw


def api_token_revoke(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def company_create(*, name: str, time_zone: str | None = None) -> Company:
    company = Company(name=name)
    if time_zone:
        company.time_zone = time_zone
    company.full_clean()
    company.save()
    return company


def user_get_or_create(*, username: str, email: str = "", password: str | None = None, **extra):
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=username, defaults={"email": email, **extra})
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    return user
