"""Partnership commitments: what a firm and an UMKM signed, and how much of it is realised.

A commitment follows the two documents of the regulation (PP 7/2021 and BKPM's guidance): the
firm's statement of commitment (Surat Pernyataan Komitmen, pre-contract) and the partnership
agreement (Kesepakatan Kemitraan Usaha, contract). After the agreement the work is in progress
until it is realised, or the commitment is cancelled with a reason. Officials record them in
the admin; both parties see theirs on their dashboards and report, period by period, what was
realised; officials confirm those reports. Signed documents and evidence are private: they are
served only by a view that checks who asks, never from a public media URL.

The database keeps the rules: values positive and bounded, periods that end after they start,
an agreement not before the statement, a reason for every cancellation, the confirmed realised
total within the value unless someone explicitly confirmed a realisation above it.
"""

import uuid
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.business_size import BusinessSize, SizeCriterion
from partnerships.models.firms import Firm
from partnerships.models.matches import Match
from partnerships.models.patterns import PartnershipPattern
from partnerships.models.sessions import BridgingSession
from partnerships.models.umkm import Umkm

# A hundred trillion rupiah: far above any single commitment (the whole 2021 ceremony was
# Rp1,5 triliun), so a larger figure is a typing mistake, yet "tens of trillions" still fit.
MAX_COMMITMENT_VALUE = 100 * 10**12
FOLLOW_UP_MONTHS = (1, 3, 6)


def commitment_document_path(instance, filename: str) -> str:
    """A random name under a private folder: the name tells nothing and cannot be guessed."""
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"private/commitments/{uuid.uuid4().hex}{suffix}"


def realised_percent(realised: int, value: int) -> Decimal:
    """The realised share of the value in percent, two places, rounded down in integer
    arithmetic: 100.00 only when every rupiah is realised (one rupiah short of
    Rp37.123.456.789.012 is 99.99). May exceed 100 after a confirmed over-realisation."""
    hundredths = realised * 10_000 // value
    return Decimal(hundredths).scaleb(-2)


class CommitmentStage(models.TextChoices):
    STATEMENT = "statement", _("statement of commitment signed (pre-contract)")
    AGREEMENT = "agreement", _("partnership agreement signed (contract)")
    IN_PROGRESS = "in_progress", _("in progress")
    REALISED = "realised", _("realised")
    CANCELLED = "cancelled", _("cancelled")


# Stages from the agreement on: BKPM's figures count these as contract value.
CONTRACT_STAGES = (CommitmentStage.AGREEMENT, CommitmentStage.IN_PROGRESS, CommitmentStage.REALISED)


class PartySide(models.TextChoices):
    FIRM = "firm", _("firm")
    UMKM = "umkm", _("UMKM")


class CommitmentQuerySet(models.QuerySet):
    def not_cancelled(self):
        return self.exclude(stage=CommitmentStage.CANCELLED)

    def with_parties(self):
        return self.select_related(
            "firm", "umkm__province", "umkm__regency", "session", "recorded_by"
        )


