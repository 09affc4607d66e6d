"""Running a bridging session: opening it, inviting the parties, building its schedule from the
queue, publishing the agendas, recording attendance and outcomes, closing it.

Every write locks the session's row first, so two officials acting on one session at once
take turns: the second sees what the first did. The database's constraints on meetings
(partnerships/models/sessions.py) make a clash impossible to store even if a path forgot.
What to meet and when is decided by partnerships/schedule_building.py, a pure module.
"""

import logging
import smtplib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from partnerships.models import (
    Attendance,
    BridgingSession,
    Firm,
    FirmRepresentative,
    InvitationAnswer,
    Match,
    Meeting,
    MeetingOutcome,
    QueueState,
    SessionInvitation,
    SessionState,
    Umkm,
)
from partnerships.notifications import send_portal_email
from partnerships.officials import scope_of
from partnerships.parties import acts_for_firm, acts_for_umkm
from partnerships.schedule_building import (
    Candidate,
    InvalidLocks,
    Placement,
    SessionShape,
    build_schedule,
    greedy_first_come,
    schedule_problems,
)

logger = logging.getLogger(__name__)


class SessionError(ValueError):
    """The action is refused; ``message`` says why, for the person who tried."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


# --- helpers ------------------------------------------------------------------------------


def _require_official(user) -> None:
    if not (user.is_authenticated and user.is_staff):
        raise SessionError(_("Only officials run the bridging sessions."))


def _locked_session(session: BridgingSession) -> BridgingSession:
    return (
        BridgingSession.objects.select_for_update(of=("self",))
        .select_related("province")
        .get(pk=session.pk)
    )


def _require_state(session: BridgingSession, *states: str, action: str) -> None:
    if session.state not in states:
        raise SessionError(
            _("%(action)s is not possible: the session is %(state)s.")
            % {"action": action, "state": session.get_state_display()}
        )


def _slot_label(session: BridgingSession, slot: int) -> str:
    start = timezone.localtime(session.slot_start(slot))
    end = timezone.localtime(session.slot_end(slot))
    return _("slot %(number)s (%(start)s-%(end)s)") % {
        "number": slot + 1,
        "start": f"{start:%H.%M}",
        "end": f"{end:%H.%M}",
    }


def _acts_for(user, *, umkm: Umkm | None, firm: Firm | None) -> bool:
    if umkm is not None and acts_for_umkm(user, umkm):
        return True
    return firm is not None and acts_for_firm(user, firm)


# --- selectors ----------------------------------------------------------------------------


def _in_scope(session: BridgingSession, matches: QuerySet) -> QuerySet:
    """A provincial session draws the matches whose UMKM, or one of whose firm's sites, is in
    its province (the same rule that puts a match in a regional official's scope)."""
    if not session.is_provincial:
        return matches
    return matches.filter(scope_of(Match).q([session.province_id]))


def session_queue(session: BridgingSession) -> QuerySet:
    """The queued matches the session may draw, whoever confirmed."""
    return _in_scope(session, Match.objects.waiting().unscheduled())


def session_candidates(session: BridgingSession, *, include_unconfirmed: bool = False) -> QuerySet:
    """The queued matches a build may place: parties who declined are left out, and so are
    those who did not answer unless the official includes them. Annotated with ``priority``."""
    answers = session.invitations
    declined = answers.filter(answer=InvitationAnswer.DECLINED)
    matches = session_queue(session).exclude(
        umkm__in=declined.filter(umkm__isnull=False).values("umkm")
    )
    matches = matches.exclude(firm__in=declined.filter(firm__isnull=False).values("firm"))
    if not include_unconfirmed:
        confirmed = answers.filter(answer=InvitationAnswer.CONFIRMED)
        matches = matches.filter(
            umkm__in=confirmed.filter(umkm__isnull=False).values("umkm"),
            firm__in=confirmed.filter(firm__isnull=False).values("firm"),
        )
    return matches.with_priority()


def invitation_for_party(
    *, session: BridgingSession, party: Umkm | Firm
) -> SessionInvitation | None:
    lookup = {"umkm": party} if isinstance(party, Umkm) else {"firm": party}
    return session.invitations.filter(**lookup).first()


def _party_q(party: Umkm | Firm, prefix: str = "") -> Q:
    name = "umkm" if isinstance(party, Umkm) else "firm"
    return Q(**{f"{prefix}{name}": party})


def agenda_for_party(*, session: BridgingSession, party: Umkm | Firm) -> list[Meeting]:
    """The party's meetings in the session, not cancelled, in time order."""
    return list(
        session.meetings.active().filter(_party_q(party)).with_parties().order_by("slot", "table")
    )


@dataclass(frozen=True)
class GridRow:
    slot: int
    starts_at: object
    ends_at: object
    cells: list  # a Meeting or None per table

    @property
    def number(self) -> int:
        return self.slot + 1


@dataclass(frozen=True)
class SessionGrid:
    session: BridgingSession
    rows: list[GridRow]
    meeting_count: int

    @property
    def table_numbers(self) -> list[int]:
        return list(range(1, self.session.table_count + 1))


def session_grid(session: BridgingSession) -> SessionGrid:
    """Slots by tables, each cell the meeting held there (or None)."""
    meetings = session.meetings.active().with_parties().select_related("umkm", "firm")
    cells: dict[tuple[int, int], Meeting] = {(m.slot, m.table): m for m in meetings}
    rows = [
        GridRow(
            slot=slot,
            starts_at=session.slot_start(slot),
            ends_at=session.slot_end(slot),
            cells=[cells.get((slot, table)) for table in range(session.table_count)],
        )
        for slot in range(session.slot_count)
    ]
    return SessionGrid(session=session, rows=rows, meeting_count=len(cells))


@dataclass(frozen=True)
class SessionStatistics:
    queue_size: int | None
    scheduled: int
    cancelled: int
    attended: int
    umkm_absent: int
    firm_absent: int
    not_recorded: int
    outcomes: dict = field(default_factory=dict)

    @property
    def recorded(self) -> int:
        return self.attended + self.umkm_absent + self.firm_absent

    @property
    def attendance_rate(self) -> Decimal | None:
        """Meetings where both came, in percent of those whose attendance is recorded."""
        if not self.recorded:
            return None
        rate = Decimal(100 * self.attended) / Decimal(self.recorded)
        return rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def share_of_queue(self) -> Decimal | None:
        if not self.queue_size:
            return None
        rate = Decimal(100 * self.scheduled) / Decimal(self.queue_size)
        return rate.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def session_statistics(session: BridgingSession) -> SessionStatistics:
    rows = session.meetings.values_list("attendance", "umkm_outcome", "firm_outcome")
    attendance: Counter = Counter()
    outcomes = {
        "umkm": dict.fromkeys(MeetingOutcome.values, 0),
        "firm": dict.fromkeys(MeetingOutcome.values, 0),
    }
    for state, umkm_outcome, firm_outcome in rows:
        attendance[state] += 1
        if umkm_outcome:
            outcomes["umkm"][umkm_outcome] += 1
        if firm_outcome:
            outcomes["firm"][firm_outcome] += 1
    cancelled = attendance[Attendance.CANCELLED]
    return SessionStatistics(
        queue_size=session.queue_size_at_build,
        scheduled=sum(attendance.values()) - cancelled,
        cancelled=cancelled,
        attended=attendance[Attendance.BOTH_CAME],
        umkm_absent=attendance[Attendance.UMKM_ABSENT],
        firm_absent=attendance[Attendance.FIRM_ABSENT],
        not_recorded=attendance[Attendance.NOT_RECORDED],
        outcomes=outcomes,
    )


# --- opening and invitations ----------------------------------------------------------------


@transaction.atomic
def session_open(*, session: BridgingSession, user) -> BridgingSession:
    """Opens registration: the parties of the matches the session may draw are invited."""
    _require_official(user)
    session = _locked_session(session)
    _require_state(session, SessionState.PLANNED, action=_("Opening registration"))
    now = timezone.now()
    if session.registration_deadline <= now:
        raise SessionError(
            _("The registration deadline has passed; move it to a later date first.")
        )
    if session.date < timezone.localdate():
        raise SessionError(_("The session's date has passed; move it to a later date first."))
    session.state = SessionState.OPEN
    session.opened_at = now
    session.save(update_fields=["state", "opened_at"])
    _invite(session)
    return session


@transaction.atomic
def session_invite_parties(*, session: BridgingSession, user=None) -> int:
    """Invites the parties of queued matches that joined after the session opened; the ones
    already invited are not asked twice. Returns how many parties were invited now."""
    if user is not None:
        _require_official(user)
    session = _locked_session(session)
    _require_state(session, SessionState.OPEN, action=_("Inviting parties"))
    if session.registration_deadline <= timezone.now():
        raise SessionError(_("The registration deadline has passed; nobody can answer now."))
    return _invite(session)


def sessions_invite_new_parties() -> int:
    """The daily job: every open session still taking answers invites the parties of the
    pairs that joined the queue since it opened. Returns how many parties were invited."""
    sessions = BridgingSession.objects.filter(
        state=SessionState.OPEN, registration_deadline__gt=timezone.now()
    ).order_by("date", "pk")
    invited = 0
    for session in sessions:
        with transaction.atomic():
            invited += _invite(_locked_session(session))
    return invited


def _invite(session: BridgingSession) -> int:
    queue = session_queue(session)
    umkm_ids = set(queue.values_list("umkm_id", flat=True))
    firm_ids = set(queue.values_list("firm_id", flat=True))
    umkm_ids -= set(
        session.invitations.filter(umkm__isnull=False).values_list("umkm_id", flat=True)
    )
    firm_ids -= set(
        session.invitations.filter(firm__isnull=False).values_list("firm_id", flat=True)
    )
    now = timezone.now()
    invitations = [
        SessionInvitation(session=session, umkm_id=pk, invited_at=now) for pk in sorted(umkm_ids)
    ] + [SessionInvitation(session=session, firm_id=pk, invited_at=now) for pk in sorted(firm_ids)]
    SessionInvitation.objects.bulk_create(invitations)
    if invitations:
        session_pk = session.pk
        transaction.on_commit(lambda: _email_invitations(session_pk, umkm_ids, firm_ids))
    return len(invitations)


@transaction.atomic
def invitation_answer(*, invitation: SessionInvitation, user, answer: str) -> SessionInvitation:
    """The party says whether it will attend; it may change its mind until the deadline."""
    if answer not in (InvitationAnswer.CONFIRMED, InvitationAnswer.DECLINED):
        raise SessionError(_("Choose whether you will attend or not."))
    session = _locked_session(invitation.session)
    invitation = SessionInvitation.objects.select_related("umkm", "firm").get(pk=invitation.pk)
    if not _acts_for(user, umkm=invitation.umkm, firm=invitation.firm):
        raise SessionError(_("Only the invited business's own people can answer."))
    if session.state != SessionState.OPEN or session.is_published:
        raise SessionError(_("Registration for this session is closed."))
    if timezone.now() > session.registration_deadline:
        raise SessionError(_("The registration deadline has passed."))
    invitation.answer = answer
    invitation.answered_at = timezone.now()
    invitation.answered_by = user
    invitation.save(update_fields=["answer", "answered_at", "answered_by"])
    return invitation


# --- the schedule ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BuildReport:
    placed: int
    kept_locked: int
    queue_size: int
    left_in_queue: int
    unplaceable_because_of_locks: int
    total_priority: int
    greedy_would_place: int


def _shape(session: BridgingSession) -> SessionShape:
    return SessionShape(
        slots=session.slot_count, tables=session.table_count, cap=session.meetings_per_party
    )


def _placement(meeting: Meeting) -> Placement:
    return Placement(
        key=meeting.match_id,
        firm=meeting.firm_id,
        umkm=meeting.umkm_id,
        slot=meeting.slot,
        table=meeting.table,
    )


def session_build_schedule(
    *, session: BridgingSession, user, include_unconfirmed: bool = False
) -> BuildReport:
    """Chooses which queued matches meet, when and at which table (optimally: see
    partnerships/schedule_building.py), keeping locked meetings where they are. Allowed while
    the session is open and its schedule unpublished; a rebuild replaces what the last build
    placed. What does not fit stays in the queue with its waiting time."""
    _require_official(user)
    try:
        return _build(session=session, user=user, include_unconfirmed=include_unconfirmed)
    except IntegrityError as error:
        # Another session took one of these matches at the same moment: nothing was written.
        logger.info("Schedule build of session %s refused: %s", session.pk, error)
        raise SessionError(
            _("Another schedule took some of these matches at the same moment; build again.")
        ) from error


@transaction.atomic
def _build(*, session: BridgingSession, user, include_unconfirmed: bool) -> BuildReport:
    session = _locked_session(session)
    _require_state(session, SessionState.OPEN, action=_("Building the schedule"))
    session.meetings.filter(Q(locked=False) | Q(attendance=Attendance.CANCELLED)).delete()
    locked = list(session.meetings.all())
    shape = _shape(session)
    rows = session_candidates(session, include_unconfirmed=include_unconfirmed).order_by(
        "matched_at", "pk"
    )
    candidates = [
        Candidate(key=pk, firm=firm, umkm=umkm, priority=max(priority, 0), arrival=arrival)
        for arrival, (pk, firm, umkm, priority) in enumerate(
            rows.values_list("pk", "firm_id", "umkm_id", "priority")
        )
    ]
    locked_placements = [_placement(meeting) for meeting in locked]
    try:
        schedule = build_schedule(candidates, shape=shape, locked=locked_placements)
    except InvalidLocks as error:
        # The grid was made smaller after meetings were locked in it.
        raise SessionError(
            _("Locked meetings no longer fit the session's slots and tables: %(problems)s.")
            % {"problems": "; ".join(error.problems)}
        ) from error
    problems = schedule_problems(list(schedule.placements), shape=shape)
    if problems:
        # A bug in the scheduler, never the official's doing: store nothing.
        raise RuntimeError("; ".join(problems))
    # Before the new meetings exist: they take their matches out of the unscheduled queue.
    queue_size = session_queue(session).count() + len(locked)
    priorities = {candidate.key: candidate.priority for candidate in candidates}
    locked_keys = {placement.key for placement in locked_placements}
    now = timezone.now()
    Meeting.objects.bulk_create(
        [
            Meeting(
                session=session,
                match_id=placement.key,
                firm_id=placement.firm,
                umkm_id=placement.umkm,
                slot=placement.slot,
                table=placement.table,
                priority=priorities[placement.key],
                created_at=now,
            )
            for placement in schedule.placements
            if placement.key not in locked_keys
        ]
    )
    session.schedule_built_at = now
    session.schedule_built_by = user
    session.queue_size_at_build = queue_size
    session.included_unconfirmed = include_unconfirmed
    session.save(
        update_fields=[
            "schedule_built_at",
            "schedule_built_by",
            "queue_size_at_build",
            "included_unconfirmed",
        ]
    )
    placed = len(schedule.placements) - len(locked)
    return BuildReport(
        placed=placed,
        kept_locked=len(locked),
        queue_size=queue_size,
        left_in_queue=queue_size - placed - len(locked),
        unplaceable_because_of_locks=len(schedule.unplaceable_because_of_locks),
        total_priority=schedule.total_priority,
        greedy_would_place=len(greedy_first_come(candidates, shape=shape, locked=locked_placements))
        - len(locked),
    )


@transaction.atomic
def session_publish(*, session: BridgingSession, user) -> BridgingSession:
    """Publishes the schedule: each party sees its agenda and gets it by e-mail."""
    _require_official(user)
    session = _locked_session(session)
    _require_state(session, SessionState.OPEN, action=_("Publishing the schedule"))
    if not session.meetings.active().exists():
        raise SessionError(_("There is no schedule to publish yet: build it first."))
    session.state = SessionState.SCHEDULED
    session.published_at = timezone.now()
    session.save(update_fields=["state", "published_at"])
    session_pk = session.pk
    transaction.on_commit(lambda: _email_agendas(session_pk))
    return session


@transaction.atomic
def session_unpublish(*, session: BridgingSession, user) -> BridgingSession:
    """Takes the schedule back (to rebuild it); the agendas disappear from the parties' pages."""
    _require_official(user)
    session = _locked_session(session)
    _require_state(session, SessionState.SCHEDULED, action=_("Unpublishing the schedule"))
    if (
        session.meetings.exclude(attendance=Attendance.NOT_RECORDED)
        .exclude(attendance=Attendance.CANCELLED)
        .exists()
    ):
        raise SessionError(_("Attendance is already recorded; the schedule stays published."))
    session.state = SessionState.OPEN
    session.published_at = None
    session.save(update_fields=["state", "published_at"])
    return session


@transaction.atomic
def session_mark_held(*, session: BridgingSession, user) -> BridgingSession:
    _require_official(user)
    session = _locked_session(session)
    _require_state(session, SessionState.SCHEDULED, action=_("Marking the session as held"))
    if timezone.localdate() < session.date:
        raise SessionError(_("The session has not taken place yet."))
    session.state = SessionState.HELD
    session.held_at = timezone.now()
    session.save(update_fields=["state", "held_at"])
    return session


@transaction.atomic
def session_close(*, session: BridgingSession, user) -> BridgingSession:
    """Closes a held session once every meeting's attendance is recorded."""
    _require_official(user)
    session = _locked_session(session)
    _require_state(session, SessionState.HELD, action=_("Closing the session"))
    missing = session.meetings.filter(attendance=Attendance.NOT_RECORDED).count()
    if missing:
        raise SessionError(
            _("Record the attendance of every meeting first: %(count)s still open.")
            % {"count": missing}
        )
    session.state = SessionState.CLOSED
    session.closed_at = timezone.now()
    session.save(update_fields=["state", "closed_at"])
    return session


# --- single meetings ------------------------------------------------------------------------


def _locked_meeting(meeting: Meeting) -> tuple[BridgingSession, Meeting]:
    session = _locked_session(meeting.session)
    meeting = Meeting.objects.select_related("umkm", "firm", "match").get(pk=meeting.pk)
    return session, meeting


@transaction.atomic
def meeting_set_locked(*, meeting: Meeting, user, locked: bool) -> Meeting:
    """A locked meeting keeps its slot and table when the schedule is rebuilt."""
    _require_official(user)
    session, meeting = _locked_meeting(meeting)
    _require_state(session, SessionState.OPEN, action=_("Locking a meeting"))
    if meeting.is_cancelled:
        raise SessionError(_("This meeting is cancelled."))
    meeting.locked = locked
    meeting.save(update_fields=["locked"])
    return meeting


def meeting_move(*, meeting: Meeting, user, slot: int, table: int) -> Meeting:
    """Moves a meeting to another slot and table (0-based), refusing any clash."""
    _require_official(user)
    try:
        return _move(meeting=meeting, user=user, slot=slot, table=table)
    except IntegrityError as error:
        raise SessionError(_("That place was taken at the same moment; look again.")) from error


@transaction.atomic
def _move(*, meeting: Meeting, user, slot: int, table: int) -> Meeting:
    session, meeting = _locked_meeting(meeting)
    _require_state(session, SessionState.OPEN, SessionState.SCHEDULED, action=_("Moving a meeting"))
    if meeting.attendance != Attendance.NOT_RECORDED:
        raise SessionError(_("Only a meeting still to come can move."))
    if not 0 <= slot < session.slot_count:
        raise SessionError(
            _("There is no slot %(number)s: the session has %(count)s.")
            % {"number": slot + 1, "count": session.slot_count}
        )
    if not 0 <= table < session.table_count:
        raise SessionError(
            _("There is no table %(number)s: the session has %(count)s.")
            % {"number": table + 1, "count": session.table_count}
        )
    if (slot, table) == (meeting.slot, meeting.table):
        raise SessionError(_("The meeting is already there."))
    others = session.meetings.active().exclude(pk=meeting.pk).filter(slot=slot)
    where = _slot_label(session, slot)
    occupant = others.filter(table=table).select_related("umkm", "firm").first()
    if occupant is not None:
        raise SessionError(
            _("Table %(table)s in %(slot)s is taken by %(firm)s and %(umkm)s.")
            % {"table": table + 1, "slot": where, "firm": occupant.firm, "umkm": occupant.umkm}
        )
    if others.filter(firm=meeting.firm_id).exists():
        raise SessionError(
            _("%(party)s already has a meeting in %(slot)s.")
            % {"party": meeting.firm, "slot": where}
        )
    if others.filter(umkm=meeting.umkm_id).exists():
        raise SessionError(
            _("%(party)s already has a meeting in %(slot)s.")
            % {"party": meeting.umkm, "slot": where}
        )
    meeting.slot = slot
    meeting.table = table
    meeting.save(update_fields=["slot", "table"])
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, user) -> Meeting:
    """Cancels a meeting still to come; its match waits in the queue again."""
    _require_official(user)
    session, meeting = _locked_meeting(meeting)
    _require_state(
        session,
        SessionState.OPEN,
        SessionState.SCHEDULED,
        SessionState.HELD,
        action=_("Cancelling a meeting"),
    )
    if meeting.attendance != Attendance.NOT_RECORDED:
        raise SessionError(_("Only a meeting still to come can be cancelled."))
    meeting.attendance = Attendance.CANCELLED
    meeting.attendance_recorded_at = timezone.now()
    meeting.attendance_recorded_by = user
    meeting.save(update_fields=["attendance", "attendance_recorded_at", "attendance_recorded_by"])
    return meeting


