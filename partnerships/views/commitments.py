"""A party's commitments, under /dashboard/commitments/: the list of the UMKM's or the firm's
commitments, and each commitment's page, where the party reports realisation and rates the
partnership.

Who sees what: the list is the signed-in party's own (``own_party_required``); a commitment's
page goes through ``get_commitment_for_viewer`` (the UMKM's owner, the firm's representatives,
officials in scope; 404 for anybody else, so nobody learns which commitments exist). Officials
see the page read-only, with a link to the admin where they work; the list sends them there.
The services (partnerships/services/realisation.py) decide every write; these views show their
refusals beside the form, keeping what was typed.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from partnerships.access import get_commitment_for_viewer, own_party_required
from partnerships.forms.realisation import PartnershipRatingForm, RealisationReportForm
from partnerships.models import (
    Commitment,
    CommitmentFollowUp,
    CommitmentStage,
    Firm,
    PartySide,
    ReportState,
    Umkm,
)
from partnerships.services.realisation import (
    HUNDRED,
    RealisationError,
    acts_for_side,
    commitment_rows,
    partnership_rate,
    realisation_report_submit,
    realised_percent,
)


def _admin_changelist() -> str:
    return reverse("admin:partnerships_commitment_changelist")


@require_safe
@login_required
def commitment_list(request: HttpRequest) -> HttpResponse:
    if request.user.is_staff:
        return redirect(_admin_changelist())
    return _party_list(request)


@own_party_required
def _party_list(request: HttpRequest, party: Umkm | Firm) -> HttpResponse:
    return render(
        request,
        "partnerships/commitments/list.html",
        {"party": party, "party_is_umkm": isinstance(party, Umkm), "rows": commitment_rows(party)},
    )


# A commitment's page


@dataclass(frozen=True)
class HistoryEntry:
    """One step of the commitment's stage history, in words."""

    on: object  # a date
    text: str


def _first_dates(commitment: Commitment) -> dict[str, object]:
    """The local date each stage was first recorded, from the audit history (one query)."""
    firsts: dict[str, object] = {}
    for stage, when in commitment.history.order_by("history_date", "history_id").values_list(
        "stage", "history_date"
    ):
        firsts.setdefault(stage, timezone.localdate(when))
    return firsts


def stage_history(commitment: Commitment) -> list[HistoryEntry]:
    """The documents' dates from the commitment, the other steps from its audit history."""

    def day(value) -> str:
        return formats.date_format(value, "DATE_FORMAT")

    entries = [
        HistoryEntry(
            commitment.statement_signed_on,
            _("Statement of commitment signed on %(date)s.")
            % {"date": day(commitment.statement_signed_on)},
        )
    ]
    if commitment.agreement_signed_on:
        entries.append(
            HistoryEntry(
                commitment.agreement_signed_on,
                _("Partnership agreement signed on %(date)s.")
                % {"date": day(commitment.agreement_signed_on)},
            )
        )
    firsts = _first_dates(commitment)
    if CommitmentStage.IN_PROGRESS in firsts:
        started = firsts[CommitmentStage.IN_PROGRESS]
        entries.append(
            HistoryEntry(
                started, _("Recorded as in progress on %(date)s.") % {"date": day(started)}
            )
        )
    if CommitmentStage.REALISED in firsts:
        realised = firsts[CommitmentStage.REALISED]
        entries.append(
            HistoryEntry(realised, _("Recorded as realised on %(date)s.") % {"date": day(realised)})
        )
    if commitment.stage == CommitmentStage.CANCELLED and commitment.cancelled_on:
        entries.append(
            HistoryEntry(
                commitment.cancelled_on,
                _("Cancelled on %(date)s. Reason: %(reason)s")
                % {"date": day(commitment.cancelled_on), "reason": commitment.cancellation_reason},
            )
        )
    return sorted(entries, key=lambda entry: entry.on)


def _due_follow_up(commitment: Commitment, side: str | None) -> CommitmentFollowUp | None:
    """The side's latest due, unanswered follow-up (from the prefetched rows)."""
    if side is None or commitment.stage == CommitmentStage.CANCELLED:
        return None
    today = timezone.localdate()
    due = [
        follow_up
        for follow_up in commitment.follow_ups.all()
        if follow_up.side == side and follow_up.due_on <= today and follow_up.answered_at is None
    ]
    return max(due, key=lambda follow_up: (follow_up.due_on, follow_up.pk), default=None)


