"""A failure in the middle of a schedule build leaves the session's schedule as it was.

The rebuild of a session whose schedule has two locked meetings first deletes the unlocked
meetings, then writes the new ones; the failure is injected at the third new meeting written
(the first two really are written, in the build's transaction). Whatever the failure (the
database lost, a constraint refusing a row, a bug), every table holds afterwards exactly what
it held before, and the official reads a clear message: the reason for a refusal, the short
"try again in a minute" page while the database is away, the error page for a bug, never a
stack trace.

Real transactions (``transaction=True``), as in production: the build commits or rolls back
on its own, not inside a test's transaction.
"""

from __future__ import annotations

from contextlib import contextmanager
from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.constants import ERROR
from django.db import IntegrityError, OperationalError
from django.urls import reverse
from django.utils import translation

from partnerships.models import Meeting
from partnerships.services.sessions import SessionError, session_build_schedule
from tests.faults.database_state import database_rows, differences
from tests.partnerships.factories_queue import make_match
from tests.partnerships.factories_sessions import invite_both, session_factory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data_after_flush"),
]

FAIL_AT = 3
LOST = OperationalError("server closed the connection unexpectedly (injected)")
REFUSED = IntegrityError("duplicate key value violates unique constraint (injected)")
BUG = RuntimeError("a bug in the middle of the build (injected)")


class Injected:
    """Counts the meetings written; the ``fail_at``-th write raises ``error``."""

    def __init__(self, error: Exception, fail_at: int = FAIL_AT) -> None:
        self.error, self.fail_at, self.written = error, fail_at, 0
        self._bulk_create = Meeting.objects.bulk_create

    def bulk_create(self, meetings, *args, **kwargs):
        meetings = list(meetings)
        # The meetings before the failing one are really inserted, in the build's transaction.
        self._bulk_create(meetings[: self.fail_at - 1], *args, **kwargs)
        self.written = min(len(meetings), self.fail_at - 1)
        if len(meetings) >= self.fail_at:
            raise self.error
        return meetings


@contextmanager
def failing_meeting_writes(error: Exception):
    injected = Injected(error)
    with mock.patch.object(Meeting.objects, "bulk_create", injected.bulk_create):
        yield injected


def _session_with_a_built_schedule(official):
    """An open session whose schedule was built (eight meetings, two of them locked), with four
    more matches queued since: a rebuild deletes six meetings and writes ten."""
    session = session_factory(slot_count=6, table_count=4, meetings_per_party=4)
    for _ in range(8):
        invite_both(session, make_match())
    session_build_schedule(session=session, user=official)
    Meeting.objects.filter(pk__in=session.meetings.order_by("pk").values("pk")[:2]).update(
        locked=True
    )
    for _ in range(4):
        invite_both(session, make_match())
    return session


def test_the_schedule_is_as_it_was_when_the_database_fails_at_the_third_meeting(official):
    session = _session_with_a_built_schedule(official)
    before = database_rows()

    with failing_meeting_writes(LOST) as injected, pytest.raises(OperationalError):
        session_build_schedule(session=session, user=official)

    assert injected.written == FAIL_AT - 1
    assert differences(before, database_rows()) == {}
    assert session.meetings.count() == 8
    assert session.meetings.filter(locked=True).count() == 2


def test_a_refused_meeting_rolls_the_build_back_and_says_why(official):
    session = _session_with_a_built_schedule(official)
    before = database_rows()

    with failing_meeting_writes(REFUSED), pytest.raises(SessionError) as refused:
        session_build_schedule(session=session, user=official)

    assert differences(before, database_rows()) == {}
    assert refused.value.message == _in_indonesian(
        "Another schedule took some of these matches at the same moment; build again."
    )


def test_a_bug_in_the_middle_of_the_build_leaves_nothing_half_written(official):
    session = _session_with_a_built_schedule(official)
    before = database_rows()

    with failing_meeting_writes(BUG), pytest.raises(RuntimeError):
        session_build_schedule(session=session, user=official)

    assert differences(before, database_rows()) == {}


def test_without_a_failure_the_same_rebuild_replaces_the_schedule(official):
    # The control: the injection point is on the build's path, and the rebuild writes.
    session = _session_with_a_built_schedule(official)
    before = database_rows()

    session_build_schedule(session=session, user=official)

    changed = differences(before, database_rows())
    assert "partnerships_meeting" in changed
    assert session.meetings.count() == 12


# --- what the official sees ----------------------------------------------------------------


def _step_url(session) -> str:
    return reverse("admin:partnerships_bridgingsession_step", args=[session.pk, "build"])


def _in_indonesian(text: str) -> str:
    # The admin lies outside the /en/ URLs: it speaks the site's default language.
    with translation.override("id"):
        return translation.gettext(text)


@pytest.mark.parametrize(
    ("error", "status", "says"),
    [
        (LOST, 503, "The portal is briefly unavailable"),
        (BUG, 500, "Something went wrong"),
    ],
    ids=["database lost", "bug"],
)
def test_the_official_sees_a_short_error_page_and_the_schedule_is_unchanged(
    client, official, error, status, says
):
    session = _session_with_a_built_schedule(official)
    client.force_login(official)
    client.raise_request_exception = False
    # The session the test client signed in with is the visitor's state, not a record.
    before = database_rows(leave_out=("django_session",))

    with failing_meeting_writes(error):
        response = client.post(_step_url(session))

    assert response.status_code == status
    page = response.content.decode()
    assert _in_indonesian(says) in page
    assert "Traceback" not in page
    assert type(error).__name__ not in page
    assert differences(before, database_rows(leave_out=("django_session",))) == {}


def test_the_official_reads_why_the_build_was_refused_and_the_schedule_is_unchanged(
    client, official
):
    session = _session_with_a_built_schedule(official)
    client.force_login(official)
    before = database_rows(leave_out=("django_session",))

    with failing_meeting_writes(REFUSED):
        response = client.post(_step_url(session))

    assert response.status_code == 302
    assert [(m.level, m.message) for m in get_messages(response.wsgi_request)] == [
        (
            ERROR,
            _in_indonesian(
                "Another schedule took some of these matches at the same moment; build again."
            ),
        )
    ]
    assert differences(before, database_rows(leave_out=("django_session",))) == {}
