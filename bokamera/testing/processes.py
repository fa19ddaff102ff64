"""Subprocesses for fault and load tests: a Celery worker, a web server, and their environment.

Each process is started in its own session (process group) and stopped by its own pid and group
only: SIGTERM, then SIGKILL after a grace period.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, *, timeout: float = 20.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before listening on {port}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def _signal(process: subprocess.Popen, sig: int) -> None:
    """To the process group when the process leads one (started with start_new_session), else to
    the process alone."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if os.getpgid(process.pid) == process.pid:
            os.killpg(process.pid, sig)
        else:
            os.kill(process.pid, sig)


def stop_process(process: subprocess.Popen, *, grace: float = 5.0) -> None:
    """SIGTERM (to the group we created), then SIGKILL; never anything else."""
    if process.poll() is not None:
        return
    _signal(process, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        kill_process(process)


def kill_process(process: subprocess.Popen) -> None:
    """SIGKILL, as the kernel's OOM killer or a pulled plug would: no cleanup runs."""
    if process.poll() is None:
        _signal(process, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


def database_url(settings_dict: dict[str, Any], *, host: str | None = None, port: int | None = None) -> str:
    """A DATABASE_URL for Django's connection settings (e.g. the test database of this run),
    optionally through another host/port (a fault proxy)."""
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = host or settings_dict.get("HOST") or "127.0.0.1"
    port = port or int(settings_dict.get("PORT") or 5432)
    return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"


def app_env(
    *,
    database_url: str,
    broker_url: str = "",
    overrides: dict[str, Any] | None = None,
    **extra: str,
) -> dict[str, str]:
    """The environment of a subprocess of this project: its database and broker, and Django
    settings `overrides` applied by bokamera.testing.settings (e.g. short timeouts)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update(
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=broker_url,
        CELERY_TASK_ALWAYS_EAGER="0" if broker_url else "1",
        DJANGO_SETTINGS_MODULE="bokamera.testing.settings",
        BOKAMERA_SETTINGS_OVERRIDES=json.dumps(overrides or {}),
        PYTHONUNBUFFERED="1",
        LOG_LEVEL=os.environ.get("FAULT_LOG_LEVEL", "WARNING"),
    )
    env.update(extra)
    return env


class Managed:
    """A started subprocess with its log file."""

    def __init__(self, process: subprocess.Popen, log_path: Path, port: int | None = None) -> None:
        self.process = process
        self.log_path = log_path
        self.port = port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def wait_for_log(self, text: str, *, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log():
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"process exited with {self.process.returncode}:\n{self.log()[-3000:]}")
            time.sleep(0.1)
        raise TimeoutError(f"{text!r} not in the log after {timeout} s:\n{self.log()[-3000:]}")

    def stop(self, *, remove_log: bool = False) -> None:
        stop_process(self.process)
        if remove_log:
            self.log_path.unlink(missing_ok=True)

    def kill(self) -> None:
        kill_process(self.process)


def _spawn(args: list[str], env: dict[str, str], name: str, port: int | None = None) -> Managed:
    log_path = Path(tempfile.mkstemp(prefix=f"{name}-", suffix=".log")[1])
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    return Managed(process, log_path, port)


def start_celery_worker(
    env: dict[str, str], *, pool: str = "solo", concurrency: int = 1, queues: str = "", timeout: float = 30.0
) -> Managed:
    """`celery -A bokamera worker` in a subprocess; returns once it is ready to take tasks."""
    celery = shutil.which("celery", path=str(Path(PYTHON).parent)) or "celery"
    args = [celery, "-A", "bokamera", "worker", "--loglevel", "INFO", "--pool", pool,
            "--concurrency", str(concurrency), "--without-gossip", "--without-mingle",
            "--without-heartbeat", "--hostname", f"fault-{os.getpid()}-{free_port()}@%h"]  # fmt: skip
    if queues:
        args += ["--queues", queues]
    worker = _spawn(args, env, "celery-worker")
    worker.wait_for_log(" ready.", timeout=timeout)
    return worker


def start_web_server(
    env: dict[str, str],
    *,
    server: str = "runserver",
    workers: int = 4,
    threads: int = 4,
    timeout: float = 30.0,
) -> Managed:
    """The project on 127.0.0.1:<free port>: Django's threaded runserver (no extra dependency), or
    gunicorn (gthread workers) when `server="gunicorn"`."""
    port = free_port()
    if server == "gunicorn":
        gunicorn = shutil.which("gunicorn", path=str(Path(PYTHON).parent)) or "gunicorn"
        args = [gunicorn, "bokamera.wsgi:application", "--bind", f"127.0.0.1:{port}",
                "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
                "--timeout", "60", "--graceful-timeout", "5", "--log-level", "warning"]  # fmt: skip
    else:
        args = [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
    web = _spawn(args, env, server, port)
    wait_for_port(port, timeout=timeout, process=web.process)
    return web
