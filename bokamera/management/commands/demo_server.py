"""Serves the demo: the loopback simulators of the external systems, then the development server."""

import importlib

from django.core.management import call_command
from django.core.management.base import BaseCommand

from bokamera.demo import DOMAIN_APPS


class Command(BaseCommand):
    help = "Starts the external-system simulators the demo companies point at, then runserver."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport: str, **options):
        for app in DOMAIN_APPS:
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError:
                continue
            for name, url in getattr(module, "start_simulators", lambda: [])():
                self.stdout.write(f"{name} simulator: {url}")
        call_command("runserver", addrport, use_reloader=False)