class Commitment(models.Model):
    firm = models.ForeignKey(
        Firm, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("firm")
    )
    umkm = models.ForeignKey(
        Umkm, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("UMKM")
    )
    session = models.ForeignKey(
        BridgingSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("bridging session"),
        help_text=_("The session where the parties met, if they met at one."),
    )
    signing_event = models.CharField(
        _("signing event"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “Penandatanganan kontrak kemitraan BKPM, 18 Januari 2021”."),
    )
    match = models.ForeignKey(
        Match,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("match"),
    )
    value = models.BigIntegerField(
        _("value (Rp)"), help_text=_("The committed value in whole rupiah.")
    )
    pattern = models.CharField(
        _("partnership pattern"), max_length=30, choices=PartnershipPattern.choices
    )
    scope = models.TextField(_("scope"), help_text=_("What is supplied or done, and how much."))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    firm_signatory = models.CharField(_("firm's signatory"), max_length=150)
    firm_signatory_title = models.CharField(_("firm signatory's position"), max_length=150)
    umkm_signatory = models.CharField(_("UMKM's signatory"), max_length=150)
    umkm_signatory_title = models.CharField(
        _("UMKM signatory's position"), max_length=150, blank=True
    )

    stage = models.CharField(
        _("stage"),
        max_length=15,
        choices=CommitmentStage.choices,
        default=CommitmentStage.STATEMENT,
        db_index=True,
    )
    statement_signed_on = models.DateField(
        _("statement of commitment signed on"),
        help_text=_("The date the commitment was signed (Surat Pernyataan Komitmen)."),
    )
    statement_document = models.FileField(
        _("statement of commitment (PDF)"),
        upload_to=commitment_document_path,
        blank=True,
        max_length=200,
    )
    agreement_signed_on = models.DateField(
        _("partnership agreement signed on"),
        null=True,
        blank=True,
        help_text=_("Kesepakatan Kemitraan Usaha: the contract."),
    )
    agreement_document = models.FileField(
        _("partnership agreement (PDF)"),
        upload_to=commitment_document_path,
        blank=True,
        max_length=200,
    )
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True)

    # The sum of the confirmed realisation reports, kept by the services under a row lock, so
    # the database can refuse a total above the value that nobody confirmed.
    realised_value = models.BigIntegerField(_("realised value (Rp)"), default=0, editable=False)
    over_value_confirmed = models.BooleanField(
        _("realisation above the value confirmed"),
        default=False,
        help_text=_("Someone confirmed that more was realised than the committed value."),
    )

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = CommitmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-statement_signed_on", "-pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gt=0) & Q(value__lte=MAX_COMMITMENT_VALUE),
                name="partnerships_commitment_value_in_range",
            ),
            models.CheckConstraint(
                condition=Q(pattern__in=PartnershipPattern.values),
                name="partnerships_commitment_pattern_valid",
            ),
            models.CheckConstraint(
                condition=Q(stage__in=CommitmentStage.values),
                name="partnerships_commitment_stage_valid",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="partnerships_commitment_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(session__isnull=True, signing_event=""),
                name="partnerships_commitment_has_session_or_event",
            ),
            models.CheckConstraint(
                condition=Q(agreement_signed_on__isnull=True)
                | Q(agreement_signed_on__gte=F("statement_signed_on")),
                name="partnerships_commitment_agreement_after_statement",
            ),
            # The agreement, the work in progress and the realisation all need the contract.
            models.CheckConstraint(
                condition=~Q(stage__in=[s.value for s in CONTRACT_STAGES])
                | Q(agreement_signed_on__isnull=False),
                name="partnerships_commitment_contract_has_agreement",
            ),
            models.CheckConstraint(
                condition=(
                    Q(stage=CommitmentStage.CANCELLED)
                    & Q(cancelled_on__isnull=False)
                    & ~Q(cancellation_reason="")
                )
                | (
                    ~Q(stage=CommitmentStage.CANCELLED)
                    & Q(cancelled_on__isnull=True)
                    & Q(cancellation_reason="")
                ),
                name="partnerships_commitment_cancelled_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(realised_value__gte=0)
                & (Q(realised_value__lte=F("value")) | Q(over_value_confirmed=True)),
                name="partnerships_commitment_realised_within_value",
            ),
            # One commitment per pair per signing day: a second row is a duplicate entry.
            models.UniqueConstraint(
                fields=["firm", "umkm", "statement_signed_on"],
                name="partnerships_commitment_once_per_pair_and_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.firm} / {self.umkm} ({self.statement_signed_on:%d-%m-%Y})"

    @property
    def is_contract(self) -> bool:
        return self.stage in CONTRACT_STAGES

    @property
    def realised_percent(self):
        """Realised share of the value as a Decimal with two places, rounded down (may exceed
        100): one rupiah short of the value reads 99.99%, never 100.00%."""
        return realised_percent(self.realised_value, self.value)


class RealisationEvent(models.TextChoices):
    DELIVERED = "delivered", _("delivered")
    PAID = "paid", _("paid")
    DELAYED = "delayed", _("delayed")
    QUALITY_ISSUE = "quality_issue", _("quality issue")


class ReportState(models.TextChoices):
    PENDING = "pending", _("awaiting confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")


class RealisationReportQuerySet(models.QuerySet):
    def counted(self):
        return self.filter(state=ReportState.CONFIRMED)


class RealisationReport(models.Model):
    """What one party says was realised in one period; it counts once an official confirms."""

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="realisation_reports",
        verbose_name=_("commitment"),
    )
    side = models.CharField(_("reported by the"), max_length=5, choices=PartySide.choices)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    value = models.BigIntegerField(_("value realised (Rp)"))
    event = models.CharField(_("what happened"), max_length=15, choices=RealisationEvent.choices)
    notes = models.TextField(_("notes"), blank=True)
    evidence = models.FileField(
        _("evidence"),
        upload_to=commitment_document_path,
        blank=True,
        max_length=200,
        help_text=_("A PDF, JPEG or PNG: a delivery note, an invoice, a receipt."),
    )
    over_value_confirmed = models.BooleanField(
        _("confirmed above the committed value"),
        default=False,
        help_text=_("The reporter confirmed that the total realised exceeds the value."),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejecting"), blank=True)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)

    objects = RealisationReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_end", "-pk"]
        verbose_name = _("realisation report")
        verbose_name_plural = _("realisation reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0) & Q(value__lte=MAX_COMMITMENT_VALUE),
                name="partnerships_realisationreport_value_in_range",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="partnerships_realisationreport_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(side__in=PartySide.values),
                name="partnerships_realisationreport_side_valid",
            ),
            models.CheckConstraint(
                condition=Q(event__in=RealisationEvent.values),
                name="partnerships_realisationreport_event_valid",
            ),
            models.CheckConstraint(
                condition=(Q(state=ReportState.PENDING) & Q(reviewed_at__isnull=True))
                | (~Q(state=ReportState.PENDING) & Q(reviewed_at__isnull=False)),
                name="partnerships_realisationreport_reviewed_iff_decided",
            ),
            models.CheckConstraint(
                condition=~Q(state=ReportState.REJECTED) | ~Q(rejection_reason=""),
                name="partnerships_realisationreport_rejected_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment} · {self.period_start:%d-%m-%Y} to {self.period_end:%d-%m-%Y}"


class CommitmentFollowUp(models.Model):
    """A question to one side, 1, 3 and 6 months after signing: how is the partnership going?"""

    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("commitment"),
    )
    side = models.CharField(_("asked of the"), max_length=5, choices=PartySide.choices)
    months = models.PositiveSmallIntegerField(_("months after signing"))
    due_on = models.DateField(_("due on"))
    asked_at = models.DateTimeField(_("e-mail sent at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "side", "months"],
                name="partnerships_commitmentfollowup_once_per_side_and_month",
            ),
            models.CheckConstraint(
                condition=Q(months__in=FOLLOW_UP_MONTHS),
                name="partnerships_commitmentfollowup_months_valid",
            ),
            models.CheckConstraint(
                condition=Q(side__in=PartySide.values),
                name="partnerships_commitmentfollowup_side_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment} · {self.months} · {self.side}"


class PartnershipRating(models.Model):
    """One side's view of the partnership; updated at each follow-up, its history kept."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("commitment")
    )
    side = models.CharField(_("rated by the"), max_length=5, choices=PartySide.choices)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rated by"),
    )
    quality = models.PositiveSmallIntegerField(_("quality"))
    on_time = models.PositiveSmallIntegerField(_("on-time delivery"))
    fair_price = models.PositiveSmallIntegerField(_("fair price"))
    would_continue = models.BooleanField(_("would continue the partnership"))
    comment = models.TextField(_("comment"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["commitment", "side"]
        verbose_name = _("partnership rating")
        verbose_name_plural = _("partnership ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "side"], name="partnerships_partnershiprating_once_per_side"
            ),
            models.CheckConstraint(
                condition=Q(side__in=PartySide.values),
                name="partnerships_partnershiprating_side_valid",
            ),
            models.CheckConstraint(
                condition=Q(quality__gte=1, quality__lte=5)
                & Q(on_time__gte=1, on_time__lte=5)
                & Q(fair_price__gte=1, fair_price__lte=5),
                name="partnerships_partnershiprating_scores_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment} · {self.side}"


_SIZE_ORDER = [BusinessSize.MICRO, BusinessSize.SMALL, BusinessSize.MEDIUM, BusinessSize.LARGE]
_UPWARD_MOVES = Q()
for _lower_index, _lower in enumerate(_SIZE_ORDER):
    _UPWARD_MOVES |= Q(from_class=_lower, to_class__in=_SIZE_ORDER[_lower_index + 1 :])


class SizeClassChange(models.Model):
    """Naik kelas: an UMKM moved into a higher size class after signing a commitment."""

    umkm = models.ForeignKey(
        Umkm, on_delete=models.CASCADE, related_name="size_class_changes", verbose_name=_("UMKM")
    )
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="size_class_changes",
        verbose_name=_("after the commitment"),
        help_text=_("The UMKM's earliest commitment signed before the change."),
    )
    from_class = models.CharField(_("from"), max_length=10, choices=BusinessSize.choices)
    to_class = models.CharField(_("to"), max_length=10, choices=BusinessSize.choices)
    criterion = models.CharField(_("decided by"), max_length=15, choices=SizeCriterion.choices)
    changed_on = models.DateField(_("changed on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-changed_on", "-pk"]
        verbose_name = _("move up a size class")
        verbose_name_plural = _("moves up a size class (naik kelas)")
        constraints = [
            models.CheckConstraint(condition=_UPWARD_MOVES, name="partnerships_sizeclass_moves_up"),
        ]

    def __str__(self) -> str:
        return f"{self.umkm}: {self.from_class} → {self.to_class}"
