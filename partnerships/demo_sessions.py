"""The demo's bridging sessions: last month's, held and closed, and this month's, open, whose
schedule an official builds and publishes from the admin.

Written through the session services, as officials and parties would, then dated back. Last
month's session took part of the queue: most pairs met, one UMKM and one firm did not come
(those pairs wait again, keeping their waiting time) and one meeting was cancelled. This
month's session has invited the queue's parties; most confirmed, two declined, a few have not
answered. umkm@ met a snack distributor there and has yet to say how it went; this month the
demo accounts' pairs (umkm@ and perusahaan@) have confirmed, so both see an agenda once
pejabat@ builds and publishes the schedule. Next month's session for Jawa Barat
is still being planned.
"""

import datetime
from datetime import timedelta

from django.db.models import F, Q
from django.utils import timezone

from partnerships.models import (
    Attendance,
    BridgingSession,
    Firm,
    Interest,
    InvitationAnswer,
    Match,
    MeetingOutcome,
    Need,
    Province,
    SessionFormat,
    SessionInvitation,
    SessionScope,
    Umkm,
)
from partnerships.services.interests import interest_accept, interest_express
from partnerships.services.sessions import (
    invitation_answer,
    meeting_cancel,
    meeting_record_attendance,
    meeting_record_outcome,
    session_build_schedule,
    session_close,
    session_mark_held,
    session_open,
    session_publish,
)
from portal.accounts.models import User

BKPM_VENUE = "Gedung BKPM, Jl. Jend. Gatot Subroto No. 44, Jakarta Selatan 12190"
BANDUNG_VENUE = "Gedung Sate, Jl. Diponegoro No. 22, Bandung 40115"
# The pattern of what happened at last month's meetings, cycled over them.
PAST_OUTCOMES = (
    (MeetingOutcome.READY_TO_SIGN, MeetingOutcome.READY_TO_SIGN),
    (MeetingOutcome.CONTINUE_TALKING, MeetingOutcome.CONTINUE_TALKING),
    (MeetingOutcome.CONTINUE_TALKING, MeetingOutcome.READY_TO_SIGN),
    (MeetingOutcome.NO_FOLLOW_UP, MeetingOutcome.CONTINUE_TALKING),
    (MeetingOutcome.READY_TO_SIGN, ""),
)


def demo_sessions_seed(*, official: User, demo_umkm_nib: str, demo_firm_nib: str) -> None:
    if BridgingSession.objects.exists():
        return
    demo_umkm = Umkm.objects.get(nib=demo_umkm_nib)
    demo_firm = Firm.objects.get(nib=demo_firm_nib)
    # Last month umkm@ met a snack distributor (both had written to each other two months
    # earlier); this month it waits to meet another.
    _match_demo_owner(demo_umkm, mutual=True, days_ago=75)
    _seed_past_session(official=official, demo_umkm=demo_umkm, demo_firm=demo_firm)
    _match_demo_owner(demo_umkm, mutual=False, days_ago=30)
    _seed_open_session(official=official, demo_umkm=demo_umkm, demo_firm=demo_firm)
    _seed_planned_session()


def _representative(firm: Firm) -> User:
    return firm.representatives.select_related("user").first().user


