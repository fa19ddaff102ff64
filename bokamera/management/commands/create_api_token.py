from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from bokamera.services import api_token_create


class Command(BaseCommand):
    help = "Creates an API token for a user and prints it (it is stored hashed and not shown again)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="A label for the token")

    def handle(self, *args, username: str, name: str, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No user named {username!r}.") from exc
        _, raw = api_token_create(user=user, name=name)
        self.stdout.write(raw)
