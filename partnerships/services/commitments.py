"""Recording partnership commitments and moving them through their stages (issue 7).

Officials record what was signed (``commitment_record``), correct it (``commitment_update``)
and follow it through the regulation's documents: the firm's statement of commitment
(pre-contract), the partnership agreement (``commitment_sign_agreement``: the contract), the
work in progress (``commitment_start``), its realisation (``commitment_mark_realised``), or its
end with a reason (``commitment_cancel``). Each write runs in one transaction with the
commitment's row locked, so two officials acting on one commitment take turns and the second
sees what the first did; a refused step raises CommitmentError naming the commitment's current
stage, and changes nothing. The database's constraints (partnerships/models/commitments.py)
stay the last line: these checks say what is wrong in words before a constraint would.

Recording a commitment also creates its six follow-ups: each side is asked how the partnership
goes 1, 3 and 6 months after the statement was signed (calendar months; the 31st of a shorter
month is its last day).

Realisation reports are the parties' (partnerships/services/realisation.py); the selectors at
the end serve the parties' dashboards and the commitment's page.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from partnerships.documents import check_pdf
from partnerships.models import (
    MAX_COMMITMENT_VALUE,
    BridgingSession,
    Commitment,
    CommitmentFollowUp,
    CommitmentStage,
    Firm,
    Match,
    PartnershipPattern,
    PartySide,
    RealisationReport,
    Umkm,
    VerificationState,
)
from partnerships.models.commitments import FOLLOW_UP_MONTHS
from partnerships.officials import ByFirm, ByUmkm, in_scope, scoped_province_ids
from portal.money import format_rupiah


class CommitmentError(Exception):
    """The action is refused; ``message`` says why, for the official who tried, ``field``
    names the form field it is about (None: the commitment as a whole) and ``code`` what kind
    of refusal it is (for forms and tests, whatever the language)."""

    def __init__(self, message, field: str | None = None, code: str = "refused"):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code


# Left out of a call to commitment_update: the field keeps its value.
UNCHANGED = object()

# What commitment_update may change. The parties are fixed once recorded: a commitment
# recorded with the wrong firm or UMKM is cancelled with that reason and recorded again, so
# its history shows what happened.
EDITABLE_FIELDS = (
    "session",
    "signing_event",
    "match",
    "value",
    "pattern",
    "scope",
    "period_start",
    "period_end",
    "statement_signed_on",
    "statement_document",
    "agreement_document",
    "firm_signatory",
    "firm_signatory_title",
    "umkm_signatory",
    "umkm_signatory_title",
)

# The stages a step may start from.
CANCELLABLE_STAGES = (
    CommitmentStage.STATEMENT,
    CommitmentStage.AGREEMENT,
    CommitmentStage.IN_PROGRESS,
)
CLOSED_STAGES = (CommitmentStage.REALISED, CommitmentStage.CANCELLED)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` calendar months later; the month's last day when it is shorter
    (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _date(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


# --- the rules, for the services and the admin's form ------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a commitment's fields: the field it is about and what to say."""

    field: str | None
    message: str
    code: str = "invalid"


def party_problems(*, firm: Firm | None, umkm: Umkm | None) -> list[Problem]:
    """Officials record what was signed, so a party need not be verified yet: a firm or UMKM
    awaiting verification (or sent back for a correction) did sign. A draft is refused: it is
    a registration nobody has finished or submitted (an abandoned sign-up, a half-typed
    profile), not yet a business the programme knows; the official submits it first (or
    registers the UMKM on its owner's behalf, which submits it)."""
    problems = []
    if firm is not None and firm.verification_state == VerificationState.DRAFT:
        problems.append(
            Problem(
                "firm",
                _(
                    "%(firm)s is still a draft registration: it must be submitted before a "
                    "commitment is recorded for it."
                )
                % {"firm": firm},
                "draft_party",
            )
        )
    if umkm is not None and umkm.verification_state == VerificationState.DRAFT:
        problems.append(
            Problem(
                "umkm",
                _(
                    "%(umkm)s is still a draft registration: it must be submitted (or "
                    "registered by an official) before a commitment is recorded for it."
                )
                % {"umkm": umkm},
                "draft_party",
            )
        )
    return problems


def value_problem(value: int | None) -> Problem | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        return Problem("value", _("The value is a whole number of rupiah."), "not_whole")
    if value <= 0:
        return Problem("value", _("The value must be more than Rp0."), "not_positive")
    if value > MAX_COMMITMENT_VALUE:
        return Problem(
            "value",
            _(
                "%(value)s is more than %(maximum)s, far above any single commitment: check "
                "the number of zeros."
            )
            % {"value": format_rupiah(value), "maximum": format_rupiah(MAX_COMMITMENT_VALUE)},
            "too_large",
        )
    return None


