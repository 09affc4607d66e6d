"""The figures on the officials' admin home page, each scoped to the official and linked to the
admin list that shows exactly the rows it counts.

Each section is one function ``section(user) -> dataclass``, listed in ``SECTIONS``; the admin
index template (templates/admin/index.html) renders each in a block of the same name. A new
figure (this month's session, commitments) is one more function here and one more block
there. Every section runs a fixed number of queries whatever the data.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Min, Q, Sum
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from partnerships.admin.commitments import OverdueFilter, overdue_q
from partnerships.admin.queue_filters import EXPIRING_SOON_DAYS, AnswerDueFilter, QueueStateFilter
from partnerships.admin.sessions import (
    AttendanceDueFilter,
    SessionTask,
    SessionTaskFilter,
    attendance_due_q,
    with_counts,
)
from partnerships.business_size import BusinessSize
from partnerships.models import (
    BridgingSession,
    Commitment,
    CommitmentFollowUp,
    CommitmentStage,
    Firm,
    Interest,
    InterestState,
    Match,
    Meeting,
    Need,
    NeedState,
    QueueState,
    RealisationReport,
    ReportState,
    SessionState,
    Umkm,
    VerificationState,
)
from partnerships.models.commitments import CONTRACT_STAGES
from partnerships.officials import (
    firms_in_scope,
    in_scope,
    needs_in_scope,
    scope_of,
    umkm_in_scope,
)
from partnerships.services.reminders import REMINDER_PERMISSION, reminder_recipient_count

# A need whose deadline falls within this many days (today included) is "closing soon".
CLOSING_SOON_DAYS = 7


@dataclass(frozen=True)
class Figure:
    """One number and the admin list behind it ("" when the official may not open it)."""

    label: str
    value: int
    url: str = ""


@dataclass(frozen=True)
class Waiting:
    """Records waiting (profiles for verification, matches for a session): how many, and
    since when the oldest has waited."""

    label: str
    value: int
    url: str
    oldest_submitted_at: datetime | None
    days_waiting: int | None


@dataclass(frozen=True)
class VerificationQueue:
    umkm: Waiting
    firms: Waiting


@dataclass(frozen=True)
class UmkmFigures:
    verified_by_size: tuple[Figure, ...]
    verified_total: Figure
    registered_this_month: Figure
    month_start: date


@dataclass(frozen=True)
class NeedFigures:
    open: Figure
    closing_soon: Figure
    closing_by: date


@dataclass(frozen=True)
class IncompleteProfiles:
    umkm_drafts: Figure
    umkm_rejected: Figure
    firm_drafts: Figure
    firm_rejected: Figure
    # People a reminder would reach today; None for those who may not send reminders.
    reminders: Figure | None


@dataclass(frozen=True)
class MatchmakingFigures:
    """The queue for the bridging sessions, and the interests waiting for an answer."""

    queue: Waiting
    mutual: Figure
    pending_interests: Figure
    expiring_interests: Figure


def changelist_url(user, model, params: dict[str, object]) -> str:
    """The admin list of ``model`` filtered by ``params``, or "" when ``user`` may not view it
    (or the model has no admin)."""
    opts = model._meta
    if not (
        user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
        or user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
    ):
        return ""
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    except NoReverseMatch:
        return ""
    return f"{url}?{urlencode(params)}" if params else url


def _waiting(user, label: str, model, queryset) -> Waiting:
    queryset = queryset.filter(verification_state=VerificationState.SUBMITTED)
    totals = queryset.aggregate(count=Count("pk"), oldest=Min("submitted_at"))
    oldest = totals["oldest"]
    days = None
    if oldest is not None:
        days = (timezone.localdate() - timezone.localdate(oldest)).days
    return Waiting(
        label=label,
        value=totals["count"],
        url=changelist_url(user, model, {"verification_state__exact": VerificationState.SUBMITTED}),
        oldest_submitted_at=oldest,
        days_waiting=days,
    )


def verification_queue(user) -> VerificationQueue:
    """UMKM and firms awaiting verification (two queries)."""
    return VerificationQueue(
        umkm=_waiting(
            user, _("UMKM awaiting verification"), Umkm, umkm_in_scope(Umkm.objects.all(), user)
        ),
        firms=_waiting(
            user, _("firms awaiting verification"), Firm, firms_in_scope(Firm.objects.all(), user)
        ),
    )


def umkm_figures(user) -> UmkmFigures:
    """Verified UMKM by size class, and UMKM registered this month (two queries)."""
    scoped = umkm_in_scope(Umkm.objects.all(), user)
    verified = dict(
        scoped.filter(verification_state=VerificationState.VERIFIED)
        .order_by()
        .values_list("size_class")
        .annotate(count=Count("pk"))
    )
    verified_query = {"verification_state__exact": VerificationState.VERIFIED}
    by_size = tuple(
        Figure(
            label=size.label,
            value=verified.get(size.value, 0),
            url=changelist_url(user, Umkm, {**verified_query, "size_class__exact": size.value}),
        )
        for size in BusinessSize
        if size != BusinessSize.LARGE or verified.get(size.value)
    )
    month_start = timezone.localdate().replace(day=1)
    this_month = {"created_at__date__gte": month_start.isoformat()}
    return UmkmFigures(
        verified_by_size=by_size,
        verified_total=Figure(
            label=_("verified UMKM"),
            value=sum(verified.values()),
            url=changelist_url(user, Umkm, verified_query),
        ),
        registered_this_month=Figure(
            label=_("UMKM registered this month"),
            value=scoped.filter(created_at__date__gte=month_start).count(),
            url=changelist_url(user, Umkm, this_month),
        ),
        month_start=month_start,
    )


def need_figures(user) -> NeedFigures:
    """Open needs (open and the deadline not passed) and those closing within
    CLOSING_SOON_DAYS days (one query)."""
    today = timezone.localdate()
    # The admin's date filter bounds are deadline__gte and deadline__lt (exclusive).
    until = today + timedelta(days=CLOSING_SOON_DAYS + 1)
    counts = needs_in_scope(
        Need.objects.filter(state=NeedState.OPEN, deadline__gte=today), user
    ).aggregate(open=Count("pk"), closing=Count("pk", filter=Q(deadline__lt=until)))
    open_query = {"state__exact": NeedState.OPEN, "deadline__gte": today.isoformat()}
    return NeedFigures(
        open=Figure(_("open needs"), counts["open"], changelist_url(user, Need, open_query)),
        closing_soon=Figure(
            _("needs closing within %(days)d days") % {"days": CLOSING_SOON_DAYS},
            counts["closing"],
            changelist_url(user, Need, {**open_query, "deadline__lt": until.isoformat()}),
        ),
        closing_by=until - timedelta(days=1),
    )


def _incomplete(user, model, queryset, labels: tuple[str, str]) -> tuple[Figure, Figure]:
    counts = queryset.aggregate(
        drafts=Count("pk", filter=Q(verification_state=VerificationState.DRAFT)),
        rejected=Count("pk", filter=Q(verification_state=VerificationState.REJECTED)),
    )
    return (
        Figure(
            labels[0],
            counts["drafts"],
            changelist_url(user, model, {"verification_state__exact": VerificationState.DRAFT}),
        ),
        Figure(
            labels[1],
            counts["rejected"],
            changelist_url(user, model, {"verification_state__exact": VerificationState.REJECTED}),
        ),
    )


def incomplete_profiles(user) -> IncompleteProfiles:
    """Profiles their people still have to finish or correct, and how many people a reminder
    would reach today (two queries, and three to five more for those who may remind)."""
    umkm_drafts, umkm_rejected = _incomplete(
        user,
        Umkm,
        umkm_in_scope(Umkm.objects.all(), user),
        (_("UMKM drafts"), _("UMKM sent back for correction")),
    )
    firm_drafts, firm_rejected = _incomplete(
        user,
        Firm,
        firms_in_scope(Firm.objects.all(), user),
        (_("firm drafts"), _("firms sent back for correction")),
    )
    reminders = None
    if user.has_perm(REMINDER_PERMISSION):
        reminders = Figure(
            _("people a reminder would reach today"),
            reminder_recipient_count(official=user),
            reverse("admin:partnerships_reminder_send"),
        )
    return IncompleteProfiles(umkm_drafts, umkm_rejected, firm_drafts, firm_rejected, reminders)


def matchmaking_figures(user) -> MatchmakingFigures:
    """The queue for the sessions (waiting matches, the oldest's wait, the mutual ones) and
    the interests waiting for an answer, all and those expiring within EXPIRING_SOON_DAYS
    days (two queries)."""
    now = timezone.now()
    queue = in_scope(Match.objects.waiting(), user, scope_of(Match)).aggregate(
        count=Count("pk"),
        mutual=Count("pk", filter=Q(is_mutual=True)),
        oldest=Min("matched_at"),
    )
    oldest = queue["oldest"]
    queue_query = {QueueStateFilter.parameter_name: QueueState.WAITING}
    interests = in_scope(
        Interest.objects.filter(state=InterestState.PENDING, expires_at__gt=now),
        user,
        scope_of(Interest),
    ).aggregate(
        open=Count("pk"),
        expiring=Count("pk", filter=Q(expires_at__lte=now + timedelta(days=EXPIRING_SOON_DAYS))),
    )
    answer = AnswerDueFilter.parameter_name
    return MatchmakingFigures(
        queue=Waiting(
            label=_("matches waiting for a session"),
            value=queue["count"],
            url=changelist_url(user, Match, queue_query),
            oldest_submitted_at=oldest,
            days_waiting=None if oldest is None else (now - oldest).days,
        ),
        mutual=Figure(
            _("of them with mutual interest"),
            queue["mutual"],
            changelist_url(user, Match, {**queue_query, "is_mutual__exact": 1}),
        ),
        pending_interests=Figure(
            _("interests waiting for an answer"),
            interests["open"],
            changelist_url(user, Interest, {answer: AnswerDueFilter.OPEN}),
        ),
        expiring_interests=Figure(
            _("of them expiring within %(days)d days") % {"days": EXPIRING_SOON_DAYS},
            interests["expiring"],
            changelist_url(user, Interest, {answer: AnswerDueFilter.EXPIRING}),
        ),
    )


# The open sessions listed by name on the admin home, the nearest deadline first.
OPEN_SESSIONS_LISTED = 5


@dataclass(frozen=True)
class OpenSession:
    """A session open for registration, on its own row of the sessions section."""

    title: str
    url: str
    date: date
    registration_deadline: datetime
    confirmed: int
    invited: int


@dataclass(frozen=True)
class SessionFigures:
    """This month's bridging sessions: what is open, and what waits for an official."""

    open: Figure
    next_deadline: datetime | None
    open_sessions: tuple[OpenSession, ...]
    to_build: Figure
    to_publish: Figure
    attendance_sessions: Figure
    attendance_meetings: Figure
    to_close: Figure


def _change_url(user, obj) -> str:
    opts = obj._meta
    if not (
        user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
        or user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
    ):
        return ""
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def session_figures(user) -> SessionFigures:
    """Sessions open for registration (the nearest deadlines by name), schedules to build or
    publish, sessions and meetings whose attendance is to be recorded, and sessions ready to
    close (three queries)."""
    today = timezone.localdate()
    sessions = in_scope(BridgingSession.objects.all(), user, scope_of(BridgingSession))
    open_q = Q(state=SessionState.OPEN)
    counts = sessions.aggregate(
        open=Count("pk", filter=open_q),
        next_deadline=Min(
            "registration_deadline", filter=open_q & Q(registration_deadline__gte=timezone.now())
        ),
        **{
            task: Count("pk", filter=SessionTask.condition(task, today))
            for task in SessionTask.LABELS
        },
    )
    listed = with_counts(sessions.filter(open_q)).order_by("registration_deadline", "pk")
    meetings = in_scope(
        Meeting.objects.filter(attendance_due_q(today)), user, scope_of(Meeting)
    ).count()
    task = SessionTaskFilter.parameter_name

    def by_task(name: str, label) -> Figure:
        return Figure(label, counts[name], changelist_url(user, BridgingSession, {task: name}))

    return SessionFigures(
        open=Figure(
            _("sessions open for registration"),
            counts["open"],
            changelist_url(user, BridgingSession, {"state__exact": SessionState.OPEN}),
        ),
        next_deadline=counts["next_deadline"],
        open_sessions=tuple(
            OpenSession(
                title=session.title,
                url=_change_url(user, session),
                date=session.date,
                registration_deadline=session.registration_deadline,
                confirmed=session.confirmed_count,
                invited=session.invited_count,
            )
            for session in listed[:OPEN_SESSIONS_LISTED]
        ),
        to_build=by_task(SessionTask.TO_BUILD, _("open sessions with a schedule to build")),
        to_publish=by_task(SessionTask.TO_PUBLISH, _("schedules built, to publish")),
        attendance_sessions=by_task(
            SessionTask.ATTENDANCE, _("sessions with attendance to record")
        ),
        attendance_meetings=Figure(
            _("meetings whose attendance is to be recorded"),
            meetings,
            changelist_url(
                user, Meeting, {AttendanceDueFilter.parameter_name: AttendanceDueFilter.DUE}
            ),
        ),
        to_close=by_task(SessionTask.TO_CLOSE, _("held sessions ready to close")),
    )


@dataclass(frozen=True)
class CommitmentValue:
    """A number of commitments and their value in rupiah, and the admin list behind them."""

    label: str
    count: int
    value: int
    url: str = ""


@dataclass(frozen=True)
class CommitmentFigures:
    """Commitments in scope, told apart as BKPM's figures do: pre-contract (the statement of
    commitment) and contract (the agreement signed, in progress or realised); what is
    realised (confirmed reports only); and what waits for an official or for the parties."""

    pre_contract: CommitmentValue
    contract: CommitmentValue
    realised: CommitmentValue
    awaiting_confirmation: Figure
    overdue_follow_ups: Figure


def commitment_figures(user) -> CommitmentFigures:
    """Committed value (pre-contract, contract), realised value, reports awaiting
    confirmation and follow-ups overdue (three queries)."""
    contract_q = Q(stage__in=[stage.value for stage in CONTRACT_STAGES])
    statement_q = Q(stage=CommitmentStage.STATEMENT)
    realised_q = ~Q(stage=CommitmentStage.CANCELLED) & Q(realised_value__gt=0)
    totals = in_scope(Commitment.objects.all(), user, scope_of(Commitment)).aggregate(
        statement_count=Count("pk", filter=statement_q),
        statement_value=Sum("value", filter=statement_q, default=0),
        contract_count=Count("pk", filter=contract_q),
        contract_value=Sum("value", filter=contract_q, default=0),
        realised_count=Count("pk", filter=realised_q),
        realised_value=Sum("realised_value", filter=realised_q, default=0),
    )
    pending = in_scope(
        RealisationReport.objects.filter(state=ReportState.PENDING),
        user,
        scope_of(RealisationReport),
    ).count()
    overdue = in_scope(
        CommitmentFollowUp.objects.filter(overdue_q(timezone.localdate())),
        user,
        scope_of(CommitmentFollowUp),
    ).count()
    contract_stages = ",".join(stage.value for stage in CONTRACT_STAGES)
    not_cancelled = ",".join(
        stage.value for stage in CommitmentStage if stage != CommitmentStage.CANCELLED
    )
    return CommitmentFigures(
        pre_contract=CommitmentValue(
            _("pre-contract: statement of commitment signed"),
            totals["statement_count"],
            totals["statement_value"],
            changelist_url(user, Commitment, {"stage__exact": CommitmentStage.STATEMENT}),
        ),
        contract=CommitmentValue(
            _("contract: partnership agreement signed"),
            totals["contract_count"],
            totals["contract_value"],
            changelist_url(user, Commitment, {"stage__in": contract_stages}),
        ),
        realised=CommitmentValue(
            _("realised, as confirmed by officials"),
            totals["realised_count"],
            totals["realised_value"],
            changelist_url(user, Commitment, {"realised_value__gt": 0, "stage__in": not_cancelled}),
        ),
        awaiting_confirmation=Figure(
            _("realisation reports awaiting confirmation"),
            pending,
            changelist_url(user, RealisationReport, {"state__exact": ReportState.PENDING}),
        ),
        overdue_follow_ups=Figure(
            _("follow-ups overdue (due, not answered)"),
            overdue,
            changelist_url(
                user, CommitmentFollowUp, {OverdueFilter.parameter_name: OverdueFilter.OVERDUE}
            ),
        ),
    )


# The sections in page order; templates/admin/index.html has a block "dashboard_<name>" each.
SECTIONS: dict[str, Callable] = {
    "verification": verification_queue,
    "umkm": umkm_figures,
    "needs": need_figures,
    "matchmaking": matchmaking_figures,
    "sessions": session_figures,
    "commitments": commitment_figures,
    "incomplete": incomplete_profiles,
}


def programme_dashboard(user) -> dict[str, object]:
    """Every section's figures for ``user``, keyed by section name."""
    return {name: section(user) for name, section in SECTIONS.items()}
