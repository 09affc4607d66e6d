from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partnerships.demo import DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "Fills the database with the demo records; safe to run again (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off. The demo accounts' passwords are public.",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts whose passwords are public, so it runs only with "
                "DEBUG on (a local demo). Pass --force if this database really is a demo."
            )
        accounts = demo_seed()
        self.stdout.write(self.style.SUCCESS("Demo data is in place. Sign in with:"))
        for account in accounts:
            self.stdout.write(f"  {account.role:<28} {account.email:<32} {DEMO_PASSWORD}")
