"""Realisation of a commitment: the parties report, period by period, what was realised;
officials confirm or reject each report; both sides rate the partnership; the portal asks each
side 1, 3 and 6 months after signing how it is going.

Who reports: the UMKM's owner for the UMKM's side, any of the firm's representatives for the
firm's side. Reports are taken from the statement of commitment on (BKPM counts the realisation
of every commitment signed at its ceremonies, pre-contract ones too, and goods are often
delivered before the formal agreement is signed), never on a cancelled commitment: what was
realised before a cancellation is reported before it, and officials may still decide the
reports that were waiting.

The rule on the value: a realisation that takes the total above the committed value needs the
reporter's explicit confirmation. On submitting, the total counted is the confirmed total plus
this side's reports awaiting confirmation plus the new one (the other side reports the same
deliveries from its end, so its pending reports are not added). On confirming, the commitment's
row is locked and the confirmed total may pass the value only through a report whose reporter
confirmed it; the database's constraint partnerships_commitment_realised_within_value is the
last guard, never the one that refuses.

Follow-ups (CommitmentFollowUp, six per commitment, written with the commitment): a side's
follow-up is due from its due date until that side answers it, by reporting a realisation or
rating the partnership, which answers every follow-up of that side already due. A later
follow-up supersedes the earlier ones of the same side: the dashboard shows only the latest due
one and only that one is e-mailed. Follow-ups due more than FOLLOW_UP_EMAIL_WINDOW ago are not
e-mailed at all (commitments imported from old spreadsheets would otherwise send hundreds of
stale questions at once); they still show on the dashboard until answered.
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from partnerships.documents import check_evidence
from partnerships.models import (
    MAX_COMMITMENT_VALUE,
    Commitment,
    CommitmentFollowUp,
    CommitmentStage,
    Firm,
    FirmRepresentative,
    PartnershipRating,
    PartySide,
    RealisationEvent,
    RealisationReport,
    ReportState,
    Umkm,
)
from partnerships.models.commitments import realised_percent
from partnerships.notifications import send_portal_email
from partnerships.officials import in_scope, scope_of
from partnerships.parties import acts_for_firm, acts_for_umkm
from partnerships.services.commitments import commitments_for_party
from portal.money import format_rupiah

logger = logging.getLogger(__name__)

# A follow-up due longer ago than this is not e-mailed (it still shows on the dashboard).
FOLLOW_UP_EMAIL_WINDOW = timedelta(days=30)
MAX_NOTES_LENGTH = 5000
MAX_REASON_LENGTH = 2000
DECIDE_PERMISSION = "partnerships.change_realisationreport"


class RealisationError(ValueError):
    """The action is refused; ``message`` says why, for the person who tried. ``field`` names
    the form field the message belongs beside (None: the form as a whole); ``code`` tells a
    refusal the page reacts to (``over_value``: show the confirmation box)."""

    def __init__(self, message, *, field: str | None = None, code: str = ""):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code


# --- helpers ------------------------------------------------------------------------------


def _money(amount: int) -> str:
    return format_rupiah(amount, translation.get_language() or settings.LANGUAGE_CODE)


def _locked_commitment(commitment: Commitment) -> Commitment:
    return (
        Commitment.objects.select_for_update(of=("self",))
        .select_related("firm", "umkm")
        .get(pk=commitment.pk)
    )


def acts_for_side(user, commitment: Commitment) -> str | None:
    """The side of the commitment this person reports for: ``umkm``, ``firm`` or None."""
    if acts_for_umkm(user, commitment.umkm):
        return PartySide.UMKM
    if acts_for_firm(user, commitment.firm):
        return PartySide.FIRM
    return None


def _require_side(user, commitment: Commitment, side: str) -> None:
    if side not in PartySide.values:
        raise RealisationError(_("Choose the side you report for."))
    if acts_for_side(user, commitment) != side:
        if side == PartySide.UMKM:
            raise RealisationError(_("Only the UMKM's owner reports for the UMKM's side."))
        raise RealisationError(_("Only the firm's representatives report for the firm's side."))


def _require_deciding_official(official, commitment: Commitment) -> None:
    if not (
        official.is_authenticated and official.is_staff and official.has_perm(DECIDE_PERMISSION)
    ):
        raise RealisationError(_("Only officials confirm or reject realisation reports."))
    visible = in_scope(Commitment.objects.filter(pk=commitment.pk), official, scope_of(Commitment))
    if not visible.exists():
        raise RealisationError(_("This commitment is outside the provinces you look after."))


def _answer_follow_ups(commitment: Commitment, side: str, now) -> int:
    """Every follow-up of the side that is due and unanswered is answered now."""
    return CommitmentFollowUp.objects.filter(
        commitment=commitment,
        side=side,
        due_on__lte=timezone.localdate(now),
        answered_at__isnull=True,
    ).update(answered_at=now)


def _check_evidence(evidence) -> None:
    try:
        check_evidence(evidence)
    except ValidationError as refused:
        raise RealisationError(" ".join(refused.messages), field="evidence") from None
    finally:
        if hasattr(evidence, "seek"):
            evidence.seek(0)


# --- reporting ----------------------------------------------------------------------------


@transaction.atomic
def realisation_report_submit(
    *,
    user,
    commitment: Commitment,
    side: str,
    period_start: date,
    period_end: date,
    value: int,
    event: str,
    notes: str = "",
    evidence=None,
    over_value_confirmed: bool = False,
) -> RealisationReport:
    """One side reports what was realised in a period; it counts once an official confirms."""
    commitment = _locked_commitment(commitment)
    _require_side(user, commitment, side)
    if commitment.stage == CommitmentStage.CANCELLED:
        raise RealisationError(
            _("This commitment was cancelled on %(date)s; no realisation can be reported now.")
            % {"date": formats.date_format(commitment.cancelled_on, "DATE_FORMAT")}
        )
    if event not in RealisationEvent.values:
        raise RealisationError(_("Choose what happened."), field="event")
    if isinstance(value, bool) or not isinstance(value, int):
        raise RealisationError(_("The value is a whole number of rupiah."), field="value")
    if value < 0:
        raise RealisationError(_("The value cannot be negative."), field="value")
    if value > MAX_COMMITMENT_VALUE:
        raise RealisationError(
            _("This value is too large; please check the number of zeros."), field="value"
        )
    if period_end < period_start:
        raise RealisationError(
            _("The period ends before it starts: check the two dates."), field="period_end"
        )
    today = timezone.localdate()
    if period_start > today:
        raise RealisationError(
            _("The period has not started yet: report what was realised once it has."),
            field="period_start",
        )
    if period_end < commitment.statement_signed_on:
        raise RealisationError(
            _("The period ends before the commitment was signed on %(date)s.")
            % {"date": formats.date_format(commitment.statement_signed_on, "DATE_FORMAT")},
            field="period_end",
        )
    notes = (notes or "").strip()
    if len(notes) > MAX_NOTES_LENGTH:
        raise RealisationError(
            _("The notes are too long: at most %(count)s characters.")
            % {"count": MAX_NOTES_LENGTH},
            field="notes",
        )
    pending = (
        commitment.realisation_reports.filter(side=side, state=ReportState.PENDING).aggregate(
            total=Sum("value")
        )["total"]
        or 0
    )
    total = commitment.realised_value + pending + value
    if total > commitment.value and not over_value_confirmed:
        raise RealisationError(
            _(
                "This brings the realised total to %(total)s, above the committed %(value)s; "
                "tick the box to confirm that more was realised than committed."
            )
            % {"total": _money(total), "value": _money(commitment.value)},
            field="value",
            code="over_value",
        )
    if evidence:
        _check_evidence(evidence)
    now = timezone.now()
    report = RealisationReport(
        commitment=commitment,
        side=side,
        reported_by=user,
        period_start=period_start,
        period_end=period_end,
        value=value,
        event=event,
        notes=notes,
        over_value_confirmed=bool(over_value_confirmed),
        created_at=now,
    )
    if evidence:
        report.evidence = evidence
    report.save()
    _answer_follow_ups(commitment, side, now)
    return report


def _locked_pending_report(report: RealisationReport) -> tuple[Commitment, RealisationReport]:
    # The commitment first, then the report: every path takes the locks in that order.
    commitment = _locked_commitment(report.commitment)
    report = RealisationReport.objects.select_for_update().get(pk=report.pk)
    if report.state != ReportState.PENDING:
        raise RealisationError(
            _("This report was already decided: it is %(state)s.")
            % {"state": report.get_state_display()}
        )
    return commitment, report


@transaction.atomic
def realisation_report_confirm(*, official, report: RealisationReport) -> RealisationReport:
    """An official confirms a pending report: its value counts in the realised total."""
    _require_deciding_official(official, report.commitment)
    commitment, report = _locked_pending_report(report)
    total = commitment.realised_value + report.value
    over = total > commitment.value
    if over and not report.over_value_confirmed:
        raise RealisationError(
            _(
                "Confirming this report brings the realised total to %(total)s, above the "
                "committed %(value)s, and its reporter did not confirm a realisation above the "
                "value. Reject it with a reason; they can report again and confirm."
            )
            % {"total": _money(total), "value": _money(commitment.value)},
            code="over_value",
        )
    now = timezone.now()
    commitment.realised_value = total
    commitment.updated_at = now
    fields = ["realised_value", "updated_at"]
    if over and not commitment.over_value_confirmed:
        commitment.over_value_confirmed = True
        fields.append("over_value_confirmed")
    commitment.save(update_fields=fields)
    report.state = ReportState.CONFIRMED
    report.reviewed_by = official
    report.reviewed_at = now
    report.save(update_fields=["state", "reviewed_by", "reviewed_at"])
    return report


@transaction.atomic
def realisation_report_reject(
    *, official, report: RealisationReport, reason: str
) -> RealisationReport:
    """An official rejects a pending report, saying why; it does not count."""
    reason = (reason or "").strip()
    if not reason:
        raise RealisationError(
            _("Give the reason for rejecting: the reporter reads it."), field="reason"
        )
    if len(reason) > MAX_REASON_LENGTH:
        raise RealisationError(
            _("The reason is too long: at most %(count)s characters.")
            % {"count": MAX_REASON_LENGTH},
            field="reason",
        )
    _require_deciding_official(official, report.commitment)
    _commitment, report = _locked_pending_report(report)
    report.state = ReportState.REJECTED
    report.reviewed_by = official
    report.reviewed_at = timezone.now()
    report.rejection_reason = reason
    report.save(update_fields=["state", "reviewed_by", "reviewed_at", "rejection_reason"])
    return report


# --- rating -------------------------------------------------------------------------------

SCORES = range(1, 6)


@transaction.atomic
def partnership_rate(
    *,
    user,
    commitment: Commitment,
    side: str,
    quality: int,
    on_time: int,
    fair_price: int,
    would_continue: bool,
    comment: str = "",
) -> PartnershipRating:
    """The side's one rating of the partnership, created or updated (its history is kept).
    A cancelled partnership can be rated too: why it did not work is worth knowing."""
    commitment = _locked_commitment(commitment)
    _require_side(user, commitment, side)
    for field, score in (("quality", quality), ("on_time", on_time), ("fair_price", fair_price)):
        if isinstance(score, bool) or score not in SCORES:
            raise RealisationError(_("Choose a score from 1 to 5."), field=field)
    if not isinstance(would_continue, bool):
        raise RealisationError(
            _("Say whether you would continue the partnership."), field="would_continue"
        )
    comment = (comment or "").strip()
    if len(comment) > MAX_NOTES_LENGTH:
        raise RealisationError(
            _("The comment is too long: at most %(count)s characters.")
            % {"count": MAX_NOTES_LENGTH},
            field="comment",
        )
    now = timezone.now()
    rating, _created = PartnershipRating.objects.update_or_create(
        commitment=commitment,
        side=side,
        defaults={
            "rated_by": user,
            "quality": quality,
            "on_time": on_time,
            "fair_price": fair_price,
            "would_continue": would_continue,
            "comment": comment,
            "rated_at": now,
        },
    )
    _answer_follow_ups(commitment, side, now)
    return rating


# --- follow-ups ---------------------------------------------------------------------------


def _side_of_party(party: Umkm | Firm) -> str:
    return PartySide.UMKM if isinstance(party, Umkm) else PartySide.FIRM


def _latest_per_commitment(follow_ups) -> list[CommitmentFollowUp]:
    """The latest of each commitment's follow-ups (they come latest first per commitment)."""
    seen: set[int] = set()
    latest = []
    for follow_up in follow_ups:
        if follow_up.commitment_id not in seen:
            seen.add(follow_up.commitment_id)
            latest.append(follow_up)
    return latest


