"""Sends pending VOSS usage now, in this process (no broker needed)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from integrations.voss.selectors import voss_usage_due_ids
from integrations.voss.services import voss_usage_submit
from integrations.voss_models import VossUsage


class Command(BaseCommand):
    help = "Sends VOSS usage that is Pending and due (--all: every Pending row, even if not due yet)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Also rows not yet due (ignores backoff)")
        parser.add_argument("--limit", type=int, default=10_000)

    def handle(self, *args, **options):
        if options["all"]:
            pending = VossUsage.objects.filter(status=VossUsage.Status.PENDING).order_by("created")
            ids = list(pending.values_list("id", flat=True)[: options["limit"]])
        else:
            ids = voss_usage_due_ids(now=timezone.now(), limit=options["limit"])
        counts = {"Sent": 0, "Failed": 0, "Pending": 0, "skipped": 0}
        for usage_id in ids:
            usage = voss_usage_submit(usage_id=usage_id, force=options["all"])
            counts[usage.status if usage is not None else "skipped"] += 1
        summary = ", ".join(f"{v} {k}" for k, v in counts.items())
        self.stdout.write(f"{len(ids)} pending usage row(s): {summary}.")
