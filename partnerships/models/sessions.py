"""Bridging sessions (sesi temu usaha): BKPM's monthly meetings of firms and UMKM.

An official plans a session (national or for one province), opens it (the parties of the
queued matches it may draw are invited to confirm), builds its schedule from the queue
(partnerships/schedule_building.py chooses and places the meetings), publishes it (each party
gets its agenda), records attendance after the day, and closes it. Each side records the
outcome of its meetings.

The database itself refuses a clash: a table, a firm or an UMKM has at most one meeting that
is not cancelled in each slot of a session, and a match at most one meeting still to come.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.models.firms import Firm
from partnerships.models.matches import Match
from partnerships.models.regions import Province
from partnerships.models.umkm import Umkm

MINUTES_PER_DAY = 24 * 60


class SessionScope(models.TextChoices):
    NATIONAL = "national", _("national")
    PROVINCIAL = "provincial", _("one province")


class SessionFormat(models.TextChoices):
    IN_PERSON = "in_person", _("in person, at a venue")
    ONLINE = "online", _("online, with a meeting link")


class SessionState(models.TextChoices):
    PLANNED = "planned", _("planned")
    OPEN = "open", _("open for registration")
    SCHEDULED = "scheduled", _("schedule published")
    HELD = "held", _("held")
    CLOSED = "closed", _("closed")


class BridgingSessionQuerySet(models.QuerySet):
    def public(self):
        """What everyone may see: every session past planning."""
        return self.exclude(state=SessionState.PLANNED)


class BridgingSession(models.Model):
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    format = models.CharField(
        _("format"), max_length=10, choices=SessionFormat.choices, default=SessionFormat.IN_PERSON
    )
    venue = models.TextField(_("venue address"), blank=True)
    meeting_link = models.URLField(
        _("meeting link"),
        blank=True,
        help_text=_("Only the invited parties and officials see it."),
    )
    scope = models.CharField(
        _("scope"), max_length=10, choices=SessionScope.choices, default=SessionScope.NATIONAL
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bridging_sessions",
        verbose_name=_("province"),
        help_text=_("For a provincial session only."),
    )
    registration_deadline = models.DateTimeField(
        _("registration deadline"),
        help_text=_("Invited parties confirm or decline their attendance until then."),
    )
    first_slot_starts_at = models.TimeField(_("first slot starts at"))
    slot_count = models.PositiveSmallIntegerField(_("number of time slots"))
    slot_minutes = models.PositiveSmallIntegerField(_("slot length (minutes)"))
    table_count = models.PositiveSmallIntegerField(
        _("number of tables"), help_text=_("Meetings held at the same time.")
    )
    meetings_per_party = models.PositiveSmallIntegerField(
        _("meetings per party at most"),
        help_text=_("A firm or an UMKM meets at most this many partners in the session."),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=SessionState.choices, default=SessionState.PLANNED
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    schedule_built_at = models.DateTimeField(_("schedule built at"), null=True, blank=True)
    schedule_built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("schedule built by"),
    )
    # The queue the last build drew from, so the statistics can set the meetings against it.
    queue_size_at_build = models.PositiveIntegerField(
        _("matches in the queue at the build"), null=True, blank=True
    )
    included_unconfirmed = models.BooleanField(
        _("parties who did not answer were included"), default=False
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    held_at = models.DateTimeField(_("marked as held at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()
    objects = BridgingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("bridging session")
        verbose_name_plural = _("bridging sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=SessionState.values),
                name="partnerships_session_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(format__in=SessionFormat.values),
                name="partnerships_session_format_valid",
            ),
            models.CheckConstraint(
                condition=Q(scope=SessionScope.NATIONAL, province__isnull=True)
                | Q(scope=SessionScope.PROVINCIAL, province__isnull=False),
                name="partnerships_session_province_iff_provincial",
            ),
            models.CheckConstraint(
                condition=Q(format=SessionFormat.IN_PERSON) & ~Q(venue="")
                | Q(format=SessionFormat.ONLINE) & ~Q(meeting_link=""),
                name="partnerships_session_has_venue_or_link",
            ),
            models.CheckConstraint(
                condition=Q(slot_count__gte=1, table_count__gte=1, meetings_per_party__gte=1),
                name="partnerships_session_has_slots_tables_and_meetings",
            ),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=5)
                & LessThanOrEqual(F("slot_count") * F("slot_minutes"), MINUTES_PER_DAY),
                name="partnerships_session_slots_fit_a_day",
            ),
            models.CheckConstraint(
                condition=Q(
                    state__in=[SessionState.PLANNED, SessionState.OPEN],
                    published_at__isnull=True,
                )
                | Q(
                    state__in=[SessionState.SCHEDULED, SessionState.HELD, SessionState.CLOSED],
                    published_at__isnull=False,
                ),
                name="partnerships_session_published_iff_scheduled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%Y-%m-%d})"

    @property
    def is_provincial(self) -> bool:
        return self.scope == SessionScope.PROVINCIAL

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def capacity(self) -> int:
        """Meetings the session can hold: one per table and slot."""
        return self.slot_count * self.table_count

    @property
    def meetings_per_party_limit(self) -> int:
        """Nobody meets two partners at once, so a party never has more meetings than slots."""
        return min(self.slot_count, self.meetings_per_party)

    def slot_start(self, slot: int) -> datetime.datetime:
        """When slot ``slot`` (counted from 0) begins, aware, in the portal's time zone."""
        first = timezone.make_aware(datetime.datetime.combine(self.date, self.first_slot_starts_at))
        return first + datetime.timedelta(minutes=slot * self.slot_minutes)

    def slot_end(self, slot: int) -> datetime.datetime:
        return self.slot_start(slot) + datetime.timedelta(minutes=self.slot_minutes)

    @property
    def starts_at(self) -> datetime.datetime:
        return self.slot_start(0)

    @property
    def ends_at(self) -> datetime.datetime:
        return self.slot_end(self.slot_count - 1)

    def minutes_left_in_day(self) -> int:
        start = self.first_slot_starts_at
        return MINUTES_PER_DAY - (start.hour * 60 + start.minute)