def follow_ups_due_for(
    party: Umkm | Firm, *, today: date | None = None
) -> list[CommitmentFollowUp]:
    """The party's side's due, unanswered follow-ups of its commitments not cancelled: the
    latest one of each commitment (it supersedes the earlier ones), oldest due first. One
    query, with the commitment and both parties."""
    today = today or timezone.localdate()
    side = _side_of_party(party)
    follow_ups = (
        CommitmentFollowUp.objects.filter(
            **{f"commitment__{side}": party},
            side=side,
            due_on__lte=today,
            answered_at__isnull=True,
        )
        .exclude(commitment__stage=CommitmentStage.CANCELLED)
        .select_related("commitment__firm", "commitment__umkm")
        .order_by("commitment_id", "-due_on", "-pk")
    )
    latest = _latest_per_commitment(follow_ups)
    latest.sort(key=lambda follow_up: (follow_up.due_on, follow_up.pk))
    return latest


@dataclass(frozen=True)
class _Question:
    follow_up_id: int
    recipients: tuple[str, ...]


def _recipients(follow_up: CommitmentFollowUp, representatives: dict[int, list[str]]) -> list[str]:
    commitment = follow_up.commitment
    if follow_up.side == PartySide.UMKM:
        owner = commitment.umkm.owner
        return [owner.email] if owner is not None and owner.is_active and owner.email else []
    return representatives.get(commitment.firm_id, [])