RECORDABLE_ATTENDANCE = (
    Attendance.BOTH_CAME,
    Attendance.UMKM_ABSENT,
    Attendance.FIRM_ABSENT,
    Attendance.CANCELLED,
)


def meeting_record_attendance(*, meeting: Meeting, user, attendance: str) -> Meeting:
    """Records whether the meeting happened. Both came: the match leaves the queue, met.
    Otherwise the match waits for the next session, keeping its waiting time."""
    _require_official(user)
    try:
        return _record_attendance(meeting=meeting, user=user, attendance=attendance)
    except IntegrityError as error:
        raise SessionError(
            _("The pair is already waiting in the queue again; correct it there.")
        ) from error


@transaction.atomic
def _record_attendance(*, meeting: Meeting, user, attendance: str) -> Meeting:
    if attendance not in RECORDABLE_ATTENDANCE:
        raise SessionError(_("Choose what happened at the meeting."))
    session, meeting = _locked_meeting(meeting)
    _require_state(
        session, SessionState.SCHEDULED, SessionState.HELD, action=_("Recording attendance")
    )
    if timezone.localdate() < session.date:
        raise SessionError(_("The session has not taken place yet."))
    if meeting.is_cancelled and attendance != Attendance.CANCELLED:
        # Its place may be taken since: a cancelled meeting does not come back.
        raise SessionError(_("This meeting was cancelled."))
    match = Match.objects.select_for_update().get(pk=meeting.match_id)
    now = timezone.now()
    if attendance == Attendance.BOTH_CAME and match.queue_state == QueueState.WAITING:
        match.queue_state = QueueState.MET_AT_SESSION
        match.left_at = now
        match.left_by = user
        match.save(update_fields=["queue_state", "left_at", "left_by"])
    elif attendance != Attendance.BOTH_CAME and match.queue_state == QueueState.MET_AT_SESSION:
        # A correction: they did not meet after all, so the pair waits again.
        match.queue_state = QueueState.WAITING
        match.left_at = None
        match.left_by = None
        match.save(update_fields=["queue_state", "left_at", "left_by"])
    meeting.attendance = attendance
    meeting.attendance_recorded_at = now
    meeting.attendance_recorded_by = user
    fields = ["attendance", "attendance_recorded_at", "attendance_recorded_by"]
    if attendance != Attendance.BOTH_CAME:
        meeting.umkm_outcome = meeting.firm_outcome = ""
        meeting.umkm_outcome_at = meeting.firm_outcome_at = None
        fields += ["umkm_outcome", "firm_outcome", "umkm_outcome_at", "firm_outcome_at"]
    meeting.save(update_fields=fields)
    return meeting


