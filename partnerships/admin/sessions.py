"""The officials' side of the monthly bridging sessions (issue 6).

A session is planned here (the form refuses what cannot work: no slots or tables, slots past
midnight, a deadline after the start, a provincial session without its province, a place
without a venue or link). Its page then offers one button per step of its life (open
registration, invite newly queued parties, build or rebuild the schedule, publish, unpublish,
mark as held, close): each is a POST to a URL of its own that calls one service of
partnerships.services.sessions and reports the result; a GET of that URL asks first. A refused
step shows the service's message and changes nothing.

The grid (slots by tables) is a page of its own, also printable and as CSV; there single
meetings are locked, moved, cancelled and their attendance recorded, each through a service.
Meetings and invitations have lists to read: what changes them is the grid and the services.

Scope: a regional official runs the provincial sessions of their provinces, and nothing else
(partnerships.officials.BySession); national sessions are the central officials'.
"""

import csv
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from partnerships.admin.scope import RegionalScopeAdmin
from partnerships.admin.spreadsheets import SpreadsheetExportMixin
from partnerships.admin.verification import URL_ASSUMES_HTTPS
from partnerships.models import (
    Attendance,
    BridgingSession,
    InvitationAnswer,
    Meeting,
    MeetingOutcome,
    SessionFormat,
    SessionInvitation,
    SessionScope,
    SessionState,
)
from partnerships.models.sessions import MINUTES_PER_DAY
from partnerships.officials import scoped_province_ids
from partnerships.services.sessions import (
    RECORDABLE_ATTENDANCE,
    BuildReport,
    SessionError,
    meeting_cancel,
    meeting_move,
    meeting_record_attendance,
    meeting_set_locked,
    session_build_schedule,
    session_close,
    session_grid,
    session_invite_parties,
    session_mark_held,
    session_open,
    session_publish,
    session_statistics,
    session_unpublish,
)
from partnerships.spreadsheets.exports import MeetingResource

# The shortest slot the database accepts (partnerships_session_slots_fit_a_day).
MIN_SLOT_MINUTES = 5

# --- what officials have to do next: the list filter and the admin home share it ------------


class SessionTask:
    TO_BUILD = "to_build"
    TO_PUBLISH = "to_publish"
    ATTENDANCE = "attendance"
    TO_CLOSE = "to_close"

    LABELS = {
        TO_BUILD: _("schedule to build"),
        TO_PUBLISH: _("schedule built, to publish"),
        ATTENDANCE: _("attendance to record"),
        TO_CLOSE: _("ready to close"),
    }

    @classmethod
    def condition(cls, task: str, today: datetime.date) -> Q:
        """The sessions that wait for ``task``."""
        with_meetings = Q(pk__in=Meeting.objects.active().values("session"))
        if task == cls.TO_BUILD:
            return Q(state=SessionState.OPEN) & ~with_meetings
        if task == cls.TO_PUBLISH:
            return Q(state=SessionState.OPEN) & with_meetings
        not_recorded = Q(pk__in=Meeting.objects.upcoming().values("session"))
        if task == cls.ATTENDANCE:
            return (
                Q(state__in=[SessionState.SCHEDULED, SessionState.HELD], date__lte=today)
                & not_recorded
            )
        if task == cls.TO_CLOSE:
            return Q(state=SessionState.HELD) & ~not_recorded
        raise ValueError(task)


def attendance_due_q(today: datetime.date, prefix: str = "") -> Q:
    """Meetings whose attendance is to be recorded: still to come in a published session
    whose day has come."""
    return Q(
        attendance=Attendance.NOT_RECORDED,
        **{
            f"{prefix}session__state__in": [SessionState.SCHEDULED, SessionState.HELD],
            f"{prefix}session__date__lte": today,
        },
    )


class SessionTaskFilter(admin.SimpleListFilter):
    title = _("to do")
    parameter_name = "task"

    def lookups(self, request: HttpRequest, model_admin):
        return list(SessionTask.LABELS.items())

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() not in SessionTask.LABELS:
            return queryset
        return queryset.filter(SessionTask.condition(self.value(), timezone.localdate()))


