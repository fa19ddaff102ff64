"""The original's roles, as django-guardian object permissions on Company.

bookingsupplier-administrator-write / -read are per company; superadmin is a global
permission (or Django's is_superuser) that holds for every company.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, Permission
from guardian.shortcuts import assign_perm, remove_perm

from .models import Company

ADMIN_WRITE = "bookingsupplier-administrator-write"
ADMIN_READ = "bookingsupplier-administrator-read"
SUPERADMIN = "superadmin"

ROLE_PERMISSIONS = {
    ADMIN_WRITE: "bokamera.administrator_write",
    ADMIN_READ: "bokamera.administrator_read",
}
WRITE_ROLES = (ADMIN_WRITE, SUPERADMIN)
READ_ROLES = (ADMIN_WRITE, ADMIN_READ, SUPERADMIN)


def is_superadmin(user: AbstractBaseUser) -> bool:
    if not user or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cache = getattr(user, "_superadmin_cache", None)
    if cache is None:
        cache = user.has_perm("bokamera.superadmin") if hasattr(user, "has_perm") else False
        user._superadmin_cache = cache
    return cache


def superadmin_permission() -> Permission:
    return Permission.objects.get(content_type__app_label="bokamera", codename="superadmin")


def grant_superadmin(user: AbstractBaseUser) -> None:
    user.user_permissions.add(superadmin_permission())
    _forget_permissions(user)


def grant_role(user: AbstractBaseUser, role: str, company: Company) -> None:
    if role == SUPERADMIN:
        grant_superadmin(user)
        return
    assign_perm(ROLE_PERMISSIONS[role], user, company)
    if role == ADMIN_WRITE:  # write implies read, as in the original
        assign_perm(ROLE_PERMISSIONS[ADMIN_READ], user, company)
    _forget_permissions(user)


def revoke_role(user: AbstractBaseUser, role: str, company: Company) -> None:
    remove_perm(ROLE_PERMISSIONS[role], user, company)
    _forget_permissions(user)


def _forget_permissions(user: AbstractBaseUser) -> None:
    for attr in ("_company_permissions", "_perm_cache", "_user_perm_cache", "_superadmin_cache"):
        if hasattr(user, attr):
            delattr(user, attr)


def has_role(user: AbstractBaseUser, company: Company, roles: Iterable[str]) -> bool:
    """True when the user holds any of `roles` on `company`."""
    roles = tuple(roles)
    if SUPERADMIN in roles and is_superadmin(user):
        return True
    if not user or not user.is_authenticated or not user.is_active:
        return False
    return bool(company_permissions(user).get(str(company.pk), set()) & _codenames(roles))


def administered_companies(user: AbstractBaseUser, roles: Iterable[str] = READ_ROLES):
    """The companies on which the user holds any of `roles` (every company for a superadmin)."""
    roles = tuple(roles)
    if SUPERADMIN in roles and is_superadmin(user):
        return Company.objects.all()
    wanted = _codenames(roles)
    if not wanted or not user or not user.is_authenticated or not user.is_active:
        return Company.objects.none()
    ids = [pk for pk, codenames in company_permissions(user).items() if codenames & wanted]
    return Company.objects.filter(pk__in=ids)


def company_permissions(user: AbstractBaseUser) -> dict[str, set[str]]:
    """{company id: permission codenames} of the user's object permissions on companies, direct
    and through groups: one query, kept on the user object (which lives for one request)."""
    cached = getattr(user, "_company_permissions", None)
    if cached is None:
        from django.contrib.contenttypes.models import ContentType
        from guardian.models import GroupObjectPermission, UserObjectPermission

        content_type = ContentType.objects.get_for_model(Company)
        direct = UserObjectPermission.objects.filter(user=user, content_type=content_type)
        grouped = GroupObjectPermission.objects.filter(group__user=user, content_type=content_type)
        rows = direct.values_list("object_pk", "permission__codename").union(
            grouped.values_list("object_pk", "permission__codename"), all=True
        )
        cached = {}
        for object_pk, codename in rows:
            cached.setdefault(object_pk, set()).add(codename)
        user._company_permissions = cached
    return cached


def _codenames(roles: Iterable[str]) -> set[str]:
    return {ROLE_PERMISSIONS[role].split(".")[1] for role in roles if role in ROLE_PERMISSIONS}