@transaction.atomic
def meeting_record_outcome(*, meeting: Meeting, user, outcome: str) -> Meeting:
    """One side says how its meeting went; it may change its answer later."""
    if outcome not in MeetingOutcome.values:
        raise SessionError(_("Choose how the meeting went."))
    _session, meeting = _locked_meeting(meeting)
    if acts_for_umkm(user, meeting.umkm):
        side = "umkm"
    elif acts_for_firm(user, meeting.firm):
        side = "firm"
    else:
        raise SessionError(_("Only the two sides of the meeting record its outcome."))
    if meeting.attendance != Attendance.BOTH_CAME:
        raise SessionError(_("The outcome is recorded once the meeting has taken place."))
    setattr(meeting, f"{side}_outcome", outcome)
    setattr(meeting, f"{side}_outcome_at", timezone.now())
    meeting.save(update_fields=[f"{side}_outcome", f"{side}_outcome_at"])
    return meeting


# --- e-mails --------------------------------------------------------------------------------


def _recipients_of(umkm_ids, firm_ids) -> dict[str, list[tuple[object, Umkm | Firm]]]:
    """E-mail address -> the parties it receives for (a person may act for one party)."""
    by_email: dict[str, list] = defaultdict(list)
    for umkm in Umkm.objects.filter(pk__in=umkm_ids).select_related("owner"):
        owner = umkm.owner
        if owner is not None and owner.is_active and owner.email:
            by_email[owner.email].append(umkm)
    representatives = FirmRepresentative.objects.filter(
        firm__in=firm_ids, user__is_active=True
    ).select_related("firm", "user")
    for representative in representatives:
        if representative.user.email:
            by_email[representative.user.email].append(representative.firm)
    return by_email


