"""The pages' CompanyId rule: "if empty will use the company id for the user you are logged in with"."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser

from bokamera.models import Company
from bokamera.roles import READ_ROLES, SUPERADMIN, administered_companies, has_role, is_superadmin

from .errors import ApplicationError, Forbidden, NotFound


def resolve_company(
    user: AbstractBaseUser, company_id: uuid.UUID | str | None, roles: Iterable[str] = READ_ROLES
) -> Company:
    """The company a request acts on, checked against the caller's roles.

    Unknown id: 404. A company the caller holds none of `roles` on: 403. No id: the one company
    the caller administers (400 asking for CompanyId when that is not one company).
    """
    roles = tuple(roles)
    if company_id:
        try:
            company = Company.objects.get(pk=company_id)
        except (Company.DoesNotExist, ValueError, TypeError):
            raise NotFound(f"Company {company_id} was not found.", field="CompanyId") from None
        if not has_role(user, company, roles):
            raise Forbidden()
        return company
    own_roles = [role for role in roles if role != SUPERADMIN]
    companies = list(administered_companies(user, own_roles)[:2])
    if len(companies) == 1:
        return companies[0]
    if not companies and not (SUPERADMIN in roles and is_superadmin(user)):
        raise Forbidden()
    message = (
        "CompanyId is required: you administer more than one company."
        if companies
        else "CompanyId is required for a superadmin."
    )
    raise ApplicationError(message, code="NotEmpty", field="CompanyId")


def user_company_ids(user: AbstractBaseUser, roles: Iterable[str] = READ_ROLES) -> list[uuid.UUID]:
    return list(administered_companies(user, roles).values_list("id", flat=True))
