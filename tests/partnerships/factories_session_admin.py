"""What the officials' session admin tests need beyond tests/partnerships/factories_sessions.py:
the add form's data, and sessions with a queue ready to be scheduled."""

from datetime import timedelta

from django.utils import timezone

from partnerships.models import BridgingSession, Match, SessionState
from tests.partnerships.factories import make_firm, make_umkm, regency
from tests.partnerships.factories_queue import make_match
from tests.partnerships.factories_sessions import invite_both, session_factory

VERIFIED = "verified"


def session_form_data(**overrides) -> dict[str, str]:
    """What the admin's add form sends for a workable national session a month ahead: 6 slots
    of 30 minutes from 09:00 at 10 tables, registration until a week before."""
    day = timezone.localdate() + timedelta(days=30)
    data = {
        "title": "Sesi Temu Usaha Nasional April",
        "scope": "national",
        "province": "",
        "date": day.isoformat(),
        "first_slot_starts_at": "09:00",
        "registration_deadline_0": (day - timedelta(days=7)).isoformat(),
        "registration_deadline_1": "23:59",
        "format": "in_person",
        "venue": "Gedung BKPM, Jl. Jend. Gatot Subroto No. 44, Jakarta Selatan",
        "meeting_link": "",
        "slot_count": "6",
        "slot_minutes": "30",
        "table_count": "10",
        "meetings_per_party": "4",
    }
    return {**data, **overrides}


def queued_session(
    *,
    pairs: int = 3,
    state: str = SessionState.OPEN,
    place: str = "3273",
    confirmed: bool = True,
    **session_fields,
) -> tuple[BridgingSession, list[Match]]:
    """An open session and ``pairs`` waiting matches in ``place`` (one firm with ``pairs``
    UMKM, so at most one of its meetings per slot), both parties of each invited and (when
    ``confirmed``) confirmed."""
    session = session_factory(state=state, **session_fields)
    firm = make_firm(state=VERIFIED, locations=[place], name=f"PT Mitra Industri {session.pk}")
    matches = []
    for number in range(pairs):
        umkm = make_umkm(
            state=VERIFIED, regency=regency(place), name=f"UMKM Sejahtera {session.pk}-{number}"
        )
        match = make_match(umkm, firm, score=60 + number, waiting_days=number + 1)
        if confirmed:
            invite_both(session, match)
        matches.append(match)
    return session, matches
