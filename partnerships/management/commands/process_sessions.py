"""The daily job of bridging sessions: invite the parties of pairs that joined the queue after
a session opened, while it still takes answers.

    python manage.py process_sessions

Run it once a day (cron or a systemd timer); running it more often does no harm: nobody is
invited twice to one session.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerships.services.sessions import sessions_invite_new_parties


class Command(BaseCommand):
    help = "Invite the parties of newly queued pairs to the open bridging sessions."

    def handle(self, *args, **options) -> None:
        invited = sessions_invite_new_parties()
        self.stdout.write(
            ngettext(
                "%(count)s party invited to an open session.",
                "%(count)s parties invited to open sessions.",
                invited,
            )
            % {"count": invited}
        )
        self.stdout.write(self.style.SUCCESS(_("Sessions processed.")))
