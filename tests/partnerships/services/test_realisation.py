"""Realisation of a commitment: the parties report, officials confirm or reject, the sums and
percentages stay exact to the rupiah, both sides rate the partnership, and each side is asked
how it goes 1, 3 and 6 months after signing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from partnerships.models import (
    MAX_COMMITMENT_VALUE,
    CommitmentFollowUp,
    CommitmentStage,
    PartnershipRating,
    PartySide,
    RealisationEvent,
    RealisationReport,
    ReportState,
    VerificationState,
)
from partnerships.officials import OfficialRole
from partnerships.services.realisation import (
    RealisationError,
    follow_ups_ask,
    follow_ups_due_for,
    partnership_rate,
    realisation_report_confirm,
    realisation_report_reject,
    realisation_report_submit,
    realised_percent,
)
from tests.partnerships.factories import (
    make_firm,
    make_official,
    make_owner,
    make_representative,
    make_umkm,
)
from tests.partnerships.factories_commitments import make_commitment, make_report
from tests.partnerships.factories_realisation import commitment_of, make_follow_ups

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def percent(commitment) -> Decimal:
    return realised_percent(commitment.realised_value, commitment.value)


def report(user, commitment, *, side=PartySide.UMKM, value=20_000_000, **fields):
    today = TODAY()
    arguments = {
        "period_start": today - timedelta(days=30),
        "period_end": today - timedelta(days=1),
        "event": RealisationEvent.DELIVERED,
        **fields,
    }
    return realisation_report_submit(
        user=user, commitment=commitment, side=side, value=value, **arguments
    )


def confirmed(commitment, value, official, **fields):
    return realisation_report_confirm(
        official=official, report=make_report(commitment, value=value, **fields)
    )


# --- who reports, and when ----------------------------------------------------------------


def test_the_umkm_owner_reports_for_the_umkm_side_and_it_waits_for_an_official(umkm_owner):
    commitment = commitment_of(umkm_owner)

    created = report(umkm_owner, commitment, value=25_000_000, notes="  2.000 bungkus.  ")

    assert created.state == ReportState.PENDING
    assert created.side == PartySide.UMKM
    assert created.reported_by == umkm_owner
    assert created.notes == "2.000 bungkus."
    commitment.refresh_from_db()
    assert commitment.realised_value == 0


def test_a_firm_representative_reports_for_the_firm_side(firm_representative):
    commitment = commitment_of(representative=firm_representative)

    created = report(firm_representative, commitment, side=PartySide.FIRM, event="paid")

    assert created.side == PartySide.FIRM
    assert created.event == RealisationEvent.PAID


@pytest.mark.parametrize(
    ("who", "side"),
    [
        ("umkm_owner", PartySide.FIRM),
        ("firm_representative", PartySide.UMKM),
        ("outsider", PartySide.UMKM),
        ("official", PartySide.FIRM),
        ("other_owner", PartySide.UMKM),
    ],
)
def test_nobody_reports_for_a_side_they_do_not_act_for(
    who, side, request, umkm_owner, firm_representative
):
    commitment = commitment_of(umkm_owner, firm_representative)
    user = make_owner() if who == "other_owner" else request.getfixturevalue(who)

    with pytest.raises(RealisationError):
        report(user, commitment, side=side)
    assert not RealisationReport.objects.exists()


def test_a_representative_of_another_firm_cannot_report_for_the_firm(firm_representative):
    commitment = make_commitment()
    make_representative(make_firm(state=VerificationState.VERIFIED), user=firm_representative)

    with pytest.raises(RealisationError):
        report(firm_representative, commitment, side=PartySide.FIRM)


def test_a_cancelled_commitment_takes_no_reports(umkm_owner):
    commitment = commitment_of(umkm_owner, stage=CommitmentStage.CANCELLED)

    with translation.override("en"), pytest.raises(RealisationError, match="cancelled"):
        report(umkm_owner, commitment)


@pytest.mark.parametrize(
    "stage",
    [
        CommitmentStage.STATEMENT,
        CommitmentStage.AGREEMENT,
        CommitmentStage.IN_PROGRESS,
        CommitmentStage.REALISED,
    ],
)
def test_every_stage_but_cancelled_takes_reports(stage, umkm_owner):
    # BKPM counts the realisation of pre-contract commitments too.
    commitment = commitment_of(umkm_owner, stage=stage)
    assert report(umkm_owner, commitment).pk


def test_a_period_that_ends_before_it_starts_is_refused(umkm_owner):
    commitment = commitment_of(umkm_owner)
    today = TODAY()

    with pytest.raises(RealisationError) as refused:
        report(umkm_owner, commitment, period_start=today, period_end=today - timedelta(days=1))
    assert refused.value.field == "period_end"


def test_a_period_that_has_not_started_or_ended_before_the_signing_is_refused(umkm_owner):
    commitment = commitment_of(umkm_owner)
    today = TODAY()
    signed = commitment.statement_signed_on

    with pytest.raises(RealisationError) as future:
        report(umkm_owner, commitment, period_start=today + timedelta(days=1), period_end=today)
    assert future.value.field in ("period_start", "period_end")
    with pytest.raises(RealisationError) as before:
        report(
            umkm_owner,
            commitment,
            period_start=signed - timedelta(days=60),
            period_end=signed - timedelta(days=1),
        )
    assert before.value.field == "period_end"


@pytest.mark.parametrize("value", [-1, MAX_COMMITMENT_VALUE + 1, 1.5, True])
def test_a_negative_absurd_or_fractional_value_is_refused(value, umkm_owner):
    commitment = commitment_of(umkm_owner)

    with pytest.raises(RealisationError) as refused:
        report(umkm_owner, commitment, value=value)
    assert refused.value.field == "value"


def test_an_unknown_event_is_refused(umkm_owner):
    with pytest.raises(RealisationError):
        report(umkm_owner, commitment_of(umkm_owner), event="stolen")


def test_a_report_of_nothing_realised_is_taken(umkm_owner):
    # "Delayed, nothing delivered this month" is a report too.
    created = report(umkm_owner, commitment_of(umkm_owner), value=0, event="delayed")
    assert created.value == 0


def test_evidence_is_checked_by_its_content(umkm_owner):
    commitment = commitment_of(umkm_owner)
    fake = SimpleUploadedFile("nota.pdf", b"not a pdf at all", content_type="application/pdf")

    with pytest.raises(RealisationError) as refused:
        report(umkm_owner, commitment, evidence=fake)
    assert refused.value.field == "evidence"

    pdf = SimpleUploadedFile("nota.pdf", b"%PDF-1.4\n1 0 obj\n%%EOF\n")
    created = report(umkm_owner, commitment, evidence=pdf)
    assert created.evidence.name.startswith("private/commitments/")
    assert created.evidence.name.endswith(".pdf")


# --- the rule on the value ----------------------------------------------------------------


def test_a_realisation_above_the_value_needs_an_explicit_confirmation(umkm_owner, official):
    commitment = commitment_of(umkm_owner, value=100_000_000)
    confirmed(commitment, 60_000_000, official)
    make_report(commitment, value=30_000_000)  # this side's, awaiting confirmation

    with translation.override("en"), pytest.raises(RealisationError) as refused:
        report(umkm_owner, commitment, value=20_000_000)

    assert refused.value.code == "over_value"
    assert refused.value.field == "value"
    assert "Rp110,000,000" in refused.value.message
    assert "Rp100,000,000" in refused.value.message
    assert RealisationReport.objects.count() == 2

    created = report(umkm_owner, commitment, value=20_000_000, over_value_confirmed=True)
    assert created.over_value_confirmed


def test_up_to_the_value_needs_no_confirmation(umkm_owner, official):
    commitment = commitment_of(umkm_owner, value=100_000_000)
    confirmed(commitment, 60_000_000, official)
    assert report(umkm_owner, commitment, value=40_000_000).pk


def test_the_other_sides_pending_reports_are_not_added(firm_representative):
    # Both sides report the same deliveries from their ends: adding both would double them.
    commitment = commitment_of(representative=firm_representative, value=100_000_000)
    make_report(commitment, side=PartySide.UMKM, value=90_000_000)

    created = report(firm_representative, commitment, side=PartySide.FIRM, value=90_000_000)

    assert not created.over_value_confirmed


def test_rejected_reports_are_not_added_on_submitting(umkm_owner, official):
    commitment = commitment_of(umkm_owner, value=100_000_000)
    realisation_report_reject(
        official=official, report=make_report(commitment, value=90_000_000), reason="Ganda."
    )
    assert report(umkm_owner, commitment, value=100_000_000).pk


# --- deciding -----------------------------------------------------------------------------


def test_confirming_adds_the_value_exactly_to_the_realised_total(official):
    commitment = make_commitment(value=250_000_000)

    decided = confirmed(commitment, 20_000_000, official)

    assert decided.state == ReportState.CONFIRMED
    assert decided.reviewed_by == official
    assert decided.reviewed_at is not None
    commitment.refresh_from_db()
    assert commitment.realised_value == 20_000_000
    assert percent(commitment) == Decimal("8.00")


def test_sums_and_percentages_are_exact_to_the_rupiah_at_trillion_scale(official):
    value = 37_123_456_789_012
    commitment = make_commitment(value=value)
    parts = [12_345_678_901_234, 9_999_999_999_999, 7_777_777_777_777]
    parts.append(value - sum(parts) - 1)
    for part in parts:
        confirmed(commitment, part, official)

    commitment.refresh_from_db()
    assert commitment.realised_value == value - 1
    assert percent(commitment) == Decimal("99.99")

    confirmed(commitment, 1, official)
    commitment.refresh_from_db()
    assert commitment.realised_value == value
    assert percent(commitment) == Decimal("100.00")
    assert not commitment.over_value_confirmed


def test_pending_and_rejected_reports_do_not_count(official):
    commitment = make_commitment(value=100_000_000)
    confirmed(commitment, 10_000_000, official)
    make_report(commitment, value=20_000_000)
    realisation_report_reject(
        official=official, report=make_report(commitment, value=30_000_000), reason="Tidak sah."
    )

    commitment.refresh_from_db()
    assert commitment.realised_value == 10_000_000
    assert percent(commitment) == Decimal("10.00")


def test_confirming_above_the_value_needs_the_reporters_confirmation(official):
    commitment = make_commitment(value=100_000_000)
    confirmed(commitment, 90_000_000, official)
    unconfirmed = make_report(commitment, value=20_000_000)

    with translation.override("en"), pytest.raises(RealisationError) as refused:
        realisation_report_confirm(official=official, report=unconfirmed)
    assert "Rp110,000,000" in refused.value.message
    unconfirmed.refresh_from_db()
    assert unconfirmed.state == ReportState.PENDING

    confirmed(commitment, 20_000_000, official, over_value_confirmed=True)
    commitment.refresh_from_db()
    assert commitment.realised_value == 110_000_000
    assert commitment.over_value_confirmed
    assert percent(commitment) == Decimal("110.00")


def test_only_a_pending_report_can_be_decided(official):
    commitment = make_commitment()
    decided = confirmed(commitment, 1_000_000, official)

    with pytest.raises(RealisationError):
        realisation_report_confirm(official=official, report=decided)
    with pytest.raises(RealisationError):
        realisation_report_reject(official=official, report=decided, reason="Salah.")
    commitment.refresh_from_db()
    assert commitment.realised_value == 1_000_000


def test_rejecting_needs_a_reason_and_keeps_it(official):
    pending = make_report(make_commitment())

    with pytest.raises(RealisationError) as refused:
        realisation_report_reject(official=official, report=pending, reason="   ")
    assert refused.value.field == "reason"

    decided = realisation_report_reject(official=official, report=pending, reason=" Nota palsu. ")
    assert decided.state == ReportState.REJECTED
    assert decided.rejection_reason == "Nota palsu."
    assert decided.reviewed_by == official


@pytest.mark.parametrize("who", ["umkm_owner", "firm_representative", "outsider"])
def test_only_officials_decide(who, request):
    pending = make_report(make_commitment())
    with pytest.raises(RealisationError):
        realisation_report_confirm(official=request.getfixturevalue(who), report=pending)
    with pytest.raises(RealisationError):
        realisation_report_reject(official=request.getfixturevalue(who), report=pending, reason="x")


def test_an_auditor_cannot_decide():
    pending = make_report(make_commitment())
    with pytest.raises(RealisationError):
        realisation_report_confirm(official=make_official(OfficialRole.AUDITOR), report=pending)


def test_a_regional_official_decides_in_their_provinces_only():
    in_bandung = make_report(make_commitment())  # the UMKM is in Jawa Barat (32)
    elsewhere = make_official(OfficialRole.REGIONAL, provinces=("31",))
    with pytest.raises(RealisationError):
        realisation_report_confirm(official=elsewhere, report=in_bandung)

    here = make_official(OfficialRole.REGIONAL, provinces=("32",))
    assert realisation_report_confirm(official=here, report=in_bandung).state == "confirmed"


# --- ratings ------------------------------------------------------------------------------


def test_each_side_rates_once_and_can_change_its_rating(umkm_owner, firm_representative):
    commitment = commitment_of(umkm_owner, firm_representative)
    scores = {"quality": 4, "on_time": 3, "fair_price": 5, "would_continue": True}

    partnership_rate(user=umkm_owner, commitment=commitment, side="umkm", **scores)
    partnership_rate(
        user=firm_representative, commitment=commitment, side="firm", **scores, comment="Baik."
    )
    changed = partnership_rate(
        user=umkm_owner,
        commitment=commitment,
        side="umkm",
        **{**scores, "on_time": 1, "would_continue": False},
        comment=" Pembayaran terlambat. ",
    )

    assert PartnershipRating.objects.filter(commitment=commitment).count() == 2
    assert changed.on_time == 1
    assert changed.would_continue is False
    assert changed.comment == "Pembayaran terlambat."
    assert changed.rated_by == umkm_owner
    assert changed.history.count() == 2


@pytest.mark.parametrize(("field", "score"), [("quality", 0), ("on_time", 6), ("fair_price", None)])
def test_scores_outside_one_to_five_are_refused(field, score, umkm_owner):
    scores = {"quality": 3, "on_time": 3, "fair_price": 3, field: score}
    with pytest.raises(RealisationError) as refused:
        partnership_rate(
            user=umkm_owner,
            commitment=commitment_of(umkm_owner),
            side="umkm",
            would_continue=True,
            **scores,
        )
    assert refused.value.field == field


def test_rating_for_the_other_side_is_refused(umkm_owner):
    with pytest.raises(RealisationError):
        partnership_rate(
            user=umkm_owner,
            commitment=commitment_of(umkm_owner),
            side="firm",
            quality=3,
            on_time=3,
            fair_price=3,
            would_continue=True,
        )


# --- follow-ups ---------------------------------------------------------------------------


def signed_months_ago(months: int):
    return TODAY() - timedelta(days=31 * months + 2)


def test_a_report_answers_the_sides_due_follow_ups_only(umkm_owner):
    commitment = commitment_of(umkm_owner, statement_signed_on=signed_months_ago(3))
    make_follow_ups(commitment)

    report(umkm_owner, commitment)

    answered = set(
        CommitmentFollowUp.objects.filter(answered_at__isnull=False).values_list("side", "months")
    )
    assert answered == {("umkm", 1), ("umkm", 3)}


def test_a_rating_answers_the_sides_due_follow_ups(firm_representative):
    commitment = commitment_of(
        representative=firm_representative, statement_signed_on=signed_months_ago(1)
    )
    make_follow_ups(commitment)

    partnership_rate(
        user=firm_representative,
        commitment=commitment,
        side="firm",
        quality=5,
        on_time=5,
        fair_price=4,
        would_continue=True,
    )

    answered = set(
        CommitmentFollowUp.objects.filter(answered_at__isnull=False).values_list("side", "months")
    )
    assert answered == {("firm", 1)}


def test_the_dashboard_shows_the_latest_due_follow_up_of_each_commitment(umkm_owner):
    umkm = commitment_of(umkm_owner, statement_signed_on=signed_months_ago(4)).umkm
    older = umkm.commitments.get()
    make_follow_ups(older)
    newer = make_commitment(umkm=umkm, statement_signed_on=signed_months_ago(1))
    make_follow_ups(newer)
    answered = make_commitment(umkm=umkm, statement_signed_on=signed_months_ago(2))
    make_follow_ups(answered, answered_at=timezone.now())
    cancelled = make_commitment(
        umkm=umkm, statement_signed_on=signed_months_ago(2), stage=CommitmentStage.CANCELLED
    )
    make_follow_ups(cancelled)

    due = follow_ups_due_for(umkm)

    assert [(f.commitment, f.months, f.side) for f in due] == [
        (older, 3, "umkm"),
        (newer, 1, "umkm"),
    ]


def test_a_firm_sees_its_own_sides_follow_ups(firm_representative):
    commitment = commitment_of(
        representative=firm_representative, statement_signed_on=signed_months_ago(1)
    )
    make_follow_ups(commitment)

    [due] = follow_ups_due_for(commitment.firm)

    assert (due.side, due.months) == ("firm", 1)


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_follow_ups_are_emailed_once_to_the_owner_and_every_representative(firm_representative):
    commitment = commitment_of(
        make_owner("sri@umkm.test"),
        firm_representative,
        statement_signed_on=signed_months_ago(1),
    )
    colleague = make_representative(commitment.firm, email="colleague@firm.test")
    make_follow_ups(commitment)

    assert follow_ups_ask() == 2

    assert recipients() == sorted(
        ["sri@umkm.test", firm_representative.email, colleague.user.email]
    )
    body = mail.outbox[0].body
    assert f"/dashboard/commitments/{commitment.pk}/" in body
    assert commitment.firm.name in body or commitment.umkm.name in body
    asked = CommitmentFollowUp.objects.filter(asked_at__isnull=False)
    assert set(asked.values_list("side", "months")) == {("umkm", 1), ("firm", 1)}

    mail.outbox.clear()
    assert follow_ups_ask() == 0
    assert mail.outbox == []


def test_only_the_latest_due_follow_up_of_a_side_is_emailed():
    commitment = make_commitment(statement_signed_on=signed_months_ago(3))
    make_follow_ups(commitment)

    follow_ups_ask()

    asked = CommitmentFollowUp.objects.filter(asked_at__isnull=False)
    assert set(asked.values_list("side", "months")) == {("umkm", 3)}  # the firm has nobody


def test_follow_ups_due_long_ago_are_not_emailed_but_still_shown():
    commitment = make_commitment(statement_signed_on=signed_months_ago(8))
    make_follow_ups(commitment)

    assert follow_ups_ask() == 0
    assert mail.outbox == []
    [due] = follow_ups_due_for(commitment.umkm)
    assert due.months == 6


def test_a_follow_up_is_emailed_while_it_is_at_most_thirty_days_old():
    signed = TODAY() - timedelta(days=400)
    commitment = make_commitment(statement_signed_on=signed)
    make_follow_ups(commitment)
    six = CommitmentFollowUp.objects.get(side="umkm", months=6)
    for days_ago, expected in ((31, 0), (30, 1)):
        CommitmentFollowUp.objects.filter(pk=six.pk).update(
            due_on=TODAY() - timedelta(days=days_ago)
        )
        assert follow_ups_ask() == expected


def test_nobody_is_asked_about_cancelled_or_answered_commitments_or_before_the_due_date():
    make_follow_ups(
        make_commitment(statement_signed_on=signed_months_ago(1), stage=CommitmentStage.CANCELLED)
    )
    make_follow_ups(
        make_commitment(statement_signed_on=signed_months_ago(1)), answered_at=timezone.now()
    )
    make_follow_ups(make_commitment(statement_signed_on=TODAY() - timedelta(days=20)))

    assert follow_ups_ask() == 0
    assert mail.outbox == []


def test_an_umkm_whose_owner_has_not_claimed_it_is_asked_once_someone_is_there():
    umkm = make_umkm(state=VerificationState.VERIFIED, owner=None)
    commitment = make_commitment(umkm=umkm, statement_signed_on=signed_months_ago(1))
    make_follow_ups(commitment)

    assert follow_ups_ask() == 0

    umkm.owner = make_owner("claimed@umkm.test")
    umkm.save(update_fields=["owner"])
    assert follow_ups_ask() == 1
    assert recipients() == ["claimed@umkm.test"]