def commitment_problems(
    *,
    firm: Firm | None,
    umkm: Umkm | None,
    value: int | None,
    pattern: str | None,
    period_start: datetime.date | None,
    period_end: datetime.date | None,
    statement_signed_on: datetime.date | None,
    session: BridgingSession | None,
    signing_event: str,
    match: Match | None,
    instance: Commitment | None = None,
    today: datetime.date | None = None,
) -> list[Problem]:
    """Everything wrong with these fields of a commitment (``instance``: the one being
    changed), each beside its field. A value left None is not checked (the form already said
    what is wrong with it)."""
    today = today or timezone.localdate()
    problems = []
    if instance is None:
        problems += party_problems(firm=firm, umkm=umkm)
    if (problem := value_problem(value)) is not None:
        problems.append(problem)
    elif (
        value is not None
        and instance is not None
        and not instance.over_value_confirmed
        and value < instance.realised_value
    ):
        problems.append(
            Problem(
                "value",
                _(
                    "The realisation confirmed so far is %(realised)s: the value cannot be "
                    "less than that."
                )
                % {"realised": format_rupiah(instance.realised_value)},
                "below_realised",
            )
        )
    if pattern is not None and pattern not in PartnershipPattern.values:
        problems.append(
            Problem("pattern", _("Choose a partnership pattern of PP 7/2021."), "invalid_pattern")
        )
    if period_start and period_end and period_end < period_start:
        problems.append(
            Problem(
                "period_end",
                _("The period ends (%(end)s) before it starts (%(start)s).")
                % {"end": _date(period_end), "start": _date(period_start)},
                "ends_before_start",
            )
        )
    if statement_signed_on is not None:
        if statement_signed_on > today:
            problems.append(
                Problem(
                    "statement_signed_on",
                    _("%(date)s is in the future: record a commitment once it is signed.")
                    % {"date": _date(statement_signed_on)},
                    "in_future",
                )
            )
        agreement = instance.agreement_signed_on if instance is not None else None
        if agreement is not None and statement_signed_on > agreement:
            problems.append(
                Problem(
                    "statement_signed_on",
                    _(
                        "The partnership agreement was signed on %(agreement)s: the statement "
                        "of commitment cannot be later."
                    )
                    % {"agreement": _date(agreement)},
                    "after_agreement",
                )
            )
        if firm is not None and umkm is not None:
            twice = Commitment.objects.filter(
                firm=firm, umkm=umkm, statement_signed_on=statement_signed_on
            )
            if instance is not None and instance.pk is not None:
                twice = twice.exclude(pk=instance.pk)
            if twice.exists():
                problems.append(
                    Problem(
                        "statement_signed_on",
                        _(
                            "A commitment between %(firm)s and %(umkm)s signed on %(date)s is "
                            "recorded already: this would record it twice."
                        )
                        % {"firm": firm, "umkm": umkm, "date": _date(statement_signed_on)},
                        "duplicate",
                    )
                )
    if session is None and not (signing_event or "").strip():
        problems.append(
            Problem(
                "signing_event",
                _(
                    "Say where it was signed: choose the bridging session, or name the signing "
                    "event."
                ),
                "no_place",
            )
        )
    if (
        match is not None
        and firm is not None
        and umkm is not None
        and (match.firm_id, match.umkm_id) != (firm.pk, umkm.pk)
    ):
        problems.append(
            Problem(
                "match",
                _("This match is between other parties than the commitment."),
                "match_of_others",
            )
        )
    return problems


def _raise_first(problems: list[Problem]) -> None:
    if problems:
        raise CommitmentError(problems[0].message, field=problems[0].field, code=problems[0].code)


def _check_document(upload, field: str) -> None:
    try:
        check_pdf(upload)
    except ValidationError as refused:
        raise CommitmentError(
            refused.messages[0], field=field, code=refused.error_list[0].code or "invalid"
        ) from None


def _require_official(official, permission: str) -> None:
    if not (official.is_authenticated and official.is_staff):
        raise CommitmentError(_("Only officials record commitments."), code="not_official")
    if not official.has_perm(f"partnerships.{permission}_commitment"):
        raise CommitmentError(
            _("Your role may read commitments but not change them."), code="read_only"
        )


