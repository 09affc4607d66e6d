"""The daily job: ``process_sessions`` invites the parties of pairs queued after a session
opened, once, and only while the session takes answers."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation

from partnerships.models import SessionState
from tests.partnerships.factories_queue import make_match
from tests.partnerships.factories_sessions import session_factory

pytestmark = pytest.mark.django_db


def run() -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("process_sessions", stdout=out)
    return out.getvalue()


def test_it_invites_newly_queued_parties_once_and_emails_them(django_capture_on_commit_callbacks):
    session = session_factory()
    match = make_match()

    with django_capture_on_commit_callbacks(execute=True):
        output = run()

    assert "2 parties invited to open sessions." in output
    assert session.invitations.filter(umkm=match.umkm).exists()
    assert session.invitations.filter(firm=match.firm).exists()
    assert match.umkm.owner.email in {address for message in mail.outbox for address in message.to}
    assert "0 parties invited" in run()


def test_sessions_past_their_deadline_or_not_open_invite_nobody():
    session_factory(registration_deadline=timezone.now() - timedelta(minutes=5))
    session_factory(state=SessionState.PLANNED)
    session_factory(state=SessionState.SCHEDULED)
    make_match()
    assert "0 parties invited" in run()
