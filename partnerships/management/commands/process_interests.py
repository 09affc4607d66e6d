"""The daily job of interests: expire those nobody answered in time, and remind receivers
once before theirs expire.

    python manage.py process_interests

Run it once a day (cron or a systemd timer); running it more often does no harm: an interest
is expired once and its receiver reminded once.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerships.services.interests import interest_reminders_send, interests_expire_due


class Command(BaseCommand):
    help = "Expire unanswered interests and remind receivers before theirs expire."

    def handle(self, *args, **options) -> None:
        expired = interests_expire_due()
        reminded = interest_reminders_send()
        self.stdout.write(
            ngettext("%(count)s interest expired.", "%(count)s interests expired.", expired)
            % {"count": expired}
        )
        self.stdout.write(
            ngettext(
                "%(count)s reminder sent about an interest that expires soon.",
                "%(count)s reminders sent about interests that expire soon.",
                reminded,
            )
            % {"count": reminded}
        )
        self.stdout.write(self.style.SUCCESS(_("Interests processed.")))
