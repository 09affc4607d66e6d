"""Bridging sessions on the public site, under /sessions/: the list, a session's page, and for
the parties of a session their invitation, their own agenda (on the page, as an .ics file and
printable) and the outcome of each of their meetings.

Everyone sees what is public about a session past planning (``get_session_for_viewer``). Only
the parties of the session (``find_session_party``: invited or with a meeting) and officials
see its meeting link; only a party sees its own agenda, with the other side's contacts, since
every meeting is between two who matched. The services decide every write; these views call
them and show their refusals beside the form.

Before the schedule is published there is no agenda: the session page says so, and the .ics
file and the printable page answer 404 with that message. Someone who is not a party of the
session gets a 403 page saying so.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from partnerships.access import (
    find_session_party,
    get_meeting_for_party,
    get_session_for_viewer,
    may_see_firm_contacts,
    may_see_umkm_contacts,
)
from partnerships.agenda_calendar import AgendaEvent, agenda_filename, build_agenda_calendar
from partnerships.filters import SessionFilter
from partnerships.forms.sessions import InvitationAnswerForm, OutcomeForm
from partnerships.models import (
    Attendance,
    BridgingSession,
    Firm,
    FirmRepresentative,
    Meeting,
    MeetingOutcome,
    SessionFormat,
    SessionState,
    Umkm,
)
from partnerships.services.sessions import (
    SessionError,
    agenda_for_party,
    invitation_answer,
    invitation_for_party,
    meeting_record_outcome,
    session_statistics,
)
from partnerships.views.directory import filtered_list_page

# States whose page shows the session's statistics: its meetings have taken place.
STATISTICS_STATES = (SessionState.HELD, SessionState.CLOSED)


@require_safe
def session_list(request: HttpRequest) -> HttpResponse:
    sessions = BridgingSession.objects.public().select_related("province")
    return filtered_list_page(
        request,
        SessionFilter(request.GET, queryset=sessions),
        "partnerships/sessions/list.html",
        decorate=_mark_for_list(timezone.localdate(), timezone.now()),
    )


def _mark_for_list(today, now):
    def mark(session: BridgingSession) -> None:
        session.is_past = session.date < today
        _mark_registration(session, now)

    return mark


def _mark_registration(session: BridgingSession, now) -> None:
    """``registration_closed``: open, unpublished, and past its deadline (the state alone
    would still say "open for registration")."""
    session.registration_closed = (
        session.state == SessionState.OPEN and now > session.registration_deadline
    )


# The session's page


@dataclass
class AgendaItem:
    """One of the party's meetings as its agenda shows it."""

    meeting: Meeting
    other: Umkm | Firm
    other_is_umkm: bool
    other_url: str
    show_contacts: bool
    representatives: list
    outcome_form: OutcomeForm | None
    own_outcome: str  # the label, "" while none is recorded


def _other_side(meeting: Meeting, party: Umkm | Firm) -> Umkm | Firm:
    return meeting.firm if isinstance(party, Umkm) else meeting.umkm


def _profile_url(other: Umkm | Firm) -> str:
    name = "umkm_detail" if isinstance(other, Umkm) else "firm_detail"
    return reverse(name, args=[other.pk])


def _agenda_items(
    request: HttpRequest,
    session: BridgingSession,
    party: Umkm | Firm,
    *,
    bound_outcome: OutcomeForm | None = None,
) -> list[AgendaItem]:
    """The party's meetings with the other side's contacts, as far as the access rules allow
    (they matched, so they normally do), and an outcome form for each meeting that happened."""
    user = request.user
    meetings = agenda_for_party(session=session, party=party)
    side = "umkm" if isinstance(party, Umkm) else "firm"
    if side == "umkm":
        prefetch_related_objects(
            [meeting.firm for meeting in meetings],
            Prefetch(
                "representatives",
                queryset=FirmRepresentative.objects.select_related("user").order_by("pk"),
            ),
        )
    items = []
    for meeting in meetings:
        other = _other_side(meeting, party)
        if side == "umkm":
            show_contacts = may_see_firm_contacts(user, other)
            representatives = list(other.representatives.all()) if show_contacts else []
        else:
            show_contacts = may_see_umkm_contacts(user, other)
            representatives = []
        own = getattr(meeting, f"{side}_outcome")
        form = None
        if bound_outcome is not None and bound_outcome.meeting_pk == meeting.pk:
            form = bound_outcome  # posted here, with its refusal, whatever the attendance
        elif meeting.attendance == Attendance.BOTH_CAME:
            form = OutcomeForm(meeting_pk=meeting.pk, initial={"outcome": own or None})
        items.append(
            AgendaItem(
                meeting=meeting,
                other=other,
                other_is_umkm=isinstance(other, Umkm),
                other_url=_profile_url(other),
                show_contacts=show_contacts,
                representatives=representatives,
                outcome_form=form,
                own_outcome=MeetingOutcome(own).label if own else "",
            )
        )
    return items


