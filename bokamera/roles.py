"""The original's roles, as django-guardian object permissions on Company.

bookingsupplier-administrator-write / -read are per company; superadmin is a global
permission (or Django's is_superuser) that holds for every company.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, Permission
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

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
    for attr in ("_perm_cache", "_user_perm_cache", "_superadmin_cache"):
        if hasattr(user, attr):
            delattr(user, attr)


def grant_role(user: AbstractBaseUser, role: str, company: Company) -> None:
    if role == SUPERADMIN:
        grant_superadmin(user)
        return
    assign_perm(ROLE_PERMISSIONS[role], user, company)
    if role == ADMIN_WRITE:  # write implies read, as in the original
        assign_perm(ROLE_PERMISSIONS[ADMIN_READ], user, company)


def revoke_role(user: AbstractBaseUser, role: str, company: Company) -> None:
    remove_perm(ROLE_PERMISSIONS[role], user, company)


def has_role(user: AbstractBaseUser, company: Company, roles: Iterable[str]) -> bool:
    """True when the user holds any of `roles` on `company`."""
    roles = tuple(roles)
    if SUPERADMIN in roles and is_superadmin(user):
        return True
    if not user or not user.is_authenticated or not user.is_active:
        return False
    checker = _checker(user)
    return any(
        role in ROLE_PERMISSIONS and checker.has_perm(ROLE_PERMISSIONS[role].split(".")[1], company)
        for role in roles
    )


def administered_companies(user: AbstractBaseUser, roles: Iterable[str] = READ_ROLES):
    """The companies on which the user holds any of `roles` (every company for a superadmin)."""
    roles = tuple(roles)
    if SUPERADMIN in roles and is_superadmin(user):
        return Company.objects.all()
    perms = [ROLE_PERMISSIONS[r] for r in roles if r in ROLE_PERMISSIONS]
    if not perms or not user.is_authenticated:
        return Company.objects.none()
    return get_objects_for_user(user, perms, klass=Company, any_perm=True, with_superuser=False)


def _checker(user):
    from guardian.core import ObjectPermissionChecker

    checker = getattr(user, "_guardian_checker", None)
    if checker is None:
        checker = ObjectPermissionChecker(user)
        user._guardian_checker = checker
    return checker
