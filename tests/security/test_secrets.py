"""No secret (Axema password, VOSS API key, webhook signing secret) in an API answer but the one
that reveals it by design, in the logs at DEBUG, or in the admin's change pages."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from rest_framework.test import APIClient

from integrations.axema.services import axema_user_sync_start
from integrations.axema.simulator import VakaSimulator, VakaState, make_persons
from integrations.axema_models import AxemaSettings, AxemaUserSyncJob, AxemaUserSyncStatus
from integrations.voss.services import voss_usage_create
from integrations.voss.simulator import VossSimulator
from integrations.voss_models import VossSettings, VossUsage
from webhooks.models import AttemptStatus, WebhookEndpoint, WebhookMessageAttempt
from webhooks.simulator import start_receiver

from .test_tenant_isolation import _bodies, at_custom_route, at_predefined_route, call, route_values, services
from .test_tenant_isolation import walk as walk_as_other_company
from .world import World

# The answers that carry the webhook secret by design: the creation, the reveal and the rotation.
REVEALS_WEBHOOK_SECRET = {"CreateWebhookEndpoint", "GetWebhookEndpointSecret", "RotateWebhookEndpointSecret"}


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def text(self) -> str:
        lines = []
        for record in self.records:
            lines.append(record.getMessage())
            if record.exc_info:
                lines.append(logging.Formatter().formatException(record.exc_info))
            lines.append(repr(record.__dict__))
        return "\n".join(lines)


@contextmanager
def every_log_at_debug() -> Iterator[_Collect]:
    """Every logger at DEBUG, each record collected whether or not it propagates."""
    collect = _Collect()
    loggers = [logging.getLogger()] + [
        logger for logger in logging.root.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    saved = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        if logger is logging.getLogger() or not logger.propagate:
            logger.addHandler(collect)
    try:
        yield collect
    finally:
        for logger, level in saved:
            logger.setLevel(level)
            logger.removeHandler(collect)


def _secrets_in(text: str, world: World) -> list[str]:
    return [name for name, value in world.secrets.items() if value in text]


def _answers_of_own_admin(world: World) -> dict[str, str]:
    """Every service called by A's own administrator, each rolled back: {name: answer text}."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {world.token_a}")
    bodies = _bodies(world)
    answers = {}
    for service in services():
        for build in (at_custom_route, at_predefined_route):
            path, data = build(service, route_values(service, world))
            data = {**data, **bodies.get(service.name, {}), "CompanyId": str(world.company_a.pk)}
            with transaction.atomic():
                response = call(client, service.method, path, data)
                transaction.set_rollback(True)
            assert response.status_code < 300, (path, response.content[:300])
            answers[f"{service.name} at {path}"] = response.content.decode()
    return answers


def test_api_answers_carry_no_secret_but_the_reveal_and_logs_none(world):
    with every_log_at_debug() as logs:
        answers = _answers_of_own_admin(world)
        walk_as_other_company(world, at_custom_route)
        walk_as_other_company(world, at_predefined_route)

    leaks = {key: _secrets_in(text, world) for key, text in answers.items()}
    leaks = {key: found for key, found in leaks.items() if found}
    assert leaks == {
        "GetWebhookEndpointSecret at /webhook/endpoints/{}/secret".format(world.ids["endpoints"]): [
            "webhook secret"
        ],
        "GetWebhookEndpointSecret at /api/GetWebhookEndpointSecret": ["webhook secret"],
    }
    with_whsec = {key.split(" at ")[0] for key, text in answers.items() if "whsec_" in text}
    assert with_whsec == REVEALS_WEBHOOK_SECRET
    assert len(logs.records) > 50  # the capture works: every refusal above is logged
    assert _secrets_in(logs.text(), world) == []


def test_sync_submission_and_delivery_log_no_secret(world, settings, django_capture_on_commit_callbacks):
    """An Axema sync (a good one and one with a wrong password), a VOSS submission and a signed
    webhook delivery, all over real HTTP with every logger at DEBUG."""
    settings.AXEMA_HTTP_BACKOFF = settings.VOSS_HTTP_BACKOFF = 0.01
    settings.VOSS_HTTP_MAX_BACKOFF = 0.02
    company = world.company_a
    vaka_state = VakaState(persons=make_persons(3), password=world.axema_password)
    with (
        every_log_at_debug() as logs,
        VakaSimulator(vaka_state) as vaka,
        VossSimulator(api_key=world.voss_api_key) as voss,
        start_receiver(secret=world.webhook_secret) as receiver,
    ):
        AxemaSettings.objects.filter(company=company).update(api_endpoint="http://127.0.0.1", port=vaka.port)
        VossSettings.objects.filter(company=company).update(api_base_url=voss.url)
        WebhookEndpoint.objects.filter(company=company).update(url=f"{receiver.url}/hook")

        with django_capture_on_commit_callbacks(execute=True):
            good = axema_user_sync_start(company=company)
        with django_capture_on_commit_callbacks(execute=True):
            usage, _ = voss_usage_create(company=company, article_number=world.article_number, quantity=3)

        vaka_state.password = "a-different-password"
        with django_capture_on_commit_callbacks(execute=True):
            refused = axema_user_sync_start(company=company)

    good.refresh_from_db()
    refused.refresh_from_db()
    usage.refresh_from_db()
    assert good.status == AxemaUserSyncStatus.COMPLETED
    assert good.users_found == 3
    assert refused.status == AxemaUserSyncStatus.FAILED
    assert usage.status == VossUsage.Status.SENT
    delivered = WebhookMessageAttempt.objects.filter(message__company=company, status=AttemptStatus.SUCCESS)
    assert delivered.filter(url__startswith=receiver.url).exists()
    assert receiver.state.received and all(item["verified"] for item in receiver.state.received)

    assert len(logs.records) > 0
    assert _secrets_in(logs.text(), world) == []
    stored_errors = "\n".join(
        [
            *AxemaUserSyncJob.objects.values_list("error_message", flat=True),
            *VossUsage.objects.values_list("last_error", flat=True),
        ]
    )
    assert _secrets_in(stored_errors, world) == []


def _change_pages(world: World) -> dict[str, str]:
    company = world.company_a
    return {
        "Axema settings": reverse(
            "admin:integrations_axemasettings_change", args=[AxemaSettings.objects.get(company=company).pk]
        ),
        "VOSS settings": reverse(
            "admin:integrations_vosssettings_change", args=[VossSettings.objects.get(company=company).pk]
        ),
        "webhook endpoint": reverse(
            "admin:webhooks_webhookendpoint_change",
            args=[WebhookEndpoint.objects.filter(company=company).first().pk],
        ),
    }


@pytest.mark.parametrize("who", ["superuser", "company staff"])
def test_admin_change_pages_show_no_secret(world, client, who):
    user = get_user_model().objects.get(is_superuser=True) if who == "superuser" else world.admin_a
    client.force_login(user)
    for name, url in _change_pages(world).items():
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert _secrets_in(html, world) == [], name
        if name != "webhook endpoint":  # the credential's field is there, empty
            assert 'name="password"' in html or 'name="api_key"' in html, name
