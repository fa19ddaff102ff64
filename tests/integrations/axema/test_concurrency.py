"""Two POSTs at once (PostgreSQL, real transactions) and the lifecycle on a real Celery worker."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection
from rest_framework.test import APIClient

from customers.models import Customer
from integrations.axema_models import AxemaSettings, AxemaUserSyncJob


@pytest.fixture
def tx_axema_settings(company, vaka) -> AxemaSettings:
    return AxemaSettings.objects.create(
        company=company, api_endpoint=vaka.url, username="vaka", password="vaka-secret"
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_start_exactly_one_sync(
    client_for, admin_user, company, tx_axema_settings, vaka
):
    vaka.state.delay = 0.3  # keeps the winner's job running while the loser's request arrives
    clients = [client_for(admin_user), client_for(admin_user)]
    barrier = threading.Barrier(len(clients))
    answers: list[tuple[int, dict]] = []

    def post(client: APIClient) -> None:
        try:
            barrier.wait(timeout=5)
            response = client.post("/codelock/axema/usersync", {}, format="json")
            answers.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(status for status, _ in answers) == [200, 409]
    loser = next(body for status, body in answers if status == 409)
    assert loser["ResponseStatus"]["ErrorCode"] == "AxemaUserSyncRunning"
    job = AxemaUserSyncJob.objects.get()
    assert str(job.id) == next(body["Id"] for status, body in answers if status == 200)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_lifecycle_on_a_real_worker(admin_client, company, tx_axema_settings, vaka, events):
    from celery.contrib.testing.worker import start_worker

    from bokamera.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with start_worker(app, perform_ping_check=False, pool="solo"):
            created = admin_client.post("/codelock/axema/usersync", {}, format="json")
            assert created.status_code == 200
            assert created.json()["StatusName"] == "Pending"
            job_url = f"/codelock/axema/usersync/{created.json()['Id']}"
            assert admin_client.post("/codelock/axema/usersync", {}, format="json").status_code == 409
            body = created.json()
            deadline = time.monotonic() + 30
            while body["Status"] in (0, 1) and time.monotonic() < deadline:
                time.sleep(0.1)
                body = admin_client.get(job_url).json()
    finally:
        app.conf.task_always_eager = previous

    assert (body["StatusName"], body["UsersFound"], body["UsersCreated"], body["UsersUpdated"]) == (
        "Completed",
        5,
        5,
        0,
    )
    assert Customer.objects.filter(company=company).count() == 5
    assert [kind for kind, _, _ in events] == ["axema.usersync.completed"]


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_axema_sync_command_waits_for_a_real_worker(company, tx_axema_settings, vaka):
    import io

    from celery.contrib.testing.worker import start_worker
    from django.core.management import call_command

    from bokamera.celery import app

    vaka.state.delay = 0.2
    out = io.StringIO()
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with start_worker(app, perform_ping_check=False, pool="solo"):
            call_command("axema_sync", "--company", str(company.id), "--wait", "--poll", "0.05", stdout=out)
    finally:
        app.conf.task_always_eager = previous

    lines = out.getvalue().splitlines()
    assert lines[-1] == "Completed: 5 found, 5 created, 0 updated."
    assert any(line.startswith("[") and "/5 users" in line for line in lines[1:-1])
