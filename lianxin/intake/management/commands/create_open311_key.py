from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lianxin.core.errors import DomainError
from lianxin.intake.services.open311 import issue_key


class Command(BaseCommand):
    help = "Issue an Open311 API key to a client app and print it (it is shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("app_name", nargs="+", help="the client app's name")

    def handle(self, *args, **options):
        try:
            key, raw = issue_key(app_name=" ".join(options["app_name"]), actor=None)
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stderr.write(_("API key for %(app)s (shown only this once):") % {"app": key.app_name})
        self.stdout.write(raw)