def _admin_url(session: BridgingSession) -> str:
    """Where officials manage the session: its grid in the admin."""
    return reverse("admin:partnerships_bridgingsession_grid", args=[session.pk])


def _registration_open(session: BridgingSession) -> bool:
    return (
        session.state == SessionState.OPEN
        and not session.is_published
        and timezone.now() <= session.registration_deadline
    )


def _outcome_rows(statistics) -> list[tuple[str, int, int]]:
    """(outcome, UMKM that said so, firms that said so) for the statistics table."""
    outcomes = statistics.outcomes
    return [
        (label, outcomes.get("umkm", {}).get(value, 0), outcomes.get("firm", {}).get(value, 0))
        for value, label in MeetingOutcome.choices
    ]


def _detail(
    request: HttpRequest,
    session: BridgingSession,
    *,
    answer_form: InvitationAnswerForm | None = None,
    bound_outcome: OutcomeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    party = find_session_party(user, session)
    invitation = invitation_for_party(session=session, party=party) if party else None
    agenda = (
        _agenda_items(request, session, party, bound_outcome=bound_outcome)
        if party is not None and session.is_published
        else []
    )
    statistics = session_statistics(session) if session.state in STATISTICS_STATES else None
    _mark_registration(session, timezone.now())
    return render(
        request,
        "partnerships/sessions/detail.html",
        {
            "session": session,
            "party": party,
            "party_is_umkm": isinstance(party, Umkm),
            "is_online": session.format == SessionFormat.ONLINE,
            # The link lets anyone into the meeting room: for its parties and officials only.
            "show_meeting_link": bool(session.meeting_link)
            and (party is not None or user.is_staff),
            "invitation": invitation,
            "registration_open": _registration_open(session),
            "deadline_passed": timezone.now() > session.registration_deadline,
            "answer_form": answer_form or InvitationAnswerForm(),
            "agenda": agenda,
            "statistics": statistics,
            "outcome_rows": _outcome_rows(statistics) if statistics else [],
            "admin_url": _admin_url(session) if user.is_staff else "",
        },
        status=status,
    )


@require_safe
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_session_for_viewer(request.user, pk))


# Answers and outcomes


def _back(request: HttpRequest, default: str) -> str:
    """The page the form was on (``next``, this site only), or ``default``."""
    target = request.POST.get("next", "")
    # A path only: redirect() would take anything else for a URL pattern's name (a 500).
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_POST
@login_required
def session_invitation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_viewer(request.user, pk)
    party = find_session_party(request.user, session)
    invitation = invitation_for_party(session=session, party=party) if party else None
    if invitation is None:
        raise Http404("No invitation of yours to this session.")
    form = InvitationAnswerForm(request.POST)
    if form.is_valid():
        answer = form.cleaned_data["answer"]
        try:
            invitation_answer(invitation=invitation, user=request.user, answer=answer)
        except SessionError as refusal:
            form.add_error(None, refusal.message)
        else:
            if answer == "confirmed":
                messages.success(
                    request,
                    _("Thank you: you will attend. You get your agenda once it is published."),
                )
            else:
                messages.success(
                    request, _("Noted: you will not attend. Your matches wait for a later session.")
                )
            detail = reverse("session_detail", args=[session.pk])
            return redirect(_back(request, f"{detail}#invitation"))
    return _detail(request, session, answer_form=form, status=400)


