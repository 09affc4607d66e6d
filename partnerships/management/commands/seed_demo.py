from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from partnerships.demo import DEMO_CLAIM_CODE, DEMO_PASSWORD, demo_seed
from partnerships.demo_commitments import demo_commitments_total
from portal.money import format_rupiah_words


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
        width = max(len(account.role) for account in accounts)
        for account in accounts:
            self.stdout.write(f"  {account.role:<{width}}  {account.email:<30} {DEMO_PASSWORD}")
        self.stdout.write(
            f"An owner without a business (pemilik.baru@kemitraan.test) can claim the assisted "
            f"registration 'Anyaman Pandan Bu Iyah' with the code {DEMO_CLAIM_CODE}."
        )
        total, count = demo_commitments_total()
        # "Komitmen: Rp1,5 triliun dari 178 penandatanganan" in Indonesian.
        self.stdout.write(
            _("Commitments: %(total)s from %(count)s signings")
            % {"total": format_rupiah_words(total), "count": count}
        )
