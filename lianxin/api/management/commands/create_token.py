"""manage.py create_token <username> [--name NAME]: prints a new API token for the user."""

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from lianxin.api.services import create_token
from lianxin.core.errors import DomainError


class Command(BaseCommand):
    help = "Create an API token for a user and print it (it is shown this once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="manage.py create_token", help="What it is for.")

    def handle(self, *args, username: str, name: str, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username!r}.")
        try:
            new = create_token(actor=None, user=user, name=name)
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(new.token)
