"""Demo data of every integration (wired into `manage.py seed_demo` by the lead)."""

from .axema.demo import seed_company as seed_axema
from .voss.demo import seed_company as seed_voss


def seed_company(company, *, admin_user) -> dict:
    return {
        "voss": seed_voss(company, admin_user=admin_user),
        "axema": seed_axema(company, admin_user=admin_user),
    }