class InvitationAnswer(models.TextChoices):
    INVITED = "invited", _("not answered yet")
    CONFIRMED = "confirmed", _("will attend")
    DECLINED = "declined", _("will not attend")


class SessionInvitation(models.Model):
    """A party (a firm or an UMKM) invited to a session, and its answer."""

    session = models.ForeignKey(
        BridgingSession,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("bridging session"),
    )
    umkm = models.ForeignKey(
        Umkm,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="session_invitations",
        verbose_name=_("UMKM"),
    )
    firm = models.ForeignKey(
        Firm,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="session_invitations",
        verbose_name=_("firm"),
    )
    answer = models.CharField(
        _("answer"),
        max_length=10,
        choices=InvitationAnswer.choices,
        default=InvitationAnswer.INVITED,
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )

    class Meta:
        ordering = ["session", "pk"]
        verbose_name = _("session invitation")
        verbose_name_plural = _("session invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(umkm__isnull=False, firm__isnull=True)
                | Q(umkm__isnull=True, firm__isnull=False),
                name="partnerships_invitation_one_party",
            ),
            models.UniqueConstraint(
                fields=["session", "umkm"],
                condition=Q(umkm__isnull=False),
                name="partnerships_invitation_once_per_umkm",
            ),
            models.UniqueConstraint(
                fields=["session", "firm"],
                condition=Q(firm__isnull=False),
                name="partnerships_invitation_once_per_firm",
            ),
            models.CheckConstraint(
                condition=Q(answer__in=InvitationAnswer.values),
                name="partnerships_invitation_answer_valid",
            ),
            models.CheckConstraint(
                condition=Q(answer=InvitationAnswer.INVITED) | Q(answered_at__isnull=False),
                name="partnerships_invitation_answer_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.party}"

    @property
    def party(self) -> Umkm | Firm:
        return self.umkm if self.umkm_id else self.firm


class Attendance(models.TextChoices):
    NOT_RECORDED = "not_recorded", _("not recorded yet")
    BOTH_CAME = "both_came", _("both came")
    UMKM_ABSENT = "umkm_absent", _("the UMKM did not come")
    FIRM_ABSENT = "firm_absent", _("the firm did not come")
    CANCELLED = "cancelled", _("cancelled")


class MeetingOutcome(models.TextChoices):
    NO_FOLLOW_UP = "no_follow_up", _("no follow-up")
    CONTINUE_TALKING = "continue_talking", _("continue talking")
    READY_TO_SIGN = "ready_to_sign", _("ready to sign")


class MeetingQuerySet(models.QuerySet):
    def active(self):
        """Meetings that hold their place in the grid: every one not cancelled."""
        return self.exclude(attendance=Attendance.CANCELLED)

    def upcoming(self):
        return self.filter(attendance=Attendance.NOT_RECORDED)

    def with_parties(self):
        return self.select_related(
            "session",
            "umkm__province",
            "umkm__regency",
            "firm",
        )


NOT_CANCELLED = ~Q(attendance=Attendance.CANCELLED)


class Meeting(models.Model):
    """One queued match meeting at one table in one time slot of a session."""

    session = models.ForeignKey(
        BridgingSession,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("bridging session"),
    )
    match = models.ForeignKey(
        Match, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("match")
    )
    # Copied from the match so that the database can refuse a party's second meeting in a slot.
    umkm = models.ForeignKey(
        Umkm, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("UMKM")
    )
    firm = models.ForeignKey(
        Firm, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("firm")
    )
    slot = models.PositiveSmallIntegerField(_("time slot"), help_text=_("Counted from 0."))
    table = models.PositiveSmallIntegerField(_("table"), help_text=_("Counted from 0."))
    priority = models.PositiveIntegerField(_("queue priority at the build"), default=0)
    locked = models.BooleanField(
        _("locked"),
        default=False,
        help_text=_("A promised slot: rebuilding the schedule keeps this meeting where it is."),
    )
    attendance = models.CharField(
        _("attendance"),
        max_length=15,
        choices=Attendance.choices,
        default=Attendance.NOT_RECORDED,
    )
    attendance_recorded_at = models.DateTimeField(
        _("attendance recorded at"), null=True, blank=True
    )
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attendance recorded by"),
    )
    umkm_outcome = models.CharField(
        _("outcome for the UMKM"), max_length=20, choices=MeetingOutcome.choices, blank=True
    )
    umkm_outcome_at = models.DateTimeField(_("UMKM's outcome recorded at"), null=True, blank=True)
    firm_outcome = models.CharField(
        _("outcome for the firm"), max_length=20, choices=MeetingOutcome.choices, blank=True
    )
    firm_outcome_at = models.DateTimeField(_("firm's outcome recorded at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["session", "slot", "table"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "slot", "table"],
                condition=NOT_CANCELLED,
                name="partnerships_meeting_one_per_table_and_slot",
            ),
            models.UniqueConstraint(
                fields=["session", "slot", "firm"],
                condition=NOT_CANCELLED,
                name="partnerships_meeting_firm_once_per_slot",
            ),
            models.UniqueConstraint(
                fields=["session", "slot", "umkm"],
                condition=NOT_CANCELLED,
                name="partnerships_meeting_umkm_once_per_slot",
            ),
            models.UniqueConstraint(
                fields=["session", "match"],
                condition=NOT_CANCELLED,
                name="partnerships_meeting_match_once_per_session",
            ),
            # Two sessions cannot both promise the same match a meeting.
            models.UniqueConstraint(
                fields=["match"],
                condition=Q(attendance=Attendance.NOT_RECORDED),
                name="partnerships_meeting_match_one_upcoming",
            ),
            models.CheckConstraint(
                condition=Q(attendance__in=Attendance.values),
                name="partnerships_meeting_attendance_valid",
            ),
            models.CheckConstraint(
                condition=Q(attendance=Attendance.NOT_RECORDED)
                | Q(attendance_recorded_at__isnull=False),
                name="partnerships_meeting_attendance_has_time",
            ),
            models.CheckConstraint(
                condition=Q(umkm_outcome="", firm_outcome="") | Q(attendance=Attendance.BOTH_CAME),
                name="partnerships_meeting_outcome_only_after_meeting",
            ),
            models.CheckConstraint(
                condition=Q(umkm_outcome__in=["", *MeetingOutcome.values])
                & Q(firm_outcome__in=["", *MeetingOutcome.values]),
                name="partnerships_meeting_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.firm} / {self.umkm}"

    @property
    def starts_at(self) -> datetime.datetime:
        return self.session.slot_start(self.slot)

    @property
    def ends_at(self) -> datetime.datetime:
        return self.session.slot_end(self.slot)

    @property
    def table_number(self) -> int:
        """The table as people count it, from 1."""
        return self.table + 1

    @property
    def is_cancelled(self) -> bool:
        return self.attendance == Attendance.CANCELLED