class AttendanceDueFilter(admin.SimpleListFilter):
    title = _("attendance due")
    parameter_name = "to_record"
    DUE = "now"

    def lookups(self, request: HttpRequest, model_admin):
        return [(self.DUE, _("to record now (the session's day has come)"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() != self.DUE:
            return queryset
        return queryset.filter(attendance_due_q(timezone.localdate()))


def count_of(queryset: QuerySet, field: str = "session") -> Coalesce:
    """The number of ``queryset``'s rows pointing at the outer row, as a subquery (counting
    through joins would multiply a session's meetings by its invitations)."""
    counted = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_counts(queryset: QuerySet) -> QuerySet:
    """Sessions with their meetings (not cancelled), confirmed and invited parties."""
    invitations = SessionInvitation.objects.all()
    return queryset.annotate(
        meeting_count=count_of(Meeting.objects.active()),
        confirmed_count=count_of(invitations.filter(answer=InvitationAnswer.CONFIRMED)),
        invited_count=count_of(invitations),
    )


# --- the session's form -----------------------------------------------------------------------

# Fields that shape the grid and the times on everyone's agenda: fixed once published.
GRID_FIELDS = (
    "date",
    "first_slot_starts_at",
    "slot_count",
    "slot_minutes",
    "table_count",
    "meetings_per_party",
)
# The parties were invited by the scope: fixed once the session is open.
SCOPE_FIELDS = ("scope", "province")
RECORD_FIELDS = (
    "state",
    "opened_at",
    "schedule_built_at",
    "schedule_built_by",
    "queue_size_at_build",
    "included_unconfirmed",
    "published_at",
    "held_at",
    "closed_at",
    "created_at",
)
EDITABLE_FIELDS = (
    "title",
    *SCOPE_FIELDS,
    "date",
    "first_slot_starts_at",
    "registration_deadline",
    "format",
    "venue",
    "meeting_link",
    "slot_count",
    "slot_minutes",
    "table_count",
    "meetings_per_party",
)


def _time(moment: datetime.time) -> str:
    return date_format(moment, "TIME_FORMAT")


def _moment(value: datetime.datetime) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _slot_times(session: BridgingSession, slot: int) -> str:
    """When slot ``slot`` (from 0) runs, as "09.00-09.30" with an en dash, local time."""
    start = date_format(timezone.localtime(session.slot_start(slot)), "TIME_FORMAT")
    end = date_format(timezone.localtime(session.slot_end(slot)), "TIME_FORMAT")
    return f"{start}\N{EN DASH}{end}"


def _https_formfield(db_field, **kwargs):
    # People type "meet.example.id/abc"; https is what they mean (and Django 6's default).
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class BridgingSessionForm(forms.ModelForm):
    """Every rule of a workable session, each error beside its field. The database's checks
    stay as the last line; these say what is wrong in words, with the numbers."""

    # Set per request (BridgingSessionAdmin.get_form): a regional official plans only
    # provincial sessions of their provinces; the province choices hold only those.
    national_allowed = True

    class Meta:
        model = BridgingSession
        fields = EDITABLE_FIELDS
        formfield_callback = _https_formfield

    def _value(self, name: str):
        """The field's cleaned value, the stored one when the field is read-only here, or
        None when it has an error of its own already."""
        if name not in self.fields:
            return getattr(self.instance, name)
        if name in self.errors:
            return None
        return self.cleaned_data.get(name)

    def _at_least_one(self, name: str, message) -> int | None:
        value = self.cleaned_data.get(name)
        if value is not None and value < 1:
            raise forms.ValidationError(message, code="zero")
        return value

    def clean_slot_count(self):
        return self._at_least_one("slot_count", _("A session needs at least one time slot."))

    def clean_table_count(self):
        return self._at_least_one("table_count", _("A session needs at least one table."))

    def clean_meetings_per_party(self):
        return self._at_least_one(
            "meetings_per_party", _("Each party must be able to have at least one meeting.")
        )

    def clean_slot_minutes(self):
        value = self.cleaned_data.get("slot_minutes")
        if value is not None and value < MIN_SLOT_MINUTES:
            raise forms.ValidationError(
                _("A slot lasts at least %(minimum)d minutes."),
                code="slot_too_short",
                params={"minimum": MIN_SLOT_MINUTES},
            )
        return value

    def clean(self):
        cleaned = super().clean()
        self._check_scope()
        self._check_place()
        self._check_day()
        self._check_deadline()
        self._check_built_meetings()
        return cleaned

    def _check_scope(self) -> None:
        if "scope" not in self.fields:
            return
        scope, province = self._value("scope"), self._value("province")
        if scope == SessionScope.NATIONAL and not self.national_allowed:
            self.add_error(
                "scope",
                forms.ValidationError(
                    _(
                        "You run the sessions of your provinces: choose “one province” and "
                        "the province."
                    ),
                    code="national_not_allowed",
                ),
            )
        if "province" in self.errors:
            return
        if scope == SessionScope.PROVINCIAL and province is None:
            self.add_error(
                "province",
                forms.ValidationError(
                    _("A provincial session needs its province."), code="province_missing"
                ),
            )
        elif scope == SessionScope.NATIONAL and province is not None:
            self.add_error(
                "province",
                forms.ValidationError(
                    _("A national session is for the whole country: leave the province empty."),
                    code="province_on_national",
                ),
            )

    def _check_place(self) -> None:
        session_format = self._value("format")
        if (
            session_format == SessionFormat.IN_PERSON
            and "venue" not in self.errors
            and not (self._value("venue") or "").strip()
        ):
            self.add_error(
                "venue",
                forms.ValidationError(
                    _("A session in person needs the venue's address."), code="no_venue"
                ),
            )
        if (
            session_format == SessionFormat.ONLINE
            and "meeting_link" not in self.errors
            and not self._value("meeting_link")
        ):
            self.add_error(
                "meeting_link",
                forms.ValidationError(
                    _("An online session needs its meeting link."), code="no_link"
                ),
            )

    def _check_day(self) -> None:
        if "slot_minutes" not in self.fields:
            return  # the grid is fixed (published): it fitted when it was set
        start = self._value("first_slot_starts_at")
        count, minutes = self._value("slot_count"), self._value("slot_minutes")
        if start is None or not count or not minutes:
            return
        left = MINUTES_PER_DAY - (start.hour * 60 + start.minute)
        needed = count * minutes
        if needed <= left:
            return
        self.add_error(
            "slot_minutes",
            forms.ValidationError(
                _(
                    "%(count)d slots of %(minutes)d minutes from %(start)s take %(needed)d "
                    "minutes, but only %(left)d are left before midnight: choose at most "
                    "%(most)d minutes per slot, fewer slots or an earlier start."
                ),
                code="past_midnight",
                params={
                    "count": count,
                    "minutes": minutes,
                    "start": _time(start),
                    "needed": needed,
                    "left": left,
                    "most": left // count,
                },
            ),
        )

    def _check_deadline(self) -> None:
        deadline = self._value("registration_deadline")
        day, start = self._value("date"), self._value("first_slot_starts_at")
        if deadline is None or day is None or start is None:
            return
        if self.instance.pk is None and day < timezone.localdate():
            self.add_error(
                "date",
                forms.ValidationError(
                    _("A new session cannot take place in the past (%(date)s)."),
                    code="date_past",
                    params={"date": date_format(day, "DATE_FORMAT")},
                ),
            )
        starts_at = timezone.make_aware(datetime.datetime.combine(day, start))
        if deadline > starts_at:
            self.add_error(
                "registration_deadline",
                forms.ValidationError(
                    _(
                        "The registration deadline (%(deadline)s) is after the session starts "
                        "(%(start)s): parties must answer before the first slot."
                    ),
                    code="deadline_after_start",
                    params={"deadline": _moment(deadline), "start": _moment(starts_at)},
                ),
            )

    def _check_built_meetings(self) -> None:
        """A built (unpublished) schedule keeps fitting the grid: shrinking it under
        meetings would leave them at slots or tables that no longer exist."""
        if self.instance.pk is None or "slot_count" not in self.fields:
            return
        slots, tables = self._value("slot_count"), self._value("table_count")
        if not slots or not tables:
            return
        outside = self.instance.meetings.active().filter(Q(slot__gte=slots) | Q(table__gte=tables))
        count = outside.count()
        if not count:
            return
        field = "slot_count" if outside.filter(slot__gte=slots).exists() else "table_count"
        self.add_error(
            field,
            forms.ValidationError(
                ngettext(
                    "%(count)d meeting of the built schedule is beyond %(slots)d slots and "
                    "%(tables)d tables: move or cancel it on the grid first.",
                    "%(count)d meetings of the built schedule are beyond %(slots)d slots and "
                    "%(tables)d tables: move or cancel them on the grid first.",
                    count,
                ),
                code="meetings_outside_grid",
                params={"count": count, "slots": slots, "tables": tables},
            ),
        )


# --- the steps of a session's life: the change page's buttons ---------------------------------


class BuildForm(forms.Form):
    include_unconfirmed = forms.BooleanField(
        label=_("include parties who did not confirm"),
        required=False,
        help_text=_(
            "Parties who have not answered are left out unless you tick this; parties who "
            "declined are always left out."
        ),
    )


def build_report_message(session: BridgingSession, report: BuildReport) -> str:
    message = gettext(
        "Schedule of “%(session)s” built. New meetings placed: %(placed)d; locked meetings "
        "kept: %(kept)d; left in the queue for next month: %(left)d of %(queue)d queued "
        "matches. Greedy first-come scheduling would place: %(greedy)d."
    ) % {
        "session": session.title,
        "placed": report.placed,
        "kept": report.kept_locked,
        "left": report.left_in_queue,
        "queue": report.queue_size,
        "greedy": report.greedy_would_place,
    }
    if report.unplaceable_because_of_locks:
        message += " " + gettext(
            "Matches that could not be placed because of locked meetings: %(count)d."
        ) % {"count": report.unplaceable_because_of_locks}
    return message


def _open(session: BridgingSession, user, data: dict) -> str:
    opened = session_open(session=session, user=user)
    invited = opened.invitations.count()
    return ngettext(
        "Registration is open: %(count)d party invited.",
        "Registration is open: %(count)d parties invited.",
        invited,
    ) % {"count": invited}


def _invite(session: BridgingSession, user, data: dict) -> str:
    invited = session_invite_parties(session=session, user=user)
    if not invited:
        return gettext("Every party of the queued matches was invited already: nobody new.")
    return ngettext(
        "%(count)d newly queued party invited.",
        "%(count)d newly queued parties invited.",
        invited,
    ) % {"count": invited}


def _build(session: BridgingSession, user, data: dict) -> str:
    report = session_build_schedule(
        session=session, user=user, include_unconfirmed=data.get("include_unconfirmed", False)
    )
    return build_report_message(session, report)


def _publish(session: BridgingSession, user, data: dict) -> str:
    session_publish(session=session, user=user)
    return gettext("The schedule is published: every party is sent its agenda.")


def _unpublish(session: BridgingSession, user, data: dict) -> str:
    session_unpublish(session=session, user=user)
    return gettext(
        "The schedule is unpublished: the session is open again and its schedule can change."
    )


def _mark_held(session: BridgingSession, user, data: dict) -> str:
    session_mark_held(session=session, user=user)
    return gettext("The session is marked as held: record the attendance on the grid.")


def _close(session: BridgingSession, user, data: dict) -> str:
    session_close(session=session, user=user)
    return gettext("The session is closed.")


@dataclass(frozen=True)
class SessionStep:
    """One button of the session's page: the URL part, its words, the states it is offered
    in, and what it runs (one service) returning the message that reports the result."""

    name: str
    label: str
    explanation: str
    states: tuple[str, ...]
    run: Callable[[BridgingSession, object, dict], str]
    form_class: type[forms.Form] | None = None
    # Offered only from the session's day on.
    from_the_day: bool = False

    def offered_for(self, session: BridgingSession) -> bool:
        if self.from_the_day and session.date > timezone.localdate():
            return False
        return session.state in self.states

    def label_for(self, session: BridgingSession) -> str:
        if self.name == "build" and getattr(session, "meeting_count", 0):
            return gettext("Rebuild schedule")
        return self.label


STEPS = {
    step.name: step
    for step in (
        SessionStep(
            "open",
            _("Open registration"),
            _(
                "Invites the parties of the queued matches this session may draw, by e-mail "
                "and on their dashboards, to confirm or decline by the registration deadline."
            ),
            (SessionState.PLANNED,),
            _open,
        ),
        SessionStep(
            "invite",
            _("Invite newly queued parties"),
            _(
                "Invites the parties of matches queued since the session opened that have no "
                "invitation yet; nobody is asked twice."
            ),
            (SessionState.OPEN,),
            _invite,
        ),
        SessionStep(
            "build",
            _("Build schedule"),
            _(
                "Chooses the queued matches with the highest total priority that fit the "
                "session and places them in slots and at tables. Locked meetings stay where "
                "they are; the other meetings of an earlier build are replaced. What does not "
                "fit stays in the queue, keeping its waiting time."
            ),
            (SessionState.OPEN,),
            _build,
            BuildForm,
        ),
        SessionStep(
            "publish",
            _("Publish schedule"),
            _(
                "Makes the schedule final and e-mails every party its agenda. Afterwards only "
                "single moves and cancellations are possible."
            ),
            (SessionState.OPEN,),
            _publish,
        ),
        SessionStep(
            "unpublish",
            _("Unpublish schedule"),
            _(
                "Takes the schedule back: the agendas disappear from the parties' pages and "
                "the session is open again, to rebuild. Not possible once attendance is "
                "recorded."
            ),
            (SessionState.SCHEDULED,),
            _unpublish,
        ),
        SessionStep(
            "held",
            _("Mark as held"),
            _("From the session's day on: the session took place; then record the attendance."),
            (SessionState.SCHEDULED,),
            _mark_held,
            from_the_day=True,
        ),
        SessionStep(
            "close",
            _("Close session"),
            _("Once every meeting's attendance is recorded: nothing changes afterwards."),
            (SessionState.HELD,),
            _close,
        ),
    )
}


# --- single meetings on the grid -------------------------------------------------------------


class MoveForm(forms.Form):
    """Where a meeting goes, counted from 1 as people count slots and tables."""

    def __init__(self, *args, session: BridgingSession, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"] = forms.TypedChoiceField(
            label=capfirst(_("time slot")),
            coerce=int,
            choices=[
                (slot + 1, f"{slot + 1} · {_slot_times(session, slot)}")
                for slot in range(session.slot_count)
            ],
        )
        self.fields["table"] = forms.IntegerField(
            label=capfirst(_("table")),
            min_value=1,
            max_value=session.table_count,
            help_text=_("From 1 to %(count)d.") % {"count": session.table_count},
        )


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(
        label=capfirst(_("attendance")),
        choices=[(value, Attendance(value).label) for value in RECORDABLE_ATTENDANCE],
    )


# --- the CSV of the grid ---------------------------------------------------------------------

CSV_COLUMNS = (
    _("slot"),
    _("start"),
    _("end"),
    _("table"),
    _("firm"),
    _("firm NIB"),
    _("UMKM"),
    _("UMKM NIB"),
    _("priority"),
    _("locked"),
    _("attendance"),
)
# A spreadsheet runs a cell that starts like a formula; a name typed by a party must not.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def grid_csv_rows(grid) -> list[list[str]]:
    """The header and one row per meeting, in slot and table order, in Indonesian (the
    ministry's files), whatever language the official reads the admin in."""
    with translation.override("id"):
        rows = [[str(column) for column in CSV_COLUMNS]]
        yes, no = gettext("yes"), gettext("no")
        for row in grid.rows:
            start = date_format(timezone.localtime(row.starts_at), "TIME_FORMAT")
            end = date_format(timezone.localtime(row.ends_at), "TIME_FORMAT")
            for meeting in row.cells:
                if meeting is None:
                    continue
                rows.append(
                    [
                        csv_safe(cell)
                        for cell in (
                            row.number,
                            start,
                            end,
                            meeting.table_number,
                            meeting.firm.name,
                            meeting.firm.nib,
                            meeting.umkm.name,
                            meeting.umkm.nib,
                            meeting.priority,
                            yes if meeting.locked else no,
                            meeting.get_attendance_display(),
                        )
                    ]
                )
    return rows


# --- the admin ---------------------------------------------------------------------------------


@admin.register(BridgingSession)
class BridgingSessionAdmin(RegionalScopeAdmin, SimpleHistoryAdmin):
    """Sessions, their steps and their grid. Every change to a session is kept in its history
    (simple-history); each step is also logged with its report."""

    form = BridgingSessionForm
    formfield_overrides = URL_ASSUMES_HTTPS
    list_display = (
        "title",
        "date",
        "where",
        "registration_deadline",
        "state",
        "meetings",
        "confirmed_parties",
    )
    list_filter = ("state", SessionTaskFilter, "scope", "province", "format")
    list_select_related = ("province",)
    search_fields = ("title", "venue", "province__name")
    date_hierarchy = "date"
    actions = ["build_schedule"]
    change_form_template = "admin/partnerships/bridgingsession/change_form.html"
    step_template = "admin/partnerships/bridgingsession/step.html"
    grid_template = "admin/partnerships/bridgingsession/grid.html"
    grid_print_template = "admin/partnerships/bridgingsession/grid_print.html"
    move_template = "admin/partnerships/meeting/move.html"
    cancel_template = "admin/partnerships/meeting/cancel.html"
    attendance_template = "admin/partnerships/meeting/attendance.html"

    # --- the list ------------------------------------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return with_counts(super().get_queryset(request))

    @admin.display(description=_("scope"), ordering="province__name")
    def where(self, session: BridgingSession) -> str:
        if session.is_provincial and session.province_id:
            return session.province.name
        return session.get_scope_display()

    @admin.display(description=_("meetings"), ordering="meeting_count")
    def meetings(self, session: BridgingSession) -> int:
        return session.meeting_count

    @admin.display(description=_("confirmed parties (of invited)"), ordering="confirmed_count")
    def confirmed_parties(self, session: BridgingSession) -> str:
        return f"{session.confirmed_count} / {session.invited_count}"

    def get_actions(self, request: HttpRequest):
        actions = super().get_actions(request)
        # A session with meetings is a record; only a planned one is deleted, one at a time.
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Build schedule"), permissions=["change"])
    def build_schedule(self, request: HttpRequest, queryset: QuerySet) -> None:
        for session in queryset:
            try:
                report = session_build_schedule(session=session, user=request.user)
            except SessionError as refused:
                self.message_user(request, f"{session}: {refused.message}", messages.ERROR)
            else:
                message = build_report_message(session, report)
                self.log_change(request, session, message)
                self.message_user(request, message, messages.SUCCESS)

    # --- the form --------------------------------------------------------------------------

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = [
            (_("What"), {"fields": ("title", "scope", "province")}),
            (_("When"), {"fields": ("date", "first_slot_starts_at", "registration_deadline")}),
            (_("Where"), {"fields": ("format", "venue", "meeting_link")}),
            (
                _("Grid"),
                {
                    "fields": ("slot_count", "slot_minutes", "table_count"),
                    "description": _(
                        "Time slots one after the other from the first slot's start, and "
                        "tables where meetings run at the same time. Fixed once the schedule "
                        "is published."
                    ),
                },
            ),
            (_("Limits"), {"fields": ("meetings_per_party",)}),
        ]
        if obj is not None:
            fieldsets.append((_("Record"), {"fields": RECORD_FIELDS, "classes": ("collapse",)}))
        return fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        if obj is None:
            return RECORD_FIELDS
        if obj.state == SessionState.CLOSED:
            return (*EDITABLE_FIELDS, *RECORD_FIELDS)
        fields = list(RECORD_FIELDS)
        if obj.state != SessionState.PLANNED:
            fields += SCOPE_FIELDS
        if obj.is_published:
            fields += GRID_FIELDS
        return fields

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        form_class.national_allowed = scoped_province_ids(request.user) is None
        return form_class

    def get_changeform_initial_data(self, request: HttpRequest):
        initial = super().get_changeform_initial_data(request)
        if scoped_province_ids(request.user) is not None:
            initial.setdefault("scope", SessionScope.PROVINCIAL)
        return initial

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # Once open, the session has invitations, meetings and their attendance: a record.
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.state == SessionState.PLANNED)

    def render_change_form(
        self, request: HttpRequest, context, add=False, change=False, form_url="", obj=None
    ):
        if obj is not None:
            context.update(self._panel_context(request, obj, statistics=True))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _may_change(self, request: HttpRequest, session: BridgingSession) -> bool:
        return self.has_change_permission(request, session)

    def _may_change_meetings(self, request: HttpRequest, session: BridgingSession) -> bool:
        return self._may_change(request, session) and request.user.has_perm(
            "partnerships.change_meeting"
        )

    def _panel_context(
        self, request: HttpRequest, session: BridgingSession, *, statistics: bool = False
    ) -> dict:
        """The session's buttons (for those who may change it) and links, for its page and
        its grid."""
        steps = []
        if self._may_change(request, session):
            steps = [
                {
                    "name": step.name,
                    "label": step.label_for(session),
                    "explanation": step.explanation,
                    "url": reverse(
                        "admin:partnerships_bridgingsession_step", args=[session.pk, step.name]
                    ),
                    "form": step.form_class() if step.form_class else None,
                }
                for step in STEPS.values()
                if step.offered_for(session)
            ]
        context = {
            "session": session,
            "session_steps": steps,
            "grid_url": reverse("admin:partnerships_bridgingsession_grid", args=[session.pk]),
            "grid_print_url": reverse(
                "admin:partnerships_bridgingsession_grid_print", args=[session.pk]
            ),
            "grid_csv_url": reverse(
                "admin:partnerships_bridgingsession_grid_csv", args=[session.pk]
            ),
            "change_url": reverse("admin:partnerships_bridgingsession_change", args=[session.pk]),
        }
        if statistics:
            figures = session_statistics(session)
            context["statistics"] = figures
            outcomes = figures.outcomes
            context["outcome_rows"] = [
                (outcome.label, outcomes["umkm"][outcome], outcomes["firm"][outcome])
                for outcome in MeetingOutcome
            ]
        return context

    # --- custom pages ----------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        meeting = "<path:object_id>/grid/meetings/<int:meeting_id>"
        return [
            path(
                "<path:object_id>/steps/<slug:step>/",
                view(self.step_view),
                name="{}_{}_step".format(*info),
            ),
            path("<path:object_id>/grid/", view(self.grid_view), name="{}_{}_grid".format(*info)),
            path(
                "<path:object_id>/grid/print/",
                view(self.grid_print_view),
                name="{}_{}_grid_print".format(*info),
            ),
            path(
                "<path:object_id>/grid.csv",
                view(self.grid_csv_view),
                name="{}_{}_grid_csv".format(*info),
            ),
            path(f"{meeting}/lock/", view(self.lock_view), name="{}_{}_lock".format(*info)),
            path(f"{meeting}/move/", view(self.move_view), name="{}_{}_move".format(*info)),
            path(f"{meeting}/cancel/", view(self.cancel_view), name="{}_{}_cancel".format(*info)),
            path(
                f"{meeting}/attendance/",
                view(self.attendance_view),
                name="{}_{}_attendance".format(*info),
            ),
            *super().get_urls(),
        ]

    def _session(self, request: HttpRequest, object_id: str, *, change: bool) -> BridgingSession:
        """The session, or a 404 (outside the scope, or never there); a 403 for those who may
        not read it, or not change it when ``change``."""
        session = self.get_object(request, unquote(object_id))
        if session is None:
            raise Http404(gettext("There is no such bridging session."))
        allowed = (
            self._may_change(request, session)
            if change
            else self.has_view_or_change_permission(request, session)
        )
        if not allowed:
            raise PermissionDenied
        return session

    def _meeting(
        self, request: HttpRequest, object_id: str, meeting_id: int
    ) -> tuple[BridgingSession, Meeting]:
        session = self._session(request, object_id, change=True)
        if not self._may_change_meetings(request, session):
            raise PermissionDenied
        meeting = Meeting.objects.with_parties().filter(session=session, pk=meeting_id).first()
        if meeting is None:
            raise Http404(gettext("There is no such meeting in this session."))
        return session, meeting

    def _page(self, request: HttpRequest, obj: BridgingSession, title: str, **extra) -> dict:
        request.current_app = self.admin_site.name
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "session": obj,
            "title": title,
            "subtitle": None,
            "media": self.media,
            **extra,
        }

    def step_view(self, request: HttpRequest, object_id: str, step: str) -> HttpResponse:
        """GET: what the step does, and its button; POST: the step, then back to the page it
        was pressed on."""
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        chosen = STEPS.get(step)
        if chosen is None:
            raise Http404(gettext("There is no such step."))
        session = self._session(request, object_id, change=True)
        form = None
        if chosen.form_class is not None:
            form = chosen.form_class(request.POST if request.method == "POST" else None)
        if request.method == "POST" and (form is None or form.is_valid()):
            try:
                message = chosen.run(session, request.user, form.cleaned_data if form else {})
            except SessionError as refused:
                self.message_user(request, refused.message, messages.ERROR)
            else:
                self.log_change(request, session, message)
                self.message_user(request, message, messages.SUCCESS)
            back = "grid" if request.POST.get("back") == "grid" else "change"
            return redirect(
                reverse(f"admin:partnerships_bridgingsession_{back}", args=[session.pk])
            )
        context = self._page(
            request,
            session,
            chosen.label_for(session),
            step=chosen,
            explanation=chosen.explanation,
            form=form,
            offered=chosen.offered_for(session),
            **self._panel_context(request, session),
        )
        return TemplateResponse(request, self.step_template, context)

    # --- the grid --------------------------------------------------------------------------

    def _grid_context(self, request: HttpRequest, session: BridgingSession) -> dict:
        may_change = self._may_change_meetings(request, session)
        today = timezone.localdate()
        state = session.state
        return {
            "grid": session_grid(session),
            "may_lock": may_change and state == SessionState.OPEN,
            "may_move": may_change and state in (SessionState.OPEN, SessionState.SCHEDULED),
            "may_cancel": may_change
            and state in (SessionState.OPEN, SessionState.SCHEDULED, SessionState.HELD),
            "may_record": may_change
            and state in (SessionState.SCHEDULED, SessionState.HELD)
            and session.date <= today,
            "attendance_choices": AttendanceForm.base_fields["attendance"].choices,
            "not_recorded": Attendance.NOT_RECORDED,
            "generated_at": timezone.now(),
        }

    def grid_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        session = self._session(request, object_id, change=False)
        context = self._page(
            request,
            session,
            gettext("Schedule of %(session)s") % {"session": session.title},
            **self._panel_context(request, session),
            **self._grid_context(request, session),
        )
        return TemplateResponse(request, self.grid_template, context)

    def grid_print_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        session = self._session(request, object_id, change=False)
        context = {
            "session": session,
            "grid": session_grid(session),
            "generated_at": timezone.now(),
            "change_url": reverse("admin:partnerships_bridgingsession_grid", args=[session.pk]),
        }
        return TemplateResponse(request, self.grid_print_template, context)

    def grid_csv_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        session = self._session(request, object_id, change=False)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="jadwal-sesi-{session.date:%Y-%m-%d}-{session.pk}.csv"'
        )
        response.write("\ufeff")  # spreadsheets then read the file as UTF-8
        csv.writer(response).writerows(grid_csv_rows(session_grid(session)))
        return response

    def _back_to_grid(self, session: BridgingSession, meeting: Meeting | None = None):
        url = reverse("admin:partnerships_bridgingsession_grid", args=[session.pk])
        return redirect(f"{url}#meeting-{meeting.pk}" if meeting is not None else url)

    def _meeting_done(
        self, request: HttpRequest, session: BridgingSession, meeting: Meeting, message: str
    ):
        self.log_change(request, session, message)
        self.message_user(request, message, messages.SUCCESS)
        return self._back_to_grid(session, meeting)

    def lock_view(self, request: HttpRequest, object_id: str, meeting_id: int) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        session, meeting = self._meeting(request, object_id, meeting_id)
        locked = request.POST.get("locked") == "1"
        try:
            meeting_set_locked(meeting=meeting, user=request.user, locked=locked)
        except SessionError as refused:
            self.message_user(request, refused.message, messages.ERROR)
            return self._back_to_grid(session, meeting)
        if locked:
            message = gettext(
                "Locked: %(meeting)s keeps its slot and table when the schedule is rebuilt."
            )
        else:
            message = gettext("Unlocked: %(meeting)s may move when the schedule is rebuilt.")
        return self._meeting_done(request, session, meeting, message % {"meeting": meeting})

    def move_view(self, request: HttpRequest, object_id: str, meeting_id: int) -> HttpResponse:
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        session, meeting = self._meeting(request, object_id, meeting_id)
        if request.method == "POST":
            form = MoveForm(request.POST, session=session)
            if form.is_valid():
                slot, table = form.cleaned_data["slot"], form.cleaned_data["table"]
                try:
                    meeting_move(meeting=meeting, user=request.user, slot=slot - 1, table=table - 1)
                except SessionError as refused:
                    form.add_error(None, refused.message)
                else:
                    start = timezone.localtime(session.slot_start(slot - 1))
                    message = gettext(
                        "Moved: %(meeting)s now meets in slot %(slot)d (%(start)s) at table "
                        "%(table)d."
                    ) % {
                        "meeting": meeting,
                        "slot": slot,
                        "start": date_format(start, "TIME_FORMAT"),
                        "table": table,
                    }
                    return self._meeting_done(request, session, meeting, message)
        else:
            form = MoveForm(
                initial={"slot": meeting.slot + 1, "table": meeting.table_number}, session=session
            )
        context = self._page(
            request,
            session,
            gettext("Move a meeting"),
            meeting=meeting,
            form=form,
            grid_url=reverse("admin:partnerships_bridgingsession_grid", args=[session.pk]),
        )
        return TemplateResponse(request, self.move_template, context)

    def cancel_view(self, request: HttpRequest, object_id: str, meeting_id: int) -> HttpResponse:
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        session, meeting = self._meeting(request, object_id, meeting_id)
        if request.method == "POST":
            try:
                meeting_cancel(meeting=meeting, user=request.user)
            except SessionError as refused:
                self.message_user(request, refused.message, messages.ERROR)
                return self._back_to_grid(session, meeting)
            message = gettext("Cancelled: %(meeting)s; the pair waits in the queue again.") % {
                "meeting": meeting
            }
            return self._meeting_done(request, session, None, message)
        context = self._page(
            request,
            session,
            gettext("Cancel a meeting?"),
            meeting=meeting,
            grid_url=reverse("admin:partnerships_bridgingsession_grid", args=[session.pk]),
        )
        return TemplateResponse(request, self.cancel_template, context)

    def attendance_view(
        self, request: HttpRequest, object_id: str, meeting_id: int
    ) -> HttpResponse:
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        session, meeting = self._meeting(request, object_id, meeting_id)
        form = AttendanceForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            attendance = form.cleaned_data["attendance"]
            try:
                meeting_record_attendance(meeting=meeting, user=request.user, attendance=attendance)
            except SessionError as refused:
                self.message_user(request, refused.message, messages.ERROR)
                return self._back_to_grid(session, meeting)
            message = gettext("Attendance of %(meeting)s: %(attendance)s.") % {
                "meeting": meeting,
                "attendance": Attendance(attendance).label,
            }
            return self._meeting_done(request, session, meeting, message)
        context = self._page(
            request,
            session,
            gettext("Record attendance"),
            meeting=meeting,
            form=form,
            grid_url=reverse("admin:partnerships_bridgingsession_grid", args=[session.pk]),
        )
        return TemplateResponse(request, self.attendance_template, context)