def _require_in_scope(official, *, firm: Firm, umkm: Umkm) -> None:
    """A regional official records the commitments of their provinces: where the UMKM is, or
    where the firm operates (the rule of the admin's lists, partnerships.officials)."""
    if scoped_province_ids(official) is None:
        return
    here = (
        in_scope(Umkm.objects.filter(pk=umkm.pk), official, ByUmkm()).exists()
        or in_scope(Firm.objects.filter(pk=firm.pk), official, ByFirm()).exists()
    )
    if not here:
        raise CommitmentError(
            _("Neither %(umkm)s nor %(firm)s is in your provinces.") % {"umkm": umkm, "firm": firm},
            field="umkm",
            code="out_of_scope",
        )


def _locked(commitment: Commitment) -> Commitment:
    locked = (
        Commitment.objects.select_for_update(of=("self",))
        .select_related("firm", "umkm")
        .filter(pk=commitment.pk)
        .first()
    )
    if locked is None:
        raise CommitmentError(_("This commitment no longer exists."), code="gone")
    return locked


def _require_stage(commitment: Commitment, stages, *, action: str) -> None:
    if commitment.stage not in stages:
        raise CommitmentError(
            _("%(action)s is not possible: the commitment's stage is “%(stage)s”.")
            % {"action": action, "stage": commitment.get_stage_display()},
            code="wrong_stage",
        )


def _save(commitment: Commitment, official, fields: list[str]) -> Commitment:
    commitment.updated_at = timezone.now()
    commitment._history_user = official
    commitment.save(update_fields=[*fields, "updated_at"])
    return commitment


def _follow_ups(commitment: Commitment) -> list[CommitmentFollowUp]:
    return [
        CommitmentFollowUp(
            commitment=commitment,
            side=side,
            months=months,
            due_on=add_months(commitment.statement_signed_on, months),
        )
        for side in PartySide.values
        for months in FOLLOW_UP_MONTHS
    ]


# --- recording -----------------------------------------------------------------------------


@transaction.atomic
def commitment_record(
    *,
    official,
    firm: Firm,
    umkm: Umkm,
    value: int,
    pattern: str,
    scope: str,
    period_start: datetime.date,
    period_end: datetime.date,
    statement_signed_on: datetime.date,
    signing_event: str = "",
    session: BridgingSession | None = None,
    match: Match | None = None,
    firm_signatory: str,
    firm_signatory_title: str,
    umkm_signatory: str,
    umkm_signatory_title: str = "",
    statement_document=None,
) -> Commitment:
    """Records a signed statement of commitment (the pre-contract stage) and its six
    follow-ups. ``statement_document``: the signed PDF, if the official has it."""
    _require_official(official, "add")
    scope, signing_event = (scope or "").strip(), (signing_event or "").strip()
    required = {
        "scope": scope,
        "firm_signatory": (firm_signatory or "").strip(),
        "firm_signatory_title": (firm_signatory_title or "").strip(),
        "umkm_signatory": (umkm_signatory or "").strip(),
    }
    for field, text in required.items():
        if not text:
            raise CommitmentError(_("This field is required."), field=field, code="required")
    given = {
        "firm": firm,
        "umkm": umkm,
        "value": value,
        "pattern": pattern,
        "period_start": period_start,
        "period_end": period_end,
        "statement_signed_on": statement_signed_on,
    }
    for field, argument in given.items():
        if argument is None:
            raise CommitmentError(_("This field is required."), field=field, code="required")
    _raise_first(
        commitment_problems(
            firm=firm,
            umkm=umkm,
            value=value,
            pattern=pattern,
            period_start=period_start,
            period_end=period_end,
            statement_signed_on=statement_signed_on,
            session=session,
            signing_event=signing_event,
            match=match,
        )
    )
    _require_in_scope(official, firm=firm, umkm=umkm)
    if statement_document:
        _check_document(statement_document, "statement_document")
    try:
        with transaction.atomic():
            commitment = Commitment(
                firm=firm,
                umkm=umkm,
                session=session,
                signing_event=signing_event,
                match=match,
                value=value,
                pattern=pattern,
                scope=scope,
                period_start=period_start,
                period_end=period_end,
                statement_signed_on=statement_signed_on,
                firm_signatory=required["firm_signatory"],
                firm_signatory_title=required["firm_signatory_title"],
                umkm_signatory=required["umkm_signatory"],
                umkm_signatory_title=(umkm_signatory_title or "").strip(),
                stage=CommitmentStage.STATEMENT,
                recorded_by=official,
            )
            if statement_document:
                commitment.statement_document = statement_document
            commitment._history_user = official
            commitment.save()
            CommitmentFollowUp.objects.bulk_create(_follow_ups(commitment))
    except IntegrityError:
        # Another official recorded the same pair on the same day a moment ago.
        raise CommitmentError(
            _(
                "A commitment between %(firm)s and %(umkm)s signed on %(date)s is recorded "
                "already: this would record it twice."
            )
            % {"firm": firm, "umkm": umkm, "date": _date(statement_signed_on)},
            field="statement_signed_on",
            code="duplicate",
        ) from None
    return commitment


