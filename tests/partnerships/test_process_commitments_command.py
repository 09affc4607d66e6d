"""The daily job: ``process_commitments`` e-mails each side's due follow-up question once."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation

from partnerships.models import CommitmentFollowUp
from tests.partnerships.factories import make_owner
from tests.partnerships.factories_realisation import commitment_of, make_follow_ups

pytestmark = pytest.mark.django_db


def run() -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("process_commitments", stdout=out)
    return out.getvalue()


def test_it_emails_the_due_follow_ups_once_and_says_how_many(firm_representative):
    commitment = commitment_of(
        make_owner("sri@umkm.test"),
        firm_representative,
        statement_signed_on=timezone.localdate() - timedelta(days=40),
    )
    make_follow_ups(commitment)

    output = run()

    assert "2 follow-up questions e-mailed about commitments." in output
    assert "Commitments processed." in output
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        ["sri@umkm.test", firm_representative.email]
    )
    assert CommitmentFollowUp.objects.filter(asked_at__isnull=False).count() == 2
    assert "0 follow-up questions e-mailed" in run()
    assert len(mail.outbox) == 2


def test_a_mail_server_that_refuses_leaves_the_question_for_the_next_run(settings, monkeypatch):
    commitment = commitment_of(
        make_owner("sri@umkm.test"),
        statement_signed_on=timezone.localdate() - timedelta(days=40),
    )
    make_follow_ups(commitment)

    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr("partnerships.services.realisation.send_portal_email", refuse)
    assert "0 follow-up questions e-mailed" in run()
    assert not CommitmentFollowUp.objects.filter(asked_at__isnull=False).exists()

    monkeypatch.undo()
    assert "1 follow-up question e-mailed about a commitment." in run()