def _match_demo_owner(demo_umkm: Umkm, *, mutual: bool, days_ago: int) -> None:
    """A food firm and umkm@ matched ``days_ago``: both wrote (mutual), or the firm wrote and
    the owner accepted."""
    in_touch = Interest.objects.filter(umkm=demo_umkm).values("firm")
    need = (
        Need.objects.open()
        .filter(kbli_codes__code__startswith="10")
        .exclude(firm__in=in_touch)
        .select_related("firm")
        .order_by("firm__nib", "pk")
        .first()
    )
    if need is None:
        return
    interest = interest_express(
        sender=_representative(need.firm),
        umkm=demo_umkm,
        firm=need.firm,
        need=need,
        message="Keripik singkong Anda cocok untuk jaringan toko kami. Mari bertemu di sesi "
        "temu usaha untuk membahas kemasan dan jadwal kirim.",
    )
    if mutual:
        interest_express(
            sender=demo_umkm.owner,
            umkm=demo_umkm,
            firm=need.firm,
            need=need,
            message="Kami sanggup memasok keripik singkong secara rutin dan ingin bertemu.",
        )
    else:
        interest_accept(interest=interest, user=demo_umkm.owner)
    interest.refresh_from_db()
    shift = timedelta(days=days_ago)
    Interest.objects.filter(match=interest.match_id).update(
        sent_at=F("sent_at") - shift,
        expires_at=F("expires_at") - shift,
        answered_at=F("answered_at") - shift + timedelta(days=2),
    )
    Match.objects.filter(pk=interest.match_id).update(
        matched_at=F("matched_at") - shift + timedelta(days=2)
    )


def _nearest_weekday(day: datetime.date, weekday: int) -> datetime.date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _seed_past_session(*, official: User, demo_umkm: Umkm, demo_firm: Firm) -> None:
    """Built and published while open, then dated back to last month, held and closed."""
    today = timezone.localdate()
    session = BridgingSession.objects.create(
        title="Sesi Temu Usaha Nasional (bulan lalu)",
        date=today + timedelta(days=1),
        format=SessionFormat.IN_PERSON,
        venue=BKPM_VENUE,
        scope=SessionScope.NATIONAL,
        registration_deadline=timezone.now() + timedelta(hours=12),
        first_slot_starts_at=datetime.time(9, 0),
        slot_count=3,
        slot_minutes=30,
        table_count=4,
        meetings_per_party=2,
    )
    session_open(session=session, user=official)
    # The demo firm's story happens this month.
    session.invitations.filter(firm=demo_firm).delete()
    for invitation in session.invitations.select_related("umkm__owner", "firm"):
        person = invitation.umkm.owner if invitation.umkm_id else _representative(invitation.firm)
        invitation_answer(invitation=invitation, user=person, answer=InvitationAnswer.CONFIRMED)
    session_build_schedule(session=session, user=official)
    session_publish(session=session, user=official)

    held_on = _nearest_weekday(today - timedelta(days=35), weekday=1)
    back = timezone.now() - timezone.make_aware(datetime.datetime.combine(held_on, datetime.time()))
    BridgingSession.objects.filter(pk=session.pk).update(
        title=f"Sesi Temu Usaha Nasional {_month_name(held_on)}",
        date=held_on,
        registration_deadline=timezone.make_aware(
            datetime.datetime.combine(held_on - timedelta(days=4), datetime.time(16, 0))
        ),
        opened_at=timezone.now() - back - timedelta(days=14),
        schedule_built_at=timezone.now() - back - timedelta(days=3),
        published_at=timezone.now() - back - timedelta(days=3),
        created_at=timezone.now() - back - timedelta(days=20),
    )
    SessionInvitation.objects.filter(session=session).update(
        invited_at=timezone.now() - back - timedelta(days=14),
        answered_at=timezone.now() - back - timedelta(days=9),
    )
    session.refresh_from_db()
    session_mark_held(session=session, user=official)

    meetings = list(
        session.meetings.select_related("umkm__owner", "firm").order_by("slot", "table")
    )
    for meeting in meetings:
        if meeting.umkm_id == demo_umkm.pk:
            # They met; the firm has said how it went, and umkm@ still can.
            meeting_record_attendance(
                meeting=meeting, user=official, attendance=Attendance.BOTH_CAME
            )
            meeting_record_outcome(
                meeting=meeting,
                user=_representative(meeting.firm),
                outcome=MeetingOutcome.CONTINUE_TALKING,
            )
    others = [meeting for meeting in meetings if meeting.umkm_id != demo_umkm.pk]
    for index, meeting in enumerate(others):
        if index == 2:
            meeting_record_attendance(
                meeting=meeting, user=official, attendance=Attendance.UMKM_ABSENT
            )
        elif index == 5:
            meeting_record_attendance(
                meeting=meeting, user=official, attendance=Attendance.FIRM_ABSENT
            )
        elif index == 7:
            meeting_cancel(meeting=meeting, user=official)
        else:
            meeting_record_attendance(
                meeting=meeting, user=official, attendance=Attendance.BOTH_CAME
            )
            umkm_outcome, firm_outcome = PAST_OUTCOMES[index % len(PAST_OUTCOMES)]
            if umkm_outcome:
                meeting_record_outcome(
                    meeting=meeting, user=meeting.umkm.owner, outcome=umkm_outcome
                )
            if firm_outcome:
                meeting_record_outcome(
                    meeting=meeting, user=_representative(meeting.firm), outcome=firm_outcome
                )
    session_close(session=session, user=official)
    BridgingSession.objects.filter(pk=session.pk).update(
        held_at=timezone.now() - back + timedelta(hours=17),
        closed_at=timezone.now() - back + timedelta(days=2),
    )


