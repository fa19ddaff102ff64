import json

from django.core.management.base import BaseCommand

from bokamera.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Creates (once) a superadmin and two demo companies with administrators, customers, resources, "
    "bookings, custom fields and a webhook endpoint. Running it again creates nothing new."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print what was made as JSON, for scripts")

    def handle(self, *args, **options):
        summary = seed_demo()
        if options["json"]:
            self.stdout.write(json.dumps(summary, indent=2))
            return
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
        self.stdout.write(
            f"Admin site: /admin/  users superadmin, demo-admin-1, demo-admin-2 / {DEMO_PASSWORD}"
        )
        self.stdout.write(f"Superadmin API token: {summary['SuperadminToken']}")
        for company in summary["Companies"]:
            self.stdout.write(
                f"{company['Name']} ({company['CompanyId']}): admin token {company['AdminToken']}"
            )
