"""Running a bridging session through its services: opening and invitations, the schedule
build and its carry-over, publishing, moves and cancellations, attendance and outcomes."""

import datetime
from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from partnerships.models import (
    Attendance,
    InvitationAnswer,
    Match,
    Meeting,
    MeetingOutcome,
    QueueState,
    SessionState,
    VerificationState,
)
from partnerships.schedule_building import SessionShape, schedule_problems
from partnerships.services.sessions import (
    SessionError,
    agenda_for_party,
    invitation_answer,
    meeting_cancel,
    meeting_move,
    meeting_record_attendance,
    meeting_record_outcome,
    meeting_set_locked,
    session_build_schedule,
    session_candidates,
    session_close,
    session_grid,
    session_invite_parties,
    session_mark_held,
    session_open,
    session_publish,
    session_statistics,
    session_unpublish,
)
from tests.partnerships.factories import make_firm, make_representative, province
from tests.partnerships.factories_queue import make_match, make_pair
from tests.partnerships.factories_sessions import invite_both, meeting_factory, session_factory

pytestmark = pytest.mark.django_db


def _placements(session):
    from partnerships.schedule_building import Placement

    return [
        Placement(key=m.match_id, firm=m.firm_id, umkm=m.umkm_id, slot=m.slot, table=m.table)
        for m in session.meetings.active()
    ]


def _valid(session) -> bool:
    shape = SessionShape(
        slots=session.slot_count, tables=session.table_count, cap=session.meetings_per_party
    )
    return schedule_problems(_placements(session), shape=shape) == []


def _queue(session, count: int, **match_fields) -> list[Match]:
    matches = [make_match(**match_fields) for _ in range(count)]
    for match in matches:
        invite_both(session, match)
    return matches


# Opening and invitations


def test_opening_invites_every_party_of_the_queue_once_and_emails_them(
    official, django_capture_on_commit_callbacks
):
    session = session_factory(state=SessionState.PLANNED)
    umkm, firm = make_pair()
    make_match(umkm, firm)
    make_match(umkm, make_firm(state=VerificationState.VERIFIED, locations=("3273",)))
    with_owner_email = umkm.owner.email

    with pytest.raises(SessionError):
        session_invite_parties(session=session)  # not open yet
    with django_capture_on_commit_callbacks(execute=True):
        session_open(session=session, user=official)

    session.refresh_from_db()
    assert session.state == SessionState.OPEN
    assert session.invitations.filter(umkm=umkm).count() == 1
    assert session.invitations.filter(firm__isnull=False).count() == 2
    assert any(with_owner_email in message.to for message in mail.outbox)
    assert session_invite_parties(session=session) == 0  # nobody asked twice


def test_newly_queued_parties_are_invited_later(official):
    session = session_factory(state=SessionState.PLANNED)
    session_open(session=session, user=official)
    match = make_match()
    assert session_invite_parties(session=session, user=official) == 2
    assert session.invitations.filter(umkm=match.umkm).exists()


def test_opening_refuses_a_session_past_its_deadline(official):
    session = session_factory(
        state=SessionState.PLANNED, registration_deadline=timezone.now() - timedelta(hours=1)
    )
    with pytest.raises(SessionError):
        session_open(session=session, user=official)
    session.refresh_from_db()
    assert session.state == SessionState.PLANNED


def test_only_officials_open_sessions(umkm_owner):
    session = session_factory(state=SessionState.PLANNED)
    with pytest.raises(SessionError):
        session_open(session=session, user=umkm_owner)


def test_a_provincial_session_draws_matches_by_the_umkm_or_a_firm_site_in_its_province():
    jabar = province("32")
    session = session_factory(province=jabar)
    umkm_here = make_match(*make_pair(umkm_regency="3273", firm_locations=("3578",)))
    firm_site_here = make_match(*make_pair(umkm_regency="3578", firm_locations=("3578", "3215")))
    elsewhere = make_match(*make_pair(umkm_regency="3578", firm_locations=("3578",)))
    drawn = set(session_candidates(session, include_unconfirmed=True).values_list("pk", flat=True))
    assert drawn == {umkm_here.pk, firm_site_here.pk}
    assert elsewhere.pk not in drawn


def test_a_party_confirms_then_changes_its_mind_before_the_deadline():
    session = session_factory()
    match = make_match()
    invitation, _ = invite_both(session, match, answer=InvitationAnswer.INVITED)
    invitation_answer(
        invitation=invitation, user=match.umkm.owner, answer=InvitationAnswer.CONFIRMED
    )
    invitation_answer(
        invitation=invitation, user=match.umkm.owner, answer=InvitationAnswer.DECLINED
    )
    invitation.refresh_from_db()
    assert invitation.answer == InvitationAnswer.DECLINED
    assert invitation.answered_by == match.umkm.owner


