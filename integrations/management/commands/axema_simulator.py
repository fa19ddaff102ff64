"""manage.py axema_simulator: serves a simulated Axema Vaka person API on 127.0.0.1."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from integrations.axema.simulator import VakaSimulator, VakaState, make_persons


class Command(BaseCommand):
    help = "Run the Axema Vaka simulator (person API with fault injection) until interrupted."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", type=int, default=8091, help="0 picks a free port")
        parser.add_argument("--users", type=int, default=100, help="Number of simulated persons")
        parser.add_argument("--username", default="vaka")
        parser.add_argument("--password", default="vaka-secret")
        parser.add_argument("--delay", type=float, default=0.0, help="Seconds before every answer")
        parser.add_argument("--fail-pages", default="", help="Pages that always answer 500, e.g. 2,5")
        parser.add_argument("--malformed", type=int, default=0, help="Corrupt every Nth record")
        parser.add_argument("--verbose-requests", action="store_true", help="Log every request")

    def handle(self, *args, **options) -> None:
        users = options["users"]
        every = options["malformed"]
        state = VakaState(
            persons=make_persons(users),
            username=options["username"],
            password=options["password"],
            delay=options["delay"],
            fail_pages={int(p) for p in options["fail_pages"].split(",") if p.strip()},
            malformed=set(range(every - 1, users, every)) if every > 0 else set(),
        )
        simulator = VakaSimulator(state, port=options["port"], verbose=options["verbose_requests"])
        self.stdout.write(
            f"Axema Vaka simulator on {simulator.url} ({users} persons; user "
            f"{state.username!r}, password {state.password!r}). Ctrl-C stops it."
        )
        self.stdout.flush()
        try:
            simulator.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            simulator.server.server_close()
