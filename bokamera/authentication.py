"""`Authorization: Bearer <token>` API tokens, stored hashed."""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone
from rest_framework import authentication, exceptions

from .models import ApiToken, hash_token

FAILED_AUTH_LIMIT = 20  # per client address per minute
FAILED_AUTH_WINDOW = 60


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def _count_failure(request) -> None:
    key = f"failed-auth:{_client_address(request)}"
    if cache.add(key, 1, FAILED_AUTH_WINDOW):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, FAILED_AUTH_WINDOW)


def _too_many_failures(request) -> bool:
    return (cache.get(f"failed-auth:{_client_address(request)}") or 0) >= FAILED_AUTH_LIMIT


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != self.keyword.lower():
            return None
        if _too_many_failures(request):
            raise exceptions.Throttled(
                wait=FAILED_AUTH_WINDOW, detail="Too many failed authentication attempts."
            )
        raw = raw.strip()
        token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
            .first()
            if raw
            else None
        )
        if token is None:
            _count_failure(request)
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        now = timezone.now()
        if token.last_used is None or (now - token.last_used).total_seconds() > 60:
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'