def test_it_refuses_an_answer_after_the_deadline_or_by_someone_else(outsider):
    session = session_factory(registration_deadline=timezone.now() - timedelta(minutes=1))
    match = make_match()
    invitation, _ = invite_both(session, match, answer=InvitationAnswer.INVITED)
    with pytest.raises(SessionError):
        invitation_answer(
            invitation=invitation, user=match.umkm.owner, answer=InvitationAnswer.CONFIRMED
        )
    session.registration_deadline = timezone.now() + timedelta(days=1)
    session.save(update_fields=["registration_deadline"])
    with pytest.raises(SessionError):
        invitation_answer(invitation=invitation, user=outsider, answer=InvitationAnswer.CONFIRMED)
    with pytest.raises(SessionError):
        invitation_answer(invitation=invitation, user=match.umkm.owner, answer="maybe")
    invitation.refresh_from_db()
    assert invitation.answer == InvitationAnswer.INVITED


# Building the schedule


def test_the_build_places_confirmed_matches_without_clashes(official):
    session = session_factory()
    _queue(session, 10)
    report = session_build_schedule(session=session, user=official)
    assert report.placed == 10
    assert report.queue_size == 10
    assert report.left_in_queue == 0
    assert session.meetings.count() == 10
    assert _valid(session)
    session.refresh_from_db()
    assert session.schedule_built_by == official
    assert session.queue_size_at_build == 10


def test_declined_parties_are_left_out_and_unconfirmed_ones_only_when_included(official):
    session = session_factory()
    confirmed = make_match()
    invite_both(session, confirmed)
    declined = make_match()
    invite_both(session, declined, answer=InvitationAnswer.DECLINED)
    silent = make_match()
    invite_both(session, silent, answer=InvitationAnswer.INVITED)

    session_build_schedule(session=session, user=official)
    assert set(session.meetings.values_list("match", flat=True)) == {confirmed.pk}

    session_build_schedule(session=session, user=official, include_unconfirmed=True)
    assert set(session.meetings.values_list("match", flat=True)) == {confirmed.pk, silent.pk}
    session.refresh_from_db()
    assert session.included_unconfirmed


def test_what_does_not_fit_stays_in_the_queue_with_its_waiting_time(official):
    session = session_factory(slot_count=1, table_count=2, meetings_per_party=1)
    matches = _queue(session, 5, waiting_days=10)
    before = {match.pk: match.matched_at for match in matches}

    report = session_build_schedule(session=session, user=official)

    assert report.placed == 2
    assert report.left_in_queue == 3
    left = Match.objects.waiting().unscheduled()
    assert left.count() == 3
    for match in left:
        assert match.matched_at == before[match.pk]


def test_the_highest_priorities_are_chosen_when_the_session_is_full(official):
    session = session_factory(slot_count=1, table_count=1, meetings_per_party=1)
    low = make_match(score=10)
    high = make_match(score=90, is_mutual=True)
    for match in (low, high):
        invite_both(session, match)
    session_build_schedule(session=session, user=official)
    assert list(session.meetings.values_list("match", flat=True)) == [high.pk]


def test_a_match_scheduled_in_one_session_is_not_drawn_by_another(official):
    first, second = session_factory(), session_factory()
    match = make_match()
    invite_both(first, match)
    invite_both(second, match)
    session_build_schedule(session=first, user=official)
    report = session_build_schedule(session=second, user=official)
    assert report.placed == 0
    assert Meeting.objects.filter(match=match).count() == 1


def test_a_rebuild_keeps_locked_meetings_and_gives_a_valid_schedule(official):
    session = session_factory(slot_count=3, table_count=2, meetings_per_party=3)
    _queue(session, 6)
    session_build_schedule(session=session, user=official)
    promised = session.meetings.order_by("pk").last()
    meeting_set_locked(meeting=promised, user=official, locked=True)
    promised_place = (promised.slot, promised.table, promised.match_id)
    _queue(session, 3, score=100, is_mutual=True)

    report = session_build_schedule(session=session, user=official)

    promised.refresh_from_db()
    assert (promised.slot, promised.table, promised.match_id) == promised_place
    assert report.kept_locked == 1
    assert session.meetings.count() == 6  # 3 slots x 2 tables, full
    assert _valid(session)
    assert Meeting.objects.values("match").distinct().count() == 6


def test_it_refuses_to_build_a_session_that_is_not_open(official):
    for state in (SessionState.PLANNED, SessionState.SCHEDULED, SessionState.HELD):
        session = session_factory(state=state)
        _queue(session, 2)
        with pytest.raises(SessionError):
            session_build_schedule(session=session, user=official)
        assert not session.meetings.exists()


def test_the_report_compares_with_first_come_scheduling(official):
    session = session_factory(slot_count=2, table_count=2, meetings_per_party=2)
    _queue(session, 4)
    report = session_build_schedule(session=session, user=official)
    assert report.greedy_would_place <= report.placed