def _questions(today: date) -> list[_Question]:
    """The follow-ups to e-mail today: for each commitment not cancelled and each side, the
    latest due, unanswered follow-up, when it has not been asked and is not stale."""
    due = (
        CommitmentFollowUp.objects.filter(due_on__lte=today, answered_at__isnull=True)
        .exclude(commitment__stage=CommitmentStage.CANCELLED)
        .select_related("commitment__umkm__owner")
        .order_by("commitment_id", "side", "-due_on", "-pk")
    )
    latest: dict[tuple[int, str], CommitmentFollowUp] = {}
    for follow_up in due:
        latest.setdefault((follow_up.commitment_id, follow_up.side), follow_up)
    to_ask = [
        follow_up
        for follow_up in latest.values()
        if follow_up.asked_at is None and follow_up.due_on >= today - FOLLOW_UP_EMAIL_WINDOW
    ]
    firm_ids = {f.commitment.firm_id for f in to_ask if f.side == PartySide.FIRM}
    representatives: dict[int, list[str]] = {}
    for firm_id, email in (
        FirmRepresentative.objects.filter(firm__in=firm_ids, user__is_active=True)
        .exclude(user__email="")
        .order_by("pk")
        .values_list("firm_id", "user__email")
    ):
        representatives.setdefault(firm_id, []).append(email)
    questions = []
    for follow_up in sorted(to_ask, key=lambda f: (f.due_on, f.pk)):
        recipients = _recipients(follow_up, representatives)
        if recipients:
            questions.append(_Question(follow_up.pk, tuple(recipients)))
    return questions


