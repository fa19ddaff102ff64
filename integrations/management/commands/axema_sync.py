"""manage.py axema_sync --company ID [--wait]: starts one Axema user sync and shows its progress."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from bokamera.api.errors import ApplicationError
from bokamera.celery import app
from bokamera.models import Company
from integrations.axema import services
from integrations.axema_models import AxemaUserSyncJob, AxemaUserSyncStatus, AxemaUserSyncTrigger

BAR_WIDTH = 30


def render_bar(done: int, total: int | None, *, created: int, updated: int, width: int = BAR_WIDTH) -> str:
    """`[#########---------]  45%  450/1000 users  created 12  updated 3` (no total: no bar)."""
    counts = f"created {created}  updated {updated}"
    if not total:
        return f"{done} users  {counts}"
    share = min(1.0, done / total)
    filled = int(share * width)  # full only when done
    return f"[{'#' * filled}{'-' * (width - filled)}] {share:4.0%}  {done}/{total} users  {counts}"


class Command(BaseCommand):
    help = "Start a sync of users from Axema Vaka for one company; --wait shows progress until it ends."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--company", required=True, help="Company id (UUID)")
        parser.add_argument("--wait", action="store_true", help="Wait for the end and show progress")
        parser.add_argument(
            "--poll", type=float, default=0.5, help="Seconds between progress reads (with a worker)"
        )

    def handle(self, *args, company: str, wait: bool, poll: float, **options) -> None:
        try:
            target = Company.objects.get(pk=company)
        except (Company.DoesNotExist, ValueError) as exc:
            raise CommandError(f"Company {company} was not found.") from exc
        self.tty = self.stdout.isatty()
        self.last_line = ""
        inline = app.conf.task_always_eager  # no broker: run here, reporting each page
        try:
            job = services.axema_user_sync_start(
                company=target, trigger=AxemaUserSyncTrigger.COMMAND, enqueue_task=not inline
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Axema user sync {job.id} started for {target.name}.")
        if inline:
            services.axema_user_sync_run(
                job_id=job.id,
                on_progress=lambda p: self.show(p.processed, p.found, p.created, p.updated),
            )
        elif not wait:
            self.stdout.write(f"Sent to a worker. Follow it with GET /codelock/axema/usersync/{job.id}.")
            return
        else:
            job = self.follow(job, poll)
        job.refresh_from_db()
        self.finish(job)

    def follow(self, job: AxemaUserSyncJob, poll: float) -> AxemaUserSyncJob:
        while job.is_running:
            time.sleep(poll)
            job.refresh_from_db()
            if job.status == AxemaUserSyncStatus.PROCESSING:
                self.show(
                    job.users_processed, job.users_found, job.users_created or 0, job.users_updated or 0
                )
        return job

    def show(self, done: int, total: int | None, created: int, updated: int) -> None:
        line = render_bar(done, total, created=created, updated=updated)
        if line == self.last_line:
            return
        self.last_line = line
        if self.tty:
            self.stdout.write(f"\r{line}", ending="")
            self.stdout.flush()
        else:
            self.stdout.write(line)

    def finish(self, job: AxemaUserSyncJob) -> None:
        if self.tty and self.last_line:
            self.stdout.write("")
        summary = (
            f"{job.get_status_display()}: {job.users_found or 0} found, {job.users_created or 0} created, "
            f"{job.users_updated or 0} updated."
        )
        if job.status == AxemaUserSyncStatus.FAILED:
            raise CommandError(f"{summary} {job.error_message}")
        self.stdout.write(summary + (f" {job.error_message}" if job.error_message else ""))