# Publishing


def test_publishing_emails_each_party_its_agenda(official, django_capture_on_commit_callbacks):
    session = session_factory()
    match = _queue(session, 1)[0]
    session_build_schedule(session=session, user=official)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        session_publish(session=session, user=official)

    session.refresh_from_db()
    assert session.state == SessionState.SCHEDULED
    assert session.published_at is not None
    to_owner = [message for message in mail.outbox if match.umkm.owner.email in message.to]
    assert len(to_owner) == 1
    assert match.firm.name in to_owner[0].body
    assert agenda_for_party(session=session, party=match.umkm)[0].match == match


def test_it_refuses_to_publish_without_a_schedule_and_to_build_after_publishing(official):
    session = session_factory()
    with pytest.raises(SessionError):
        session_publish(session=session, user=official)
    _queue(session, 1)
    session_build_schedule(session=session, user=official)
    session_publish(session=session, user=official)
    with pytest.raises(SessionError):
        session_build_schedule(session=session, user=official)
    session_unpublish(session=session, user=official)
    session.refresh_from_db()
    assert session.state == SessionState.OPEN
    assert session.published_at is None
    session_build_schedule(session=session, user=official)


# Moves and cancellations


def test_a_move_into_a_clash_is_refused_naming_it(official):
    session = session_factory(state=SessionState.SCHEDULED)
    umkm, firm = make_pair()
    first = meeting_factory(session, make_match(umkm, firm), slot=0, table=0)
    other_firm = make_firm(state=VerificationState.VERIFIED, locations=("3273",))
    same_umkm = meeting_factory(session, make_match(umkm, other_firm), slot=1, table=0)
    stranger = meeting_factory(session, slot=2, table=1)

    with pytest.raises(SessionError) as taken:
        meeting_move(meeting=stranger, user=official, slot=0, table=0)
    assert firm.name in taken.value.message
    with pytest.raises(SessionError) as busy:
        meeting_move(meeting=same_umkm, user=official, slot=0, table=3)
    assert umkm.name in busy.value.message
    with pytest.raises(SessionError):
        meeting_move(meeting=stranger, user=official, slot=6, table=0)
    with pytest.raises(SessionError):
        meeting_move(meeting=stranger, user=official, slot=0, table=-1)

    meeting_move(meeting=stranger, user=official, slot=0, table=2)
    stranger.refresh_from_db()
    first.refresh_from_db()
    assert (stranger.slot, stranger.table) == (0, 2)
    assert (first.slot, first.table) == (0, 0)
    assert _valid(session)


def test_the_database_refuses_a_clash_whatever_the_path():
    session = session_factory(state=SessionState.SCHEDULED)
    umkm, firm = make_pair()
    meeting_factory(session, make_match(umkm, firm), slot=0, table=0)
    other = make_match(umkm, make_firm(state=VerificationState.VERIFIED, locations=("3273",)))
    with pytest.raises(IntegrityError), transaction.atomic():
        meeting_factory(session, other, slot=0, table=1)  # the UMKM twice in slot 0
    with pytest.raises(IntegrityError), transaction.atomic():
        meeting_factory(session, slot=0, table=0)  # the table twice


def test_a_cancelled_meeting_frees_its_place_and_its_match_waits_again(official):
    session = session_factory(state=SessionState.SCHEDULED)
    meeting = meeting_factory(session, slot=0, table=0)
    meeting_cancel(meeting=meeting, user=official)
    assert Match.objects.waiting().unscheduled().filter(pk=meeting.match_id).exists()
    meeting_factory(session, slot=0, table=0)  # the place is free again
    with pytest.raises(SessionError):
        meeting_cancel(meeting=meeting, user=official)


# Attendance and outcomes


def _held_session(**fields):
    return session_factory(state=SessionState.HELD, days_ahead=-1, **fields)


def test_both_came_takes_the_match_out_of_the_queue_as_met(official):
    session = _held_session()
    meeting = meeting_factory(session)
    meeting_record_attendance(meeting=meeting, user=official, attendance=Attendance.BOTH_CAME)
    meeting.match.refresh_from_db()
    assert meeting.match.queue_state == QueueState.MET_AT_SESSION
    assert meeting.match.left_by == official


def test_a_meeting_that_did_not_happen_sends_the_match_back_to_the_queue(official):
    session = _held_session()
    match = make_match(waiting_days=40)
    meeting = meeting_factory(session, match)
    assert not Match.objects.waiting().unscheduled().filter(pk=match.pk).exists()

    meeting_record_attendance(meeting=meeting, user=official, attendance=Attendance.FIRM_ABSENT)

    match.refresh_from_db()
    assert match.queue_state == QueueState.WAITING
    assert Match.objects.waiting().unscheduled().filter(pk=match.pk).exists()
    waited = Match.objects.with_priority().get(pk=match.pk).waiting_days
    assert waited == 40  # its waiting time is kept: it comes back near the top