def _email_context(follow_up: CommitmentFollowUp) -> dict:
    commitment = follow_up.commitment
    on_umkm_side = follow_up.side == PartySide.UMKM
    return {
        "follow_up": follow_up,
        "commitment": commitment,
        "party": commitment.umkm if on_umkm_side else commitment.firm,
        "other": commitment.firm if on_umkm_side else commitment.umkm,
        "months": follow_up.months,
        "signed_on": formats.date_format(commitment.statement_signed_on, "DATE_FORMAT"),
        "value": _money(commitment.value),
        "commitment_url": settings.SITE_URL + reverse("commitment_detail", args=[commitment.pk]),
    }


def follow_ups_ask(*, today: date | None = None) -> int:
    """The daily job: e-mails each side's due follow-up question (to the UMKM's owner, or to
    every representative of the firm) once, and records when. Returns how many follow-ups
    were asked. A follow-up whose side has nobody to write to yet (an UMKM registered by an
    official whose owner has not claimed it) waits, and is asked once somebody is there, while
    it is still fresh; one the mail server refuses is asked again on the next run."""
    today = today or timezone.localdate()
    asked = 0
    for question in _questions(today):
        try:
            with transaction.atomic():
                follow_up = (
                    CommitmentFollowUp.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("commitment__firm", "commitment__umkm")
                    .filter(pk=question.follow_up_id, asked_at__isnull=True)
                    .first()
                )
                if follow_up is None:
                    continue  # another run asked it in the meantime
                follow_up.asked_at = timezone.now()
                follow_up.save(update_fields=["asked_at"])
                # People have no stored language; the portal's is the one they signed up in.
                with translation.override(settings.LANGUAGE_CODE):
                    context = _email_context(follow_up)
                    for email in question.recipients:
                        send_portal_email("commitment_follow_up", context, [email])
        except (smtplib.SMTPException, OSError):
            logger.exception("Follow-up %s not e-mailed", question.follow_up_id)
            continue
        asked += 1
    return asked


# --- the parties' lists ------------------------------------------------------------------

HUNDRED = Decimal(100)


@dataclass
class CommitmentRow:
    """One commitment as the party's lists show it."""

    commitment: Commitment
    other: Umkm | Firm
    percent: Decimal
    bar: Decimal  # the percentage the bar shows, at most 100
    follow_up: CommitmentFollowUp | None  # due and unanswered: a call to report

    @property
    def can_report(self) -> bool:
        return self.commitment.stage != CommitmentStage.CANCELLED


def commitment_rows(party: Umkm | Firm) -> list[CommitmentRow]:
    """The party's commitments, newest signed first, with the other party, the realised share
    and the due follow-up of each. Two queries, whatever their number."""
    due = {follow_up.commitment_id: follow_up for follow_up in follow_ups_due_for(party)}
    rows = []
    for commitment in commitments_for_party(party):
        percent = realised_percent(commitment.realised_value, commitment.value)
        rows.append(
            CommitmentRow(
                commitment=commitment,
                other=commitment.firm if isinstance(party, Umkm) else commitment.umkm,
                percent=percent,
                bar=min(percent, HUNDRED),
                follow_up=due.get(commitment.pk),
            )
        )
    return rows
