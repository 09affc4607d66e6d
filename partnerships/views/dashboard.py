"""/dashboard/: the signed-in person's home, leading them through their profile."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from partnerships.access import (
    find_own_firm,
    find_own_umkm,
    firm_representative_required,
    get_own_firm,
    get_own_umkm,
    umkm_owner_required,
)
from partnerships.business_size import describe_classification
from partnerships.forms.sessions import OutcomeForm
from partnerships.models import (
    Attendance,
    Firm,
    InvitationAnswer,
    Meeting,
    SessionInvitation,
    SessionState,
    Umkm,
    VerificationState,
)
from partnerships.recommendations import recommend_for_umkm, recommend_umkm
from partnerships.services.interests import interest_summary_of_party
from partnerships.services.realisation import commitment_rows
from partnerships.services.submissions import (
    SubmissionRefused,
    firm_progress_for,
    umkm_progress_for,
)
from partnerships.services.submissions import (
    firm_submit as submit_firm,
)
from partnerships.services.submissions import (
    umkm_submit as submit_umkm,
)
from partnerships.services.verification import VerificationError

# How many recommendations the dashboard shows; the recommendations page shows more.
DASHBOARD_PICKS = 5


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_umkm_owner:
        umkm = find_own_umkm(user)
        return render(
            request,
            "partnerships/dashboard/umkm.html",
            {
                "umkm": umkm,
                "progress": umkm_progress_for(umkm),
                "size_description": describe_classification(umkm.size) if umkm else "",
                **_matchmaking(umkm, lambda: recommend_for_umkm(umkm=umkm, limit=DASHBOARD_PICKS)),
                **_sessions(umkm),
                **_commitments(umkm),
            },
        )
    if user.is_firm_representative:
        firm = find_own_firm(user)
        return render(
            request,
            "partnerships/dashboard/firm.html",
            {
                "firm": firm,
                "progress": firm_progress_for(firm),
                **_matchmaking(firm, lambda: recommend_umkm(firm=firm, limit=DASHBOARD_PICKS)),
                **_sessions(firm),
                **_commitments(firm),
            },
        )
    if user.is_staff:
        awaiting = Q(verification_state=VerificationState.SUBMITTED)
        return render(
            request,
            "partnerships/dashboard/official.html",
            {
                "umkm_awaiting": Umkm.objects.aggregate(n=Count("pk", filter=awaiting))["n"],
                "firms_awaiting": Firm.objects.aggregate(n=Count("pk", filter=awaiting))["n"],
            },
        )
    return render(request, "partnerships/dashboard/no_role.html")


def _matchmaking(party: Umkm | Firm | None, recommend) -> dict[str, object]:
    """Interests and recommendations, once the party is verified (before, nobody sees it and
    it cannot send or receive interest)."""
    if party is None or not party.is_verified:
        return {}
    return {
        "interest_summary": interest_summary_of_party(party=party),
        "recommendations": recommend(),
    }


def _sessions(party: Umkm | Firm | None) -> dict[str, object]:
    """The party's bridging sessions: invitations to answer, meetings to come in published
    schedules, and meetings that took place whose outcome it has not recorded. Two queries,
    whatever their number (a verified party only: nobody invites the others)."""
    if party is None or not party.is_verified:
        return {}
    side = "umkm" if isinstance(party, Umkm) else "firm"
    now = timezone.now()
    invitations = list(
        SessionInvitation.objects.filter(
            **{side: party},
            answer=InvitationAnswer.INVITED,
            session__state=SessionState.OPEN,
            session__published_at__isnull=True,
            session__registration_deadline__gte=now,
        )
        .select_related("session__province")
        .order_by("session__registration_deadline", "pk")
    )
    to_come = Q(
        attendance=Attendance.NOT_RECORDED,
        session__state=SessionState.SCHEDULED,
        session__date__gte=timezone.localdate(),
    )
    awaiting_outcome = Q(attendance=Attendance.BOTH_CAME, **{f"{side}_outcome": ""})
    meetings = list(
        Meeting.objects.filter(to_come | awaiting_outcome, **{side: party})
        .with_parties()
        .order_by("session__date", "session", "slot", "pk")
    )
    for meeting in meetings:
        meeting.other = meeting.firm if side == "umkm" else meeting.umkm
    return {
        "session_summary": {
            "invitations": invitations,
            "upcoming_meetings": [m for m in meetings if m.attendance == Attendance.NOT_RECORDED],
            "outcomes_to_record": [
                (meeting, OutcomeForm(meeting_pk=meeting.pk))
                for meeting in meetings
                if meeting.attendance == Attendance.BOTH_CAME
            ],
        }
    }


def _commitments(party: Umkm | Firm | None) -> dict[str, object]:
    """The party's commitments with their realised share and due follow-ups (two queries,
    whatever their number); nothing before the party has a profile."""
    if party is None:
        return {}
    return {"commitment_rows": commitment_rows(party)}


def _submit(request: HttpRequest, submit, success: str) -> HttpResponse:
    try:
        submit()
    except SubmissionRefused:
        messages.error(request, _("Complete the steps marked below before submitting."))
    except VerificationError:
        messages.info(request, _("This profile has already been submitted."))
    else:
        messages.success(request, success)
    return redirect("dashboard")


@require_POST
@umkm_owner_required
def umkm_submit(request: HttpRequest) -> HttpResponse:
    umkm = get_own_umkm(request.user)
    return _submit(
        request,
        lambda: submit_umkm(umkm=umkm),
        _("Submitted. An official will check your profile; you will get an e-mail."),
    )


@require_POST
@firm_representative_required
def firm_submit(request: HttpRequest) -> HttpResponse:
    firm = get_own_firm(request.user)
    return _submit(
        request,
        lambda: submit_firm(firm=firm),
        _("Submitted. An official will check the firm's profile; you will get an e-mail."),
    )