def _send(template: str, context: dict, email: str) -> None:
    try:
        send_portal_email(template, context, [email])
    except (smtplib.SMTPException, OSError):
        logger.exception("E-mail %s to a session party not sent", template)


def _session_context(session: BridgingSession) -> dict:
    return {
        "session": session,
        "session_date": formats.date_format(session.date, "DATE_FORMAT"),
        "session_url": settings.SITE_URL + reverse("session_detail", args=[session.pk]),
    }


def _email_invitations(session_pk: int, umkm_ids, firm_ids) -> None:
    session = BridgingSession.objects.select_related("province").get(pk=session_pk)
    # People have no stored language; the portal's (Indonesian) is the one they signed up in.
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            **_session_context(session),
            "deadline": formats.date_format(
                timezone.localtime(session.registration_deadline), "DATETIME_FORMAT"
            ),
        }
        for email, parties in _recipients_of(umkm_ids, firm_ids).items():
            for party in parties:
                _send("session_invitation", {**context, "party": party}, email)


def _email_agendas(session_pk: int) -> None:
    session = BridgingSession.objects.select_related("province").get(pk=session_pk)
    meetings = list(session.meetings.active().with_parties().order_by("slot", "table"))
    umkm_ids = {meeting.umkm_id for meeting in meetings}
    firm_ids = {meeting.firm_id for meeting in meetings}
    with translation.override(settings.LANGUAGE_CODE):
        base = _session_context(session)
        for email, parties in _recipients_of(umkm_ids, firm_ids).items():
            for party in parties:
                own = [
                    {
                        "start": f"{timezone.localtime(meeting.starts_at):%H.%M}",
                        "end": f"{timezone.localtime(meeting.ends_at):%H.%M}",
                        "table": meeting.table_number,
                        "other": meeting.firm if isinstance(party, Umkm) else meeting.umkm,
                    }
                    for meeting in meetings
                    if (meeting.umkm_id if isinstance(party, Umkm) else meeting.firm_id) == party.pk
                ]
                if own:
                    _send("session_agenda", {**base, "party": party, "meetings": own}, email)