# --- meetings and invitations: lists to read --------------------------------------------------


def _record_attendance_action(attendance: str, description):
    def action(model_admin: "MeetingAdmin", request: HttpRequest, queryset: QuerySet) -> None:
        model_admin.record_attendance(request, queryset, attendance)

    action.__name__ = f"record_{attendance}"
    return admin.action(description=description, permissions=["record"])(action)


@admin.register(Meeting)
class MeetingAdmin(SpreadsheetExportMixin, RegionalScopeAdmin):
    """Every meeting of the sessions in scope, to read. Their changes go through the services:
    on the session's grid, or with the attendance actions here."""

    resource_classes = [MeetingResource]
    list_display = (
        "session",
        "slot_time",
        "table_number",
        "firm",
        "umkm",
        "priority",
        "locked",
        "attendance",
        "umkm_outcome",
        "firm_outcome",
    )
    list_filter = (
        ("session", admin.RelatedOnlyFieldListFilter),
        "attendance",
        AttendanceDueFilter,
        "locked",
        "session__state",
    )
    list_select_related = ("session", "firm", "umkm")
    search_fields = ("firm__name", "umkm__name", "firm__nib", "umkm__nib", "session__title")
    ordering = ("-session__date", "session", "slot", "table")
    actions = [
        _record_attendance_action(Attendance.BOTH_CAME, _("Record attendance: both came")),
        _record_attendance_action(
            Attendance.UMKM_ABSENT, _("Record attendance: the UMKM did not come")
        ),
        _record_attendance_action(
            Attendance.FIRM_ABSENT, _("Record attendance: the firm did not come")
        ),
        _record_attendance_action(Attendance.CANCELLED, _("Record attendance: cancelled")),
    ]
    fields = (
        "session",
        "slot_time",
        "table_number",
        "firm",
        "umkm",
        "match",
        "priority",
        "locked",
        "attendance",
        "attendance_recorded_at",
        "attendance_recorded_by",
        "umkm_outcome",
        "umkm_outcome_at",
        "firm_outcome",
        "firm_outcome_at",
        "created_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a build places meetings

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # The page is a record to read; the actions ask for the permission without an object.
        if obj is not None:
            return False
        return super().has_change_permission(request)

    def has_record_permission(self, request: HttpRequest) -> bool:
        return super().has_change_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # a meeting is cancelled, never deleted

    @admin.display(description=_("time slot"), ordering="slot")
    def slot_time(self, meeting: Meeting) -> str:
        return f"{meeting.slot + 1} · {_slot_times(meeting.session, meeting.slot)}"

    @admin.display(description=_("table"), ordering="table")
    def table_number(self, meeting: Meeting) -> int:
        return meeting.table_number

    def record_attendance(self, request: HttpRequest, queryset: QuerySet, attendance: str) -> None:
        recorded, label = 0, Attendance(attendance).label
        for meeting in queryset.select_related("session", "firm", "umkm"):
            try:
                meeting_record_attendance(meeting=meeting, user=request.user, attendance=attendance)
            except SessionError as refused:
                self.message_user(request, f"{meeting}: {refused.message}", messages.ERROR)
            else:
                recorded += 1
                self.log_change(request, meeting, gettext("Attendance: %s") % label)
        if recorded:
            self.message_user(
                request,
                ngettext(
                    "Attendance of %(count)d meeting recorded: %(attendance)s.",
                    "Attendance of %(count)d meetings recorded: %(attendance)s.",
                    recorded,
                )
                % {"count": recorded, "attendance": label},
                messages.SUCCESS,
            )


@admin.register(SessionInvitation)
class SessionInvitationAdmin(RegionalScopeAdmin):
    """Who was invited to which session and what they answered; the parties answer on the
    site, nobody here."""

    list_display = ("session", "party", "kind", "answer", "invited_at", "answered_at")
    list_filter = (("session", admin.RelatedOnlyFieldListFilter), "answer")
    list_select_related = ("session", "umkm", "firm")
    search_fields = ("umkm__name", "firm__name", "umkm__nib", "firm__nib", "session__title")
    fields = ("session", "umkm", "firm", "answer", "invited_at", "answered_at", "answered_by")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("party"))
    def party(self, invitation: SessionInvitation) -> str:
        return str(invitation.party)

    @admin.display(description=_("kind"))
    def kind(self, invitation: SessionInvitation) -> str:
        return gettext("UMKM") if invitation.umkm_id else gettext("firm")