def test_a_correction_from_both_came_to_absent_puts_the_match_back(official):
    session = _held_session()
    meeting = meeting_factory(session)
    meeting_record_attendance(meeting=meeting, user=official, attendance=Attendance.BOTH_CAME)
    meeting_record_outcome(
        meeting=meeting, user=meeting.umkm.owner, outcome=MeetingOutcome.CONTINUE_TALKING
    )
    meeting_record_attendance(meeting=meeting, user=official, attendance=Attendance.UMKM_ABSENT)
    meeting.refresh_from_db()
    meeting.match.refresh_from_db()
    assert meeting.match.queue_state == QueueState.WAITING
    assert meeting.umkm_outcome == ""


def test_attendance_waits_for_the_session_day(official):
    session = session_factory(state=SessionState.SCHEDULED, days_ahead=3)
    meeting = meeting_factory(session)
    with pytest.raises(SessionError):
        meeting_record_attendance(meeting=meeting, user=official, attendance=Attendance.BOTH_CAME)
    with pytest.raises(SessionError):
        meeting_record_attendance(meeting=meeting, user=official, attendance="nonsense")
    meeting.refresh_from_db()
    assert meeting.attendance == Attendance.NOT_RECORDED


def test_each_side_records_its_own_outcome(official, outsider):
    session = _held_session()
    meeting = meeting_factory(session)
    with pytest.raises(SessionError):  # not met yet
        meeting_record_outcome(
            meeting=meeting, user=meeting.umkm.owner, outcome=MeetingOutcome.READY_TO_SIGN
        )
    meeting_record_attendance(meeting=meeting, user=official, attendance=Attendance.BOTH_CAME)
    representative = make_representative(meeting.firm).user

    meeting_record_outcome(
        meeting=meeting, user=meeting.umkm.owner, outcome=MeetingOutcome.READY_TO_SIGN
    )
    meeting_record_outcome(
        meeting=meeting, user=representative, outcome=MeetingOutcome.NO_FOLLOW_UP
    )
    with pytest.raises(SessionError):
        meeting_record_outcome(meeting=meeting, user=outsider, outcome=MeetingOutcome.READY_TO_SIGN)

    meeting.refresh_from_db()
    assert meeting.umkm_outcome == MeetingOutcome.READY_TO_SIGN
    assert meeting.firm_outcome == MeetingOutcome.NO_FOLLOW_UP


def test_a_session_is_held_from_its_day_and_closes_once_attendance_is_recorded(official):
    ahead = session_factory(state=SessionState.SCHEDULED, days_ahead=2)
    with pytest.raises(SessionError):
        session_mark_held(session=ahead, user=official)
    session = session_factory(state=SessionState.SCHEDULED, days_ahead=0)
    meeting = meeting_factory(session)
    session_mark_held(session=session, user=official)
    with pytest.raises(SessionError):
        session_close(session=session, user=official)
    meeting_record_attendance(meeting=meeting, user=official, attendance=Attendance.BOTH_CAME)
    session_close(session=session, user=official)
    session.refresh_from_db()
    assert session.state == SessionState.CLOSED


# Statistics and the grid


def test_statistics_set_meetings_against_the_queue_and_count_outcomes(official):
    session = _held_session(queue_size_at_build=8)
    meeting_factory(session, slot=0, attendance=Attendance.BOTH_CAME, umkm_outcome="ready_to_sign")
    meeting_factory(session, slot=1, attendance=Attendance.BOTH_CAME)
    meeting_factory(session, slot=2, attendance=Attendance.UMKM_ABSENT)
    meeting_factory(session, slot=3, attendance=Attendance.CANCELLED)

    statistics = session_statistics(session)

    assert statistics.queue_size == 8
    assert statistics.scheduled == 3
    assert statistics.cancelled == 1
    assert statistics.attended == 2
    assert str(statistics.attendance_rate) == "66.7"
    assert str(statistics.share_of_queue) == "37.5"
    assert statistics.outcomes["umkm"]["ready_to_sign"] == 1


def test_the_grid_has_every_slot_and_table_with_times_in_jakarta():
    session = session_factory(first_slot_starts_at=datetime.time(13, 0), slot_minutes=20)
    meeting = meeting_factory(session, slot=2, table=3)
    grid = session_grid(session)
    assert len(grid.rows) == session.slot_count
    assert grid.rows[2].cells[3] == meeting
    assert sum(cell is not None for row in grid.rows for cell in row.cells) == 1
    start = timezone.localtime(grid.rows[2].starts_at)
    assert (start.hour, start.minute) == (13, 40)
    assert str(start.tzinfo) == "Asia/Jakarta"
