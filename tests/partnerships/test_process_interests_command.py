"""The daily job: ``process_interests`` expires what nobody answered and reminds receivers once,
and says what it did."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from partnerships.models import InterestState
from tests.partnerships.factories import make_need
from tests.partnerships.factories_interests import make_interest, make_pair

pytestmark = pytest.mark.django_db


def run() -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("process_interests", stdout=out)
    return out.getvalue()


def test_it_expires_and_reminds_and_says_so():
    pair = make_pair()
    overdue = make_interest(pair, sent_days_ago=15)
    due_soon = make_interest(pair, need=make_need(pair.firm), sent_days_ago=12)
    make_interest(pair, need=make_need(pair.firm), sent_days_ago=1)
    output = run()
    assert "1 interest expired." in output
    assert "1 reminder sent about an interest that expires soon." in output
    overdue.refresh_from_db()
    assert overdue.state == InterestState.EXPIRED
    due_soon.refresh_from_db()
    assert due_soon.reminded_at is not None
    assert [message.to for message in mail.outbox] == [[pair.owner.email]]


def test_running_it_again_does_nothing_twice():
    pair = make_pair()
    make_interest(pair, sent_days_ago=15)
    make_interest(pair, need=make_need(pair.firm), sent_days_ago=12)
    run()
    output = run()
    assert "0 interests expired." in output
    assert "0 reminders sent" in output
    assert len(mail.outbox) == 1
