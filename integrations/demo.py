"""Demo data and simulators of every integration (used by `manage.py seed_demo` and `demo_server`)."""

from .axema import demo as axema_demo
from .voss import demo as voss_demo


def seed_company(company, *, admin_user) -> dict:
    return {
        "Voss": voss_demo.seed_company(company, admin_user=admin_user),
        "Axema": axema_demo.seed_company(company, admin_user=admin_user),
    }


def start_simulators() -> list[tuple[str, str]]:
    return [
        *voss_demo.start_simulators(),
        *getattr(axema_demo, "start_simulators", list)(),
    ]