@require_POST
@login_required
def meeting_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_party(request.user, pk)
    session = get_session_for_viewer(request.user, meeting.session_id)
    form = OutcomeForm(request.POST, meeting_pk=meeting.pk)
    if form.is_valid():
        try:
            meeting_record_outcome(
                meeting=meeting, user=request.user, outcome=form.cleaned_data["outcome"]
            )
        except SessionError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Thank you: the meeting's outcome is recorded."))
            detail = reverse("session_detail", args=[session.pk])
            return redirect(_back(request, f"{detail}#meeting-{meeting.pk}"))
    if find_session_party(request.user, session) is None or not session.is_published:
        # The form is shown on the agenda; without one, the refusal comes as a message.
        for error in form.non_field_errors() or form.errors.get("outcome", []):
            messages.error(request, error)
        return redirect("session_detail", session.pk)
    return _detail(request, session, bound_outcome=form, status=400)


# The agenda as a file and on paper


def _party_agenda(request: HttpRequest, pk: int):
    """The session and the signed-in person's party in it, or the refusal to show instead."""
    session = get_session_for_viewer(request.user, pk)
    party = find_session_party(request.user, session)
    if party is None:
        return (
            session,
            None,
            _no_agenda(
                request,
                session,
                _("Only the businesses taking part in this session have an agenda here."),
                status=403,
            ),
        )
    if not session.is_published:
        return (
            session,
            party,
            _no_agenda(
                request,
                session,
                _("The schedule of this session is not published yet; your agenda appears then."),
                status=404,
            ),
        )
    return session, party, None


def _no_agenda(request, session, reason: str, *, status: int) -> HttpResponse:
    return render(
        request,
        "partnerships/sessions/no_agenda.html",
        {"session": session, "reason": reason},
        status=status,
    )


def _site_host(request: HttpRequest) -> str:
    # The configured address, so a meeting's UID stays the same whichever host served it.
    return urlsplit(settings.SITE_URL).hostname or request.get_host().split(":")[0]


def _calendar_events(request, session: BridgingSession, party, meetings) -> list[AgendaEvent]:
    host = _site_host(request)
    base = settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")
    session_url = base + reverse("session_detail", args=[session.pk])
    events = []
    for meeting in meetings:
        other = _other_side(meeting, party)
        if session.format == SessionFormat.ONLINE:
            location = session.meeting_link
        else:
            location = _("%(venue)s, table %(table)s") % {
                "venue": " ".join(session.venue.split()),
                "table": meeting.table_number,
            }
        description = "\n".join(
            [
                session.title,
                _("Table %(table)s") % {"table": meeting.table_number},
                _("Profile: %(url)s") % {"url": base + _profile_url(other)},
                _("Session: %(url)s") % {"url": session_url},
            ]
        )
        events.append(
            AgendaEvent(
                uid=f"meeting-{meeting.pk}@{host}",
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
                summary=_("Meeting with %(name)s") % {"name": other.name},
                location=location,
                description=description,
                url=session_url,
            )
        )
    return events


@require_safe
@login_required
def session_agenda_ics(request: HttpRequest, pk: int) -> HttpResponse:
    session, party, refusal = _party_agenda(request, pk)
    if refusal is not None:
        return refusal
    meetings = agenda_for_party(session=session, party=party)
    host = _site_host(request)
    party_key = f"{'umkm' if isinstance(party, Umkm) else 'firm'}-{party.pk}"
    body = build_agenda_calendar(
        _calendar_events(request, session, party, meetings),
        name=_("Agenda: %(title)s") % {"title": session.title},
        uid=f"agenda-{session.pk}-{party_key}@{host}",
        stamp=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    filename = agenda_filename(session.title, session.date)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Personal data (the other side's name and the meeting link): not for shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@login_required
def session_agenda_print(request: HttpRequest, pk: int) -> HttpResponse:
    session, party, refusal = _party_agenda(request, pk)
    if refusal is not None:
        return refusal
    return render(
        request,
        "partnerships/sessions/agenda_print.html",
        {
            "session": session,
            "party": party,
            "is_online": session.format == SessionFormat.ONLINE,
            "agenda": _agenda_items(request, session, party),
        },
    )


urlpatterns = [
    path("", session_list, name="session_list"),
    path("<int:pk>/", session_detail, name="session_detail"),
    path("<int:pk>/invitation/", session_invitation_answer, name="session_invitation_answer"),
    path("<int:pk>/agenda.ics", session_agenda_ics, name="session_agenda_ics"),
    path("<int:pk>/agenda/", session_agenda_print, name="session_agenda_print"),
    path("meetings/<int:pk>/outcome/", meeting_outcome, name="meeting_outcome"),
]