def _pending_totals(reports) -> dict[str, int]:
    totals = {PartySide.UMKM: 0, PartySide.FIRM: 0}
    for report in reports:
        if report.state == ReportState.PENDING:
            totals[report.side] += report.value
    return totals


def _detail(
    request: HttpRequest,
    commitment: Commitment,
    *,
    report_form: RealisationReportForm | None = None,
    rating_form: PartnershipRatingForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    side = acts_for_side(user, commitment)
    reports = list(commitment.realisation_reports.all())
    ratings = {rating.side: rating for rating in commitment.ratings.all()}
    percent = realised_percent(commitment.realised_value, commitment.value)
    can_report = side is not None and commitment.stage != CommitmentStage.CANCELLED
    if can_report and report_form is None:
        report_form = RealisationReportForm()
    if side is not None and rating_form is None:
        rating_form = PartnershipRatingForm(rating=ratings.get(side))
    return render(
        request,
        "partnerships/commitments/detail.html",
        {
            "commitment": commitment,
            "side": side,
            "side_label": PartySide(side).label if side else "",
            "is_official": side is None and user.is_staff,
            "admin_url": reverse("admin:partnerships_commitment_change", args=[commitment.pk])
            if side is None and user.is_staff
            else "",
            "history": stage_history(commitment),
            "reports": reports,
            "pending": _pending_totals(reports),
            "percent": percent,
            "bar": min(percent, HUNDRED),
            "umkm_rating": ratings.get(PartySide.UMKM),
            "firm_rating": ratings.get(PartySide.FIRM),
            "follow_up": _due_follow_up(commitment, side),
            "can_report": can_report,
            "report_form": report_form,
            "rating_form": rating_form,
        },
        status=status,
    )


@require_safe
@login_required
def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_commitment_for_viewer(request.user, pk))


def _party_side(request: HttpRequest, pk: int) -> tuple[Commitment, str]:
    """The commitment and the side this person acts for; officials read only (403)."""
    commitment = get_commitment_for_viewer(request.user, pk)
    side = acts_for_side(request.user, commitment)
    if side is None:
        raise PermissionDenied
    return commitment, side


def _show_refusal(form, refusal: RealisationError) -> None:
    if refusal.field in form.fields:
        form.add_error(refusal.field, refusal.message)
    else:
        form.add_error(None, refusal.message)


@require_POST
@login_required
def commitment_report(request: HttpRequest, pk: int) -> HttpResponse:
    commitment, side = _party_side(request, pk)
    form = RealisationReportForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            realisation_report_submit(
                user=request.user,
                commitment=commitment,
                side=side,
                period_start=data["period_start"],
                period_end=data["period_end"],
                value=data["value"],
                event=data["event"],
                notes=data["notes"],
                evidence=data["evidence"],
                over_value_confirmed=data["over_value_confirmed"],
            )
        except RealisationError as refusal:
            if refusal.code == "over_value":
                form.ask_over_value(refusal.message)
            else:
                _show_refusal(form, refusal)
        else:
            messages.success(
                request,
                _("Thank you: your report is recorded. An official confirms it, then it counts."),
            )
            return redirect(reverse("commitment_detail", args=[commitment.pk]) + "#reports")
    return _detail(request, commitment, report_form=form, status=400)


@require_POST
@login_required
def commitment_rate(request: HttpRequest, pk: int) -> HttpResponse:
    commitment, side = _party_side(request, pk)
    form = PartnershipRatingForm(request.POST)
    if form.is_valid():
        try:
            partnership_rate(
                user=request.user, commitment=commitment, side=side, **form.cleaned_data
            )
        except RealisationError as refusal:
            _show_refusal(form, refusal)
        else:
            messages.success(request, _("Thank you: your rating of the partnership is saved."))
            return redirect(reverse("commitment_detail", args=[commitment.pk]) + "#ratings")
    return _detail(request, commitment, rating_form=form, status=400)


urlpatterns = [
    path("", commitment_list, name="commitment_list"),
    path("<int:pk>/", commitment_detail, name="commitment_detail"),
    path("<int:pk>/report/", commitment_report, name="commitment_report"),
    path("<int:pk>/rating/", commitment_rate, name="commitment_rate"),
]
