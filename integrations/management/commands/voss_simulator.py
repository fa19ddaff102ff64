"""Runs the VOSS simulator in the foreground: `manage.py voss_simulator --port 8089 --error-rate 0.2`."""

from __future__ import annotations

import random
import signal

from django.core.management.base import BaseCommand

from integrations.voss.simulator import VossSimulator, VossState


class Command(BaseCommand):
    help = "Serves a loopback VOSS (usage reports deduplicated on Idempotency-Key) with fault injection."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8089)
        parser.add_argument("--api-key", default="", help="Require `Authorization: Bearer <key>`")
        parser.add_argument(
            "--error-rate", type=float, default=0.0, help="Share of usage reports answered 503"
        )
        parser.add_argument("--slow-rate", type=float, default=0.0, help="Share recorded, then answered late")
        parser.add_argument("--slow-delay", type=float, default=15.0, help="Seconds a slow answer waits")
        parser.add_argument(
            "--drop-rate", type=float, default=0.0, help="Share recorded, then dropped without an answer"
        )
        parser.add_argument("--seed", type=int, default=None, help="Random seed for reproducible faults")

    def handle(self, *args, **options):
        state = VossState(
            api_key=options["api_key"],
            error_rate=options["error_rate"],
            slow_rate=options["slow_rate"],
            slow_delay=options["slow_delay"],
            drop_rate=options["drop_rate"],
            rng=random.Random(options["seed"]),
        )
        simulator = VossSimulator(port=options["port"], state=state, verbose=options["verbosity"] > 1)
        self.stdout.write(f"VOSS simulator on {simulator.url} (Ctrl+C to stop)")
        signal.signal(signal.SIGTERM, _interrupt)  # `kill <pid>` stops it as Ctrl+C does
        try:
            simulator.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            simulator.server.server_close()
            self.stdout.write(f"Billed {len(state.billed)} usage report(s) from {state.requests} request(s).")


def _interrupt(signum, frame):
    raise KeyboardInterrupt