@transaction.atomic
def commitment_update(
    *,
    official,
    commitment: Commitment,
    session=UNCHANGED,
    signing_event=UNCHANGED,
    match=UNCHANGED,
    value=UNCHANGED,
    pattern=UNCHANGED,
    scope=UNCHANGED,
    period_start=UNCHANGED,
    period_end=UNCHANGED,
    statement_signed_on=UNCHANGED,
    statement_document=UNCHANGED,
    agreement_document=UNCHANGED,
    firm_signatory=UNCHANGED,
    firm_signatory_title=UNCHANGED,
    umkm_signatory=UNCHANGED,
    umkm_signatory_title=UNCHANGED,
) -> Commitment:
    """Corrects what was recorded; arguments left out keep their value. A realised or
    cancelled commitment is a closed record and changes no more. A new statement date moves
    the follow-ups not asked yet."""
    _require_official(official, "change")
    locked = _locked(commitment)
    _require_in_scope(official, firm=locked.firm, umkm=locked.umkm)
    _require_stage(
        locked,
        (CommitmentStage.STATEMENT, CommitmentStage.AGREEMENT, CommitmentStage.IN_PROGRESS),
        action=_("Changing the commitment"),
    )
    given = {
        name: argument
        for name, argument in {
            "session": session,
            "signing_event": signing_event,
            "match": match,
            "value": value,
            "pattern": pattern,
            "scope": scope,
            "period_start": period_start,
            "period_end": period_end,
            "statement_signed_on": statement_signed_on,
            "statement_document": statement_document,
            "agreement_document": agreement_document,
            "firm_signatory": firm_signatory,
            "firm_signatory_title": firm_signatory_title,
            "umkm_signatory": umkm_signatory,
            "umkm_signatory_title": umkm_signatory_title,
        }.items()
        if argument is not UNCHANGED
    }
    for name in ("signing_event", "scope", *(f for f in given if "signatory" in f)):
        if name in given:
            given[name] = (given[name] or "").strip()
    for name in ("scope", "firm_signatory", "firm_signatory_title", "umkm_signatory"):
        if name in given and not given[name]:
            raise CommitmentError(_("This field is required."), field=name, code="required")
    for name in ("statement_document", "agreement_document"):
        # A document is replaced by a new one, never removed: it was signed.
        if name in given and not given[name]:
            del given[name]
        elif name in given:
            _check_document(given[name], name)
    if "agreement_document" in given and locked.agreement_signed_on is None:
        raise CommitmentError(
            _("The partnership agreement is not signed yet: sign it with its document."),
            field="agreement_document",
            code="no_agreement",
        )

    def current(name: str):
        return given[name] if name in given else getattr(locked, name)

    _raise_first(
        commitment_problems(
            firm=locked.firm,
            umkm=locked.umkm,
            value=current("value"),
            pattern=current("pattern"),
            period_start=current("period_start"),
            period_end=current("period_end"),
            statement_signed_on=current("statement_signed_on"),
            session=current("session"),
            signing_event=current("signing_event"),
            match=current("match"),
            instance=locked,
        )
    )
    changed = [name for name in given if given[name] != getattr(locked, name)]
    if not changed:
        return locked
    for name in changed:
        setattr(locked, name, given[name])
    _save(locked, official, changed)
    if "statement_signed_on" in changed:
        for follow_up in locked.follow_ups.filter(asked_at__isnull=True, answered_at__isnull=True):
            follow_up.due_on = add_months(locked.statement_signed_on, follow_up.months)
            follow_up.save(update_fields=["due_on"])
    return locked


# --- the stages ----------------------------------------------------------------------------