def _seed_open_session(*, official: User, demo_umkm: Umkm, demo_firm: Firm) -> None:
    """This month's: invitations out, most answered; its schedule is for pejabat@ to build."""
    today = timezone.localdate()
    day = _nearest_weekday(today + timedelta(days=14), weekday=1)
    session = BridgingSession.objects.create(
        title=f"Sesi Temu Usaha Nasional {_month_name(day)}",
        date=day,
        format=SessionFormat.IN_PERSON,
        venue=BKPM_VENUE,
        scope=SessionScope.NATIONAL,
        registration_deadline=timezone.make_aware(
            datetime.datetime.combine(day - timedelta(days=4), datetime.time(16, 0))
        ),
        first_slot_starts_at=datetime.time(9, 0),
        slot_count=6,
        slot_minutes=30,
        table_count=5,
        meetings_per_party=3,
    )
    session_open(session=session, user=official)
    invitations = list(session.invitations.select_related("umkm__owner", "firm").order_by("pk"))
    # The demo accounts and their partners in the queue have all said yes, so both accounts
    # get an agenda when the schedule is published.
    demo_pairs = Match.objects.waiting().filter(Q(umkm=demo_umkm) | Q(firm=demo_firm))
    demo_side_umkm = {demo_umkm.pk, *demo_pairs.values_list("umkm_id", flat=True)}
    demo_side_firms = {demo_firm.pk, *demo_pairs.values_list("firm_id", flat=True)}
    for index, invitation in enumerate(invitations):
        is_demo = invitation.umkm_id in demo_side_umkm or invitation.firm_id in demo_side_firms
        if not is_demo and index % 9 == 4:
            continue  # has not answered yet
        answer = (
            InvitationAnswer.DECLINED
            if not is_demo and index % 11 == 6
            else InvitationAnswer.CONFIRMED
        )
        person = invitation.umkm.owner if invitation.umkm_id else _representative(invitation.firm)
        invitation_answer(invitation=invitation, user=person, answer=answer)


def _seed_planned_session() -> None:
    """Next month's, for Jawa Barat: only officials see it until it opens."""
    day = _nearest_weekday(timezone.localdate() + timedelta(days=45), weekday=3)
    BridgingSession.objects.create(
        title=f"Sesi Temu Usaha Jawa Barat {_month_name(day)}",
        date=day,
        format=SessionFormat.IN_PERSON,
        venue=BANDUNG_VENUE,
        scope=SessionScope.PROVINCIAL,
        province=Province.objects.get(code="32"),
        registration_deadline=timezone.make_aware(
            datetime.datetime.combine(day - timedelta(days=5), datetime.time(16, 0))
        ),
        first_slot_starts_at=datetime.time(13, 0),
        slot_count=5,
        slot_minutes=30,
        table_count=4,
        meetings_per_party=3,
    )


MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def _month_name(day: datetime.date) -> str:
    # Session titles are records in Indonesian, whatever language the seed runs in.
    return f"{MONTHS[day.month - 1]} {day.year}"
