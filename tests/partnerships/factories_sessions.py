"""Bridging sessions, their invitations and meetings, written straight to the database (not
through the session services, which their own tests cover).

``session_factory()`` is a national, in-person session two weeks ahead, open for registration:
6 slots of 30 minutes from 09:00 at 4 tables, at most 4 meetings per party, registration until
three days before (23:59 Jakarta time). Overrides change any field; the timestamps a state needs
(opened, published, held, closed) are filled in for the state asked for, a ``province`` makes
the session provincial and ``format=SessionFormat.ONLINE`` gives it a meeting link instead of a
venue.

``meeting_factory()`` puts a match (a new verified pair in Bandung unless given) at a slot and a
table of a session (a new *published* one unless given); the meeting's UMKM and firm are always
its match's.
"""

import datetime
import itertools
from datetime import timedelta

from django.utils import timezone

from partnerships.models import (
    Attendance,
    BridgingSession,
    Firm,
    InvitationAnswer,
    Match,
    Meeting,
    QueueState,
    SessionFormat,
    SessionInvitation,
    SessionScope,
    SessionState,
    Umkm,
)
from portal.accounts.models import User
from tests.partnerships.factories_queue import make_match

_serial = itertools.count(1)

VENUE = "Gedung BKPM, Jl. Jend. Gatot Subroto No. 44, Jakarta Selatan"
MEETING_LINK = "https://meet.example.test/sesi-temu-usaha"

_PUBLISHED_STATES = {SessionState.SCHEDULED, SessionState.HELD, SessionState.CLOSED}


def session_factory(*, days_ahead: int = 14, **overrides) -> BridgingSession:
    """A session ``days_ahead`` days from today (negative: in the past); see the module doc."""
    number = next(_serial)
    now = timezone.now()
    state = overrides.get("state", SessionState.OPEN)
    day = overrides.get("date") or timezone.localdate() + timedelta(days=days_ahead)
    session_format = overrides.get("format", SessionFormat.IN_PERSON)
    fields = {
        "title": f"Sesi Temu Usaha Nasional {number}",
        "date": day,
        "format": session_format,
        "venue": VENUE if session_format == SessionFormat.IN_PERSON else "",
        "meeting_link": MEETING_LINK if session_format == SessionFormat.ONLINE else "",
        "scope": SessionScope.PROVINCIAL if overrides.get("province") else SessionScope.NATIONAL,
        "registration_deadline": timezone.make_aware(
            datetime.datetime.combine(day - timedelta(days=3), datetime.time(23, 59))
        ),
        "first_slot_starts_at": datetime.time(9, 0),
        "slot_count": 6,
        "slot_minutes": 30,
        "table_count": 4,
        "meetings_per_party": 4,
        "state": state,
        "opened_at": None if state == SessionState.PLANNED else now,
        "published_at": now if state in _PUBLISHED_STATES else None,
        "schedule_built_at": now if state in _PUBLISHED_STATES else None,
        "held_at": now if state in {SessionState.HELD, SessionState.CLOSED} else None,
        "closed_at": now if state == SessionState.CLOSED else None,
        **overrides,
    }
    return BridgingSession.objects.create(**fields)


def invitation_factory(
    session: BridgingSession | None = None,
    party: Umkm | Firm | None = None,
    *,
    answer: str = InvitationAnswer.INVITED,
    answered_by: User | None = None,
    **fields,
) -> SessionInvitation:
    """``party`` (an UMKM or a firm; a new verified UMKM if not given) invited to ``session``
    (a new open one if not given); an answered invitation was answered an hour ago."""
    if party is None:
        party = make_match().umkm
    if answer != InvitationAnswer.INVITED:
        fields.setdefault("answered_at", timezone.now() - timedelta(hours=1))
        fields.setdefault("answered_by", answered_by)
    return SessionInvitation.objects.create(
        session=session or session_factory(),
        umkm=party if isinstance(party, Umkm) else None,
        firm=party if isinstance(party, Firm) else None,
        answer=answer,
        **fields,
    )


def invite_both(
    session: BridgingSession, match: Match, *, answer: str = InvitationAnswer.CONFIRMED
) -> tuple[SessionInvitation, SessionInvitation]:
    """The match's UMKM and firm invited to ``session``, both answering ``answer``; an existing
    invitation of either is kept as it is."""
    invitations = []
    for party in (match.umkm, match.firm):
        lookup = {"umkm": party} if isinstance(party, Umkm) else {"firm": party}
        existing = SessionInvitation.objects.filter(session=session, **lookup).first()
        invitations.append(existing or invitation_factory(session, party, answer=answer))
    return invitations[0], invitations[1]


def meeting_factory(
    session: BridgingSession | None = None,
    match: Match | None = None,
    *,
    slot: int = 0,
    table: int = 0,
    attendance: str = Attendance.NOT_RECORDED,
    recorded_by: User | None = None,
    invite: bool = False,
    **fields,
) -> Meeting:
    """``match`` meeting at ``slot`` and ``table`` (0-based) of ``session``.

    Without ``session``, a new session with its schedule published (state scheduled). Without
    ``match``, a new waiting match of a new verified pair in Bandung; when the meeting's
    attendance is "both came", that new match has met at the session, as the attendance
    service leaves it. A recorded attendance was recorded an hour ago. ``invite`` also invites
    both parties (confirmed). Outcomes (``umkm_outcome``, ``firm_outcome``) get their time.
    """
    session = session or session_factory(state=SessionState.SCHEDULED)
    now = timezone.now()
    if match is None:
        if attendance == Attendance.BOTH_CAME:
            match = make_match(queue_state=QueueState.MET_AT_SESSION)
        else:
            match = make_match()
    if attendance != Attendance.NOT_RECORDED:
        fields.setdefault("attendance_recorded_at", now - timedelta(hours=1))
        fields.setdefault("attendance_recorded_by", recorded_by)
    for side in ("umkm", "firm"):
        if fields.get(f"{side}_outcome"):
            fields.setdefault(f"{side}_outcome_at", now)
    if invite:
        invite_both(session, match)
    return Meeting.objects.create(
        session=session,
        match=match,
        umkm=match.umkm,
        firm=match.firm,
        slot=slot,
        table=table,
        attendance=attendance,
        **fields,
    )
