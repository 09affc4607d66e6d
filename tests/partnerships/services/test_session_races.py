"""Two officials build the same session's schedule at the same moment, with real threads and
their own PostgreSQL connections: the session's row lock makes them take turns, so the result
is one valid schedule with no duplicate or clashing meetings.

PostgreSQL only: SQLite takes one writer at a time for the whole database, so there is no race
to test there (and its in-memory test database is not shared between threads).
"""

import pytest
from django.db import connection

from partnerships.models import Meeting, SessionState
from partnerships.schedule_building import Placement, SessionShape, schedule_problems
from partnerships.services.sessions import SessionError, session_build_schedule, session_publish
from tests.partnerships.factories import make_official
from tests.partnerships.factories_queue import make_match
from tests.partnerships.factories_sessions import invite_both, session_factory
from tests.partnerships.services.test_interest_races import run_at_once

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises all writers; the race needs PostgreSQL's row locks.",
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data_after_flush"),
]


def _queued_session(matches: int):
    session = session_factory(slot_count=3, table_count=3, meetings_per_party=3)
    for _ in range(matches):
        invite_both(session, make_match())
    return session


def test_two_officials_building_at_once_leave_one_valid_schedule():
    session = _queued_session(12)
    first, second = make_official(), make_official()

    results = run_at_once(
        [
            lambda: session_build_schedule(session=session, user=first),
            lambda: session_build_schedule(session=session, user=second),
        ]
    )

    assert not [r for r in results if isinstance(r, Exception)], results
    meetings = list(Meeting.objects.filter(session=session))
    assert len(meetings) == 9  # 3 slots x 3 tables
    assert len({meeting.match_id for meeting in meetings}) == 9
    placements = [
        Placement(key=m.match_id, firm=m.firm_id, umkm=m.umkm_id, slot=m.slot, table=m.table)
        for m in meetings
    ]
    assert schedule_problems(placements, shape=SessionShape(slots=3, tables=3, cap=3)) == []


def test_a_build_racing_a_publish_either_waits_or_is_refused():
    session = _queued_session(4)
    official = make_official()
    session_build_schedule(session=session, user=official)

    results = run_at_once(
        [
            lambda: session_publish(session=session, user=official),
            lambda: session_build_schedule(session=session, user=official),
        ]
    )

    session.refresh_from_db()
    assert session.state == SessionState.SCHEDULED
    refused = [r for r in results if isinstance(r, SessionError)]
    unexpected = [r for r in results if isinstance(r, Exception) and r not in refused]
    assert not unexpected, unexpected
    assert Meeting.objects.filter(session=session).count() == 4