@transaction.atomic
def commitment_sign_agreement(
    *, official, commitment: Commitment, signed_on: datetime.date, document=None
) -> Commitment:
    """The statement becomes a contract: the partnership agreement (Kesepakatan Kemitraan
    Usaha) was signed on ``signed_on``, not before the statement and not in the future."""
    _require_official(official, "change")
    locked = _locked(commitment)
    _require_in_scope(official, firm=locked.firm, umkm=locked.umkm)
    _require_stage(
        locked, (CommitmentStage.STATEMENT,), action=_("Signing the partnership agreement")
    )
    if signed_on is None:
        raise CommitmentError(
            _("Give the date the agreement was signed."), field="signed_on", code="required"
        )
    if signed_on < locked.statement_signed_on:
        raise CommitmentError(
            _(
                "The agreement cannot be signed (%(agreement)s) before the statement of "
                "commitment (%(statement)s)."
            )
            % {"agreement": _date(signed_on), "statement": _date(locked.statement_signed_on)},
            field="signed_on",
            code="before_statement",
        )
    if signed_on > timezone.localdate():
        raise CommitmentError(
            _("%(date)s is in the future: record the agreement once it is signed.")
            % {"date": _date(signed_on)},
            field="signed_on",
            code="in_future",
        )
    fields = ["stage", "agreement_signed_on"]
    if document:
        _check_document(document, "document")
        locked.agreement_document = document
        fields.append("agreement_document")
    locked.stage = CommitmentStage.AGREEMENT
    locked.agreement_signed_on = signed_on
    return _save(locked, official, fields)


@transaction.atomic
def commitment_start(*, official, commitment: Commitment) -> Commitment:
    """The agreed work has begun."""
    _require_official(official, "change")
    locked = _locked(commitment)
    _require_in_scope(official, firm=locked.firm, umkm=locked.umkm)
    _require_stage(locked, (CommitmentStage.AGREEMENT,), action=_("Starting the work"))
    locked.stage = CommitmentStage.IN_PROGRESS
    return _save(locked, official, ["stage"])


@transaction.atomic
def commitment_mark_realised(*, official, commitment: Commitment) -> Commitment:
    """The partnership delivered what was agreed; the commitment is closed."""
    _require_official(official, "change")
    locked = _locked(commitment)
    _require_in_scope(official, firm=locked.firm, umkm=locked.umkm)
    _require_stage(
        locked, (CommitmentStage.IN_PROGRESS,), action=_("Marking the commitment realised")
    )
    locked.stage = CommitmentStage.REALISED
    return _save(locked, official, ["stage"])


@transaction.atomic
def commitment_cancel(
    *, official, commitment: Commitment, reason: str, cancelled_on: datetime.date
) -> Commitment:
    """Ends the commitment, from any stage before it is realised, with the reason given."""
    _require_official(official, "change")
    locked = _locked(commitment)
    _require_in_scope(official, firm=locked.firm, umkm=locked.umkm)
    _require_stage(locked, CANCELLABLE_STAGES, action=_("Cancelling the commitment"))
    reason = (reason or "").strip()
    if not reason:
        raise CommitmentError(
            _("Give the reason for cancelling: both parties and the statistics read it."),
            field="reason",
            code="required",
        )
    if cancelled_on is None:
        raise CommitmentError(
            _("Give the date it was cancelled."), field="cancelled_on", code="required"
        )
    if cancelled_on < locked.statement_signed_on:
        raise CommitmentError(
            _("It cannot be cancelled (%(cancelled)s) before it was signed (%(signed)s).")
            % {"cancelled": _date(cancelled_on), "signed": _date(locked.statement_signed_on)},
            field="cancelled_on",
            code="before_statement",
        )
    if cancelled_on > timezone.localdate():
        raise CommitmentError(
            _("%(date)s is in the future: record the cancellation once it happened.")
            % {"date": _date(cancelled_on)},
            field="cancelled_on",
            code="in_future",
        )
    locked.stage = CommitmentStage.CANCELLED
    locked.cancelled_on = cancelled_on
    locked.cancellation_reason = reason
    return _save(locked, official, ["stage", "cancelled_on", "cancellation_reason"])


# --- selectors -----------------------------------------------------------------------------


def commitments_for_party(party: Umkm | Firm) -> QuerySet:
    """The commitments of an UMKM or a firm, every stage, newest signed first, with the
    parties, the UMKM's province and regency and the session loaded (for dashboards)."""
    lookup = {"umkm": party} if isinstance(party, Umkm) else {"firm": party}
    return Commitment.objects.filter(**lookup).with_parties()


def commitments_with_detail() -> QuerySet:
    """Commitments with what their page shows loaded: the parties, the session, who recorded
    it, the realisation reports (newest period first, with who reported and reviewed them),
    the ratings and the follow-ups."""
    return Commitment.objects.with_parties().prefetch_related(
        Prefetch(
            "realisation_reports",
            queryset=RealisationReport.objects.select_related("reported_by", "reviewed_by"),
        ),
        "ratings",
        "follow_ups",
    )


def commitment_detail(pk: int) -> Commitment:
    """One commitment for its page (Commitment.DoesNotExist when there is none)."""
    return commitments_with_detail().get(pk=pk)
