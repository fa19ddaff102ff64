"""The demo seed is idempotent and the seeded company can report usage to the demo simulator."""

import pytest

from integrations.voss import demo
from integrations.voss.services import voss_usage_create, voss_usage_submit
from integrations.voss.simulator import VossSimulator
from integrations.voss_models import VossProduct, VossSettings

pytestmark = pytest.mark.django_db


def test_seed_twice_creates_nothing_new_and_works_against_the_simulator(company, admin_user):
    first = demo.seed_company(company, admin_user=admin_user)
    second = demo.seed_company(company, admin_user=admin_user)
    assert first == second
    assert first["ArticleNumbers"] == ["USAGE-SMS", "USAGE-DEV-HOUR", "ADDON-PAYMENTS"]
    assert (VossSettings.objects.count(), VossProduct.objects.count()) == (1, 3)

    with VossSimulator(api_key=demo.DEMO_API_KEY) as voss:
        VossSettings.objects.update(api_base_url=voss.url)
        usage, _ = voss_usage_create(company=company, article_number="USAGE-SMS", quantity=10)
        assert voss_usage_submit(usage_id=usage.pk).status == "Sent"
        assert voss.state.billed_quantity("USAGE-SMS") == 10


def test_simulator_random_faults_are_reproducible():
    from integrations.voss.simulator import VossState

    def kinds(seed):
        import random

        state = VossState(error_rate=0.3, slow_rate=0.2, drop_rate=0.2, rng=random.Random(seed))
        return [getattr(state.next_fault(), "kind", None) for _ in range(200)]

    sample = kinds(7)
    assert sample == kinds(7)
    assert {"error", "slow", "drop_after_commit", None} == set(sample)
    assert 40 < sample.count("error") < 80
