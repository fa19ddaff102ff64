"""The fixed access key types survive the flush that follows every transactional test (and
`manage.py flush`), so access keys can always reference PinCode, Card and Other."""

import pytest
from django.core.management import call_command

from customers.models import AccessKeyType


def names() -> list[tuple[int, str]]:
    return list(AccessKeyType.objects.order_by("pk").values_list("pk", "name"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("run", [1, 2])
def test_types_exist_in_every_transactional_test(run):
    assert names() == [(1, "PinCode"), (2, "Card"), (3, "Other")]


@pytest.mark.django_db(transaction=True)
def test_flush_recreates_them():
    call_command("flush", "--noinput", verbosity=0)
    assert names() == [(1, "PinCode"), (2, "Card"), (3, "Other")]
