"""Gives an existing account an official's role: central, regional (with provinces) or auditor.

    python manage.py assign_official siti@bkpm.go.id --role central
    python manage.py assign_official budi@dpmptsp.jabarprov.go.id --role regional --province 32
    python manage.py assign_official rina@bpk.go.id --role auditor

It creates no account (the person signs up, or ``createsuperuser`` makes the first one); it
makes the account staff, puts it in the role's group alone and binds a regional official to the
provinces given by their Kemendagri code (``--province`` repeated), replacing earlier ones.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from partnerships.models import Province
from partnerships.officials import OfficialRole
from partnerships.services.officials import OfficialRoleError, official_role_assign
from portal.accounts.models import User


class Command(BaseCommand):
    help = "Assign an official's role (and a regional official's provinces) to an account."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email", help="The e-mail address of an existing account.")
        parser.add_argument("--role", required=True, choices=OfficialRole.values)
        parser.add_argument(
            "--province",
            action="append",
            default=[],
            metavar="CODE",
            help="A province's two-digit Kemendagri code (32 = Jawa Barat); repeat for more.",
        )

    def handle(self, *args, email: str, role: str, province: list[str], **options) -> None:
        try:
            user = User.objects.get(email__iexact=email.strip())
        except User.DoesNotExist:
            raise CommandError(
                _(
                    "There is no account with the e-mail address %(email)s: the person signs "
                    "up first (or use createsuperuser)."
                )
                % {"email": email}
            ) from None
        codes = list(dict.fromkeys(code.strip() for code in province))
        provinces = list(Province.objects.filter(code__in=codes))
        unknown = sorted(set(codes) - {p.code for p in provinces})
        if unknown:
            raise CommandError(
                _(
                    "No province has the Kemendagri code %(codes)s "
                    "(two digits, e.g. 32 for Jawa Barat)."
                )
                % {"codes": ", ".join(unknown)}
            )
        try:
            official_role_assign(user=user, role=role, provinces=provinces)
        except OfficialRoleError as error:
            raise CommandError(str(error)) from None
        if provinces:
            message = _("%(email)s is now a %(role)s for %(provinces)s.") % {
                "email": user.email,
                "role": OfficialRole(role).label,
                "provinces": ", ".join(p.name for p in provinces),
            }
        else:
            message = _("%(email)s is now a %(role)s.") % {
                "email": user.email,
                "role": OfficialRole(role).label,
            }
        self.stdout.write(self.style.SUCCESS(message))
