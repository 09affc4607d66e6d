"""The daily job of commitments: ask each side, 1, 3 and 6 months after signing, how the
partnership is going (by e-mail; the dashboard shows the question too).

    python manage.py process_commitments

Run it once a day (cron or a systemd timer); running it more often does no harm: each
follow-up is e-mailed once. Follow-ups due more than 30 days ago are not e-mailed (see
partnerships/services/realisation.py).
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerships.services.realisation import follow_ups_ask


class Command(BaseCommand):
    help = "E-mail the follow-up questions due on commitments (1, 3 and 6 months after signing)."

    def handle(self, *args, **options) -> None:
        asked = follow_ups_ask()
        self.stdout.write(
            ngettext(
                "%(count)s follow-up question e-mailed about a commitment.",
                "%(count)s follow-up questions e-mailed about commitments.",
                asked,
            )
            % {"count": asked}
        )
        self.stdout.write(self.style.SUCCESS(_("Commitments processed.")))
