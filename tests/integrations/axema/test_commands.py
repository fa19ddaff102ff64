"""manage.py axema_sync and axema_simulator."""

from __future__ import annotations

import io
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import pytest
from django.core.management import CommandError, call_command

from customers.models import Customer
from integrations.axema_models import AxemaUserSyncJob, AxemaUserSyncStatus
from integrations.management.commands.axema_sync import render_bar

from .factories import AxemaUserSyncJobFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


def test_render_bar():
    assert render_bar(450, 1000, created=12, updated=3, width=10) == (
        "[####------]  45%  450/1000 users  created 12  updated 3"
    )
    assert render_bar(5, 5, created=5, updated=0, width=4) == "[####] 100%  5/5 users  created 5  updated 0"
    assert render_bar(7, None, created=1, updated=2) == "7 users  created 1  updated 2"


@pytest.mark.usefixtures("axema_settings")
def test_axema_sync_wait_runs_and_reports_progress(company):
    out = io.StringIO()

    call_command("axema_sync", "--company", str(company.id), "--wait", stdout=out)

    job = AxemaUserSyncJob.objects.get()
    lines = out.getvalue().splitlines()
    assert lines[0] == f"Axema user sync {job.id} started for Acme Salon."
    assert lines[1:] == [
        "[############------------------]  40%  2/5 users  created 2  updated 0",
        "[########################------]  80%  4/5 users  created 4  updated 0",
        "[##############################] 100%  5/5 users  created 5  updated 0",
        "Completed: 5 found, 5 created, 0 updated.",
    ]
    assert (job.trigger, job.status) == ("command", AxemaUserSyncStatus.COMPLETED)
    assert Customer.objects.filter(company=company).count() == 5


@pytest.mark.usefixtures("axema_settings")
def test_axema_sync_failure_is_a_command_error(company, vaka):
    vaka.state.password = "changed"

    with pytest.raises(CommandError, match=r"Failed: 0 found, 0 created, 0 updated\. .*credentials \(401\)"):
        call_command("axema_sync", "--company", str(company.id), stdout=io.StringIO())


def test_axema_sync_refuses_unknown_company_and_running_sync(company, axema_settings):
    with pytest.raises(CommandError, match="was not found"):
        call_command("axema_sync", "--company", str(uuid.uuid4()), stdout=io.StringIO())
    AxemaUserSyncJobFactory(company=company, status=AxemaUserSyncStatus.PENDING)
    with pytest.raises(CommandError, match="already running"):
        call_command("axema_sync", "--company", str(company.id), stdout=io.StringIO())
    assert AxemaUserSyncJob.objects.count() == 1


def test_axema_simulator_command_serves_persons():
    process = subprocess.Popen(
        [sys.executable, "manage.py", "axema_simulator", "--port", "0", "--users", "3", "--malformed", "3"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        banner = process.stdout.readline()
        url = banner.split(" on ")[1].split(" ")[0]
        response = httpx.get(
            f"{url}/api/v1/persons",
            params={"page": 1, "pageSize": 10},
            auth=("vaka", "vaka-secret"),
            timeout=5,
        )
        assert response.status_code == 200
        body = response.json()
        assert (body["totalCount"], len(body["persons"]), body["persons"][2]["cards"]) == (3, 3, "C123")
        assert httpx.get(f"{url}/api/v1/persons", auth=("vaka", "nope"), timeout=5).status_code == 401
    finally:
        process.terminate()
        process.wait(timeout=10)
