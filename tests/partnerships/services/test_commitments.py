"""Recording commitments and their stages: what officials may record, every allowed and refused
step of the state machine, the six follow-ups, corrections, the history, and the database's
own refusals of rows that break the rules."""

import datetime
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from partnerships.models import (
    MAX_COMMITMENT_VALUE,
    Commitment,
    CommitmentFollowUp,
    CommitmentStage,
    PartySide,
    VerificationState,
)
from partnerships.officials import OfficialRole
from partnerships.services.commitments import (
    CommitmentError,
    add_months,
    commitment_cancel,
    commitment_detail,
    commitment_mark_realised,
    commitment_record,
    commitment_sign_agreement,
    commitment_start,
    commitment_update,
    commitments_for_party,
)
from tests.partnerships.factories import make_firm, make_official, make_umkm, regency
from tests.partnerships.factories_commitment_records import (
    image_bytes,
    pdf_upload,
    record,
    record_fields,
    verified_parties,
)
from tests.partnerships.factories_commitments import make_commitment, make_report
from tests.partnerships.factories_queue import make_match

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def refused(call, **kwargs) -> CommitmentError:
    with translation.override("en"), pytest.raises(CommitmentError) as error:
        call(**kwargs)
    return error.value


# --- calendar months --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2021, 1, 18), 1, datetime.date(2021, 2, 18)),
        (datetime.date(2021, 1, 31), 1, datetime.date(2021, 2, 28)),
        (datetime.date(2024, 1, 31), 1, datetime.date(2024, 2, 29)),
        (datetime.date(2021, 1, 31), 3, datetime.date(2021, 4, 30)),
        (datetime.date(2021, 8, 31), 6, datetime.date(2022, 2, 28)),
        (datetime.date(2021, 11, 15), 3, datetime.date(2022, 2, 15)),
        (datetime.date(2021, 12, 31), 1, datetime.date(2022, 1, 31)),
    ],
)
def test_months_are_calendar_months_ending_at_the_months_end(day, months, expected):
    assert add_months(day, months) == expected


# --- recording --------------------------------------------------------------------------------


def test_recording_makes_a_pre_contract_commitment_with_six_follow_ups(official):
    signed_on = datetime.date(2021, 1, 31)
    commitment = record(official, statement_signed_on=signed_on)
    commitment.refresh_from_db()
    assert commitment.stage == CommitmentStage.STATEMENT
    assert not commitment.is_contract
    assert commitment.recorded_by == official
    assert commitment.value == 250_000_000
    due = sorted(commitment.follow_ups.values_list("side", "months", "due_on"))
    assert due == [
        (PartySide.FIRM, 1, datetime.date(2021, 2, 28)),
        (PartySide.FIRM, 3, datetime.date(2021, 4, 30)),
        (PartySide.FIRM, 6, datetime.date(2021, 7, 31)),
        (PartySide.UMKM, 1, datetime.date(2021, 2, 28)),
        (PartySide.UMKM, 3, datetime.date(2021, 4, 30)),
        (PartySide.UMKM, 6, datetime.date(2021, 7, 31)),
    ]
    assert not commitment.follow_ups.filter(asked_at__isnull=False).exists()


def test_the_history_records_the_official_who_recorded_it(official):
    commitment = record(official)
    created = commitment.history.get()
    assert created.history_type == "+"
    assert created.history_user == official


def test_it_keeps_the_values_exact_at_tens_of_trillions(official):
    commitment = record(official, value=37_123_456_789_012)
    commitment.refresh_from_db()
    assert commitment.value == 37_123_456_789_012
    assert record(official, value=MAX_COMMITMENT_VALUE).value == MAX_COMMITMENT_VALUE


def test_it_stores_the_signed_statement_under_a_private_random_name(official):
    commitment = record(official, statement_document=pdf_upload(name="Komitmen PT Maju.pdf"))
    name = commitment.statement_document.name
    assert name.startswith("private/commitments/")
    assert "Maju" not in name
    with commitment.statement_document.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"


@pytest.mark.parametrize(
    "state", [VerificationState.SUBMITTED, VerificationState.VERIFIED, VerificationState.REJECTED]
)
def test_officials_record_what_was_signed_whatever_the_verification_of_the_parties(official, state):
    commitment = record(official, firm=make_firm(state=state), umkm=make_umkm(state=state))
    assert commitment.pk is not None


def test_a_session_alone_says_where_it_was_signed(official):
    from tests.partnerships.factories_sessions import session_factory

    session = session_factory()
    assert record(official, session=session, signing_event="").session == session


def test_the_match_of_the_pair_may_be_recorded(official):
    firm, umkm = verified_parties()
    match = make_match(umkm, firm)
    assert record(official, firm=firm, umkm=umkm, match=match).match == match


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"value": 0}, "value", "more than Rp0"),
        ({"value": -5_000_000}, "value", "more than Rp0"),
        ({"value": MAX_COMMITMENT_VALUE + 1}, "value", "check the number of zeros"),
        (
            {"period_start": datetime.date(2021, 6, 1), "period_end": datetime.date(2021, 5, 31)},
            "period_end",
            "ends (31 May 2021) before it starts (1 June 2021)",
        ),
        ({"statement_signed_on": "tomorrow"}, "statement_signed_on", "in the future"),
        ({"signing_event": "  "}, "signing_event", "Say where it was signed"),
        ({"scope": " "}, "scope", "required"),
        ({"firm_signatory": ""}, "firm_signatory", "required"),
        ({"pattern": "barter"}, "pattern", "PP 7/2021"),
        ({"value": None}, "value", "required"),
    ],
)
def test_recording_refuses_bad_fields_beside_the_field(official, overrides, field, words):
    if overrides.get("statement_signed_on") == "tomorrow":
        overrides["statement_signed_on"] = TODAY() + timedelta(days=1)
        overrides["period_start"] = TODAY()
    firm, umkm = verified_parties()
    error = refused(
        commitment_record, official=official, **record_fields(firm=firm, umkm=umkm, **overrides)
    )
    assert error.field == field
    assert words in error.message
    assert not Commitment.objects.exists()
    assert not CommitmentFollowUp.objects.exists()


@pytest.mark.parametrize("draft", ["firm", "umkm"])
def test_recording_refuses_a_draft_party(official, draft):
    firm, umkm = verified_parties()
    parties = {"firm": firm, "umkm": umkm}
    parties[draft] = make_firm() if draft == "firm" else make_umkm()
    error = refused(commitment_record, official=official, **record_fields(**parties))
    assert error.field == draft
    assert "draft" in error.message
    assert not Commitment.objects.exists()


def test_recording_refuses_the_same_pair_twice_on_one_day(official):
    first = record(official)
    error = refused(
        commitment_record,
        official=official,
        **record_fields(firm=first.firm, umkm=first.umkm, value=1_000_000),
    )
    assert error.field == "statement_signed_on"
    assert "recorded already" in error.message
    assert Commitment.objects.count() == 1
    # Another day is another commitment.
    later = record(
        official,
        firm=first.firm,
        umkm=first.umkm,
        statement_signed_on=first.statement_signed_on + timedelta(days=1),
    )
    assert later.pk != first.pk


def test_recording_refuses_a_match_of_other_parties(official):
    other_firm, other_umkm = verified_parties()
    error = refused(
        commitment_record,
        official=official,
        **record_fields(
            firm=make_firm(state=VerificationState.VERIFIED),
            umkm=make_umkm(state=VerificationState.VERIFIED),
            match=make_match(other_umkm, other_firm),
        ),
    )
    assert error.field == "match"


def test_recording_refuses_a_statement_that_is_not_a_pdf(official):
    firm, umkm = verified_parties()
    error = refused(
        commitment_record,
        official=official,
        **record_fields(
            firm=firm,
            umkm=umkm,
            statement_document=pdf_upload(image_bytes("PNG"), name="scan.pdf"),
        ),
    )
    assert error.field == "statement_document"
    assert error.message.startswith("The file is not a PDF")
    assert not Commitment.objects.exists()


def test_only_officials_who_may_add_commitments_record_them(
    official, umkm_owner, firm_representative
):
    firm, umkm = verified_parties()
    for person in (umkm_owner, firm_representative, make_official(OfficialRole.AUDITOR)):
        refused(commitment_record, official=person, **record_fields(firm=firm, umkm=umkm))
    assert not Commitment.objects.exists()


def test_a_regional_official_records_commitments_of_their_provinces_only(db):
    west_java = make_official(OfficialRole.REGIONAL, provinces=["32"])
    firm, umkm = verified_parties(umkm_regency="3273")  # Bandung, Jawa Barat
    assert commitment_record(official=west_java, **record_fields(firm=firm, umkm=umkm))
    # A firm operating in Bandung brings a Semarang UMKM's commitment into scope too.
    semarang = make_umkm(state=VerificationState.VERIFIED, regency=regency("3374"))
    operating_here = make_firm(state=VerificationState.VERIFIED, locations=["3273"])
    assert commitment_record(
        official=west_java, **record_fields(firm=operating_here, umkm=semarang)
    )
    error = refused(
        commitment_record,
        official=west_java,
        **record_fields(firm=make_firm(state=VerificationState.VERIFIED), umkm=semarang),
    )
    assert "is in your provinces" in error.message
    assert Commitment.objects.count() == 2


# --- the state machine ------------------------------------------------------------------------

STEPS = {
    "sign_agreement": lambda official, commitment: commitment_sign_agreement(
        official=official, commitment=commitment, signed_on=commitment.statement_signed_on
    ),
    "start": lambda official, commitment: commitment_start(
        official=official, commitment=commitment
    ),
    "mark_realised": lambda official, commitment: commitment_mark_realised(
        official=official, commitment=commitment
    ),
    "cancel": lambda official, commitment: commitment_cancel(
        official=official, commitment=commitment, reason="Mitra tutup.", cancelled_on=TODAY()
    ),
}
ALLOWED = {
    (CommitmentStage.STATEMENT, "sign_agreement"): CommitmentStage.AGREEMENT,
    (CommitmentStage.STATEMENT, "cancel"): CommitmentStage.CANCELLED,
    (CommitmentStage.AGREEMENT, "start"): CommitmentStage.IN_PROGRESS,
    (CommitmentStage.AGREEMENT, "cancel"): CommitmentStage.CANCELLED,
    (CommitmentStage.IN_PROGRESS, "mark_realised"): CommitmentStage.REALISED,
    (CommitmentStage.IN_PROGRESS, "cancel"): CommitmentStage.CANCELLED,
}


@pytest.mark.parametrize("step", list(STEPS))
@pytest.mark.parametrize("stage", CommitmentStage.values)
def test_every_step_from_every_stage_is_allowed_or_refused_naming_the_stage(official, stage, step):
    commitment = make_commitment(stage=stage)
    before = Commitment.objects.values().get(pk=commitment.pk)
    expected = ALLOWED.get((stage, step))
    if expected is None:
        with translation.override("en"), pytest.raises(CommitmentError) as error:
            STEPS[step](official, commitment)
        with translation.override("en"):
            label = str(CommitmentStage(stage).label)
        assert f"the commitment's stage is “{label}”" in error.value.message
        assert Commitment.objects.values().get(pk=commitment.pk) == before
        return
    changed = STEPS[step](official, commitment)
    assert changed.stage == expected
    stored = Commitment.objects.get(pk=commitment.pk)
    assert stored.stage == expected
    assert stored.updated_at > before["updated_at"]
    assert stored.history.first().history_user == official


def test_signing_the_agreement_keeps_its_date_and_document(official):
    commitment = make_commitment(statement_signed_on=TODAY() - timedelta(days=40))
    signed = commitment_sign_agreement(
        official=official,
        commitment=commitment,
        signed_on=TODAY() - timedelta(days=10),
        document=pdf_upload(name="kesepakatan.pdf"),
    )
    signed.refresh_from_db()
    assert signed.is_contract
    assert signed.agreement_signed_on == TODAY() - timedelta(days=10)
    assert signed.agreement_document.name.startswith("private/commitments/")


def test_the_agreement_is_not_signed_before_the_statement_nor_in_the_future(official):
    commitment = make_commitment(statement_signed_on=datetime.date(2021, 1, 18))
    for day, words in (
        (datetime.date(2021, 1, 17), "before the statement of commitment (18 January 2021)"),
        (TODAY() + timedelta(days=1), "in the future"),
    ):
        error = refused(
            commitment_sign_agreement, official=official, commitment=commitment, signed_on=day
        )
        assert error.field == "signed_on"
        assert words in error.message
    assert Commitment.objects.get(pk=commitment.pk).stage == CommitmentStage.STATEMENT


def test_the_agreement_document_must_be_a_pdf(official):
    commitment = make_commitment()
    error = refused(
        commitment_sign_agreement,
        official=official,
        commitment=commitment,
        signed_on=TODAY(),
        document=pdf_upload(b"not a pdf at all", name="kesepakatan.pdf"),
    )
    assert error.field == "document"
    assert Commitment.objects.get(pk=commitment.pk).stage == CommitmentStage.STATEMENT


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_cancelling_needs_a_reason(official, reason):
    commitment = make_commitment()
    error = refused(
        commitment_cancel,
        official=official,
        commitment=commitment,
        reason=reason,
        cancelled_on=TODAY(),
    )
    assert error.field == "reason"
    assert Commitment.objects.get(pk=commitment.pk).stage == CommitmentStage.STATEMENT


def test_cancelling_keeps_the_reason_and_date_and_refuses_a_date_before_signing(official):
    commitment = make_commitment(statement_signed_on=datetime.date(2021, 1, 18))
    error = refused(
        commitment_cancel,
        official=official,
        commitment=commitment,
        reason="Pabrik tutup.",
        cancelled_on=datetime.date(2021, 1, 1),
    )
    assert error.field == "cancelled_on"
    cancelled = commitment_cancel(
        official=official,
        commitment=commitment,
        reason="  Pabrik mitra berhenti berproduksi. ",
        cancelled_on=datetime.date(2021, 3, 1),
    )
    cancelled.refresh_from_db()
    assert cancelled.cancellation_reason == "Pabrik mitra berhenti berproduksi."
    assert cancelled.cancelled_on == datetime.date(2021, 3, 1)


def test_an_auditor_moves_no_stage(official):
    commitment = make_commitment()
    auditor = make_official(OfficialRole.AUDITOR)
    refused(commitment_start, official=auditor, commitment=make_commitment(stage="agreement"))
    refused(
        commitment_cancel,
        official=auditor,
        commitment=commitment,
        reason="x",
        cancelled_on=TODAY(),
    )


def test_a_regional_official_out_of_scope_moves_no_stage(db):
    semarang = make_official(OfficialRole.REGIONAL, provinces=["33"])
    commitment = make_commitment(stage=CommitmentStage.AGREEMENT)  # Bandung
    error = refused(commitment_start, official=semarang, commitment=commitment)
    assert "is in your provinces" in error.message


# --- corrections ------------------------------------------------------------------------------


def test_an_official_corrects_a_commitment_and_the_history_says_what_changed(official):
    commitment = record(official)
    corrector = make_official(OfficialRole.CENTRAL)
    updated = commitment_update(
        official=corrector,
        commitment=commitment,
        value=300_000_000,
        scope="Pasokan keripik tempe 2.500 bungkus per bulan.",
    )
    assert (updated.value, updated.stage) == (300_000_000, CommitmentStage.STATEMENT)
    latest, previous = commitment.history.all()[:2]
    assert latest.history_user == corrector
    changed = {change.field for change in latest.diff_against(previous).changes}
    assert changed == {"value", "scope", "updated_at"}


def test_a_new_statement_date_moves_the_follow_ups_not_asked_yet(official):
    commitment = record(official, statement_signed_on=datetime.date(2021, 1, 18))
    asked = commitment.follow_ups.get(side=PartySide.UMKM, months=1)
    asked.asked_at = timezone.now()
    asked.save()
    commitment_update(
        official=official,
        commitment=commitment,
        statement_signed_on=datetime.date(2021, 1, 31),
        period_start=datetime.date(2021, 1, 31),
    )
    due = dict(commitment.follow_ups.filter(side=PartySide.FIRM).values_list("months", "due_on"))
    assert due == {
        1: datetime.date(2021, 2, 28),
        3: datetime.date(2021, 4, 30),
        6: datetime.date(2021, 7, 31),
    }
    asked.refresh_from_db()
    assert asked.due_on == datetime.date(2021, 2, 18)


def test_an_unchanged_correction_writes_nothing(official):
    commitment = record(official)
    commitment_update(official=official, commitment=commitment, value=commitment.value)
    assert commitment.history.count() == 1


@pytest.mark.parametrize("stage", [CommitmentStage.REALISED, CommitmentStage.CANCELLED])
def test_a_closed_commitment_is_not_corrected(official, stage):
    commitment = make_commitment(stage=stage)
    error = refused(commitment_update, official=official, commitment=commitment, value=5)
    assert "is not possible" in error.message


def test_the_value_is_not_corrected_below_the_confirmed_realisation(official):
    commitment = make_commitment(
        stage=CommitmentStage.IN_PROGRESS, value=100_000_000, realised_value=80_000_000
    )
    error = refused(commitment_update, official=official, commitment=commitment, value=79_999_999)
    assert error.field == "value"
    assert "Rp80.000.000" in error.message
    assert commitment_update(official=official, commitment=commitment, value=80_000_000)


def test_the_statement_date_is_not_moved_after_the_agreement(official):
    commitment = make_commitment(stage=CommitmentStage.AGREEMENT)
    error = refused(
        commitment_update,
        official=official,
        commitment=commitment,
        statement_signed_on=commitment.agreement_signed_on + timedelta(days=1),
    )
    assert error.field == "statement_signed_on"


def test_a_signed_document_is_replaced_never_removed(official):
    commitment = record(official, statement_document=pdf_upload())
    name = commitment.statement_document.name
    commitment_update(official=official, commitment=commitment, statement_document=None)
    commitment.refresh_from_db()
    assert commitment.statement_document.name == name
    commitment_update(
        official=official, commitment=commitment, statement_document=pdf_upload(name="v2.pdf")
    )
    commitment.refresh_from_db()
    assert commitment.statement_document.name not in ("", name)


def test_the_agreement_document_waits_for_the_agreement(official):
    commitment = record(official)
    error = refused(
        commitment_update,
        official=official,
        commitment=commitment,
        agreement_document=pdf_upload(),
    )
    assert error.field == "agreement_document"


# --- the database's own rules -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "constraint"),
    [
        ({"value": 0}, "value_in_range"),
        # (Confirmed above the value, so only the range is broken.)
        ({"value": -1, "over_value_confirmed": True}, "value_in_range"),
        ({"value": MAX_COMMITMENT_VALUE + 1}, "value_in_range"),
        (
            {"period_start": datetime.date(2021, 6, 1), "period_end": datetime.date(2021, 5, 1)},
            "period_ends_after_start",
        ),
        (
            {
                "stage": CommitmentStage.CANCELLED,
                "cancellation_reason": "",
            },
            "cancelled_with_reason",
        ),
        (
            {
                "stage": CommitmentStage.AGREEMENT,
                "statement_signed_on": datetime.date(2021, 1, 18),
                "agreement_signed_on": datetime.date(2021, 1, 17),
            },
            "agreement_after_statement",
        ),
        (
            {"stage": CommitmentStage.AGREEMENT, "agreement_signed_on": None},
            "contract_has_agreement",
        ),
        ({"value": 100, "realised_value": 101}, "realised_within_value"),
        ({"signing_event": ""}, "has_session_or_event"),
    ],
)
def test_the_database_refuses_rows_that_break_the_rules(db, overrides, constraint):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        make_commitment(**overrides)
    assert f"partnerships_commitment_{constraint}" in str(error.value)


def test_the_database_accepts_a_confirmed_realisation_above_the_value(db):
    commitment = make_commitment(value=100, realised_value=150, over_value_confirmed=True)
    assert commitment.pk


# --- selectors ----------------------------------------------------------------------------------


def test_a_partys_commitments_are_its_own_newest_first_with_their_parties_loaded(
    official, django_assert_num_queries
):
    firm, umkm = verified_parties()
    newest = make_commitment(firm=firm, umkm=umkm, statement_signed_on=TODAY() - timedelta(days=5))
    oldest = make_commitment(firm=firm, umkm=umkm, statement_signed_on=TODAY() - timedelta(days=50))
    cancelled = make_commitment(umkm=umkm, stage=CommitmentStage.CANCELLED)  # 30 days ago
    with_another_umkm = make_commitment(firm=firm)  # 30 days ago
    make_commitment()
    with django_assert_num_queries(1):
        listed = list(commitments_for_party(umkm))
        places = {(c.firm.name, c.umkm.province.name, c.umkm.regency.name) for c in listed}
    assert listed == [newest, cancelled, oldest]
    assert places
    assert list(commitments_for_party(firm)) == [newest, with_another_umkm, oldest]


def test_a_commitments_detail_loads_its_reports_ratings_and_follow_ups(
    official, django_assert_num_queries
):
    commitment = record(official)
    make_report(commitment)
    make_report(commitment, side=PartySide.FIRM)
    with django_assert_num_queries(4):
        detail = commitment_detail(commitment.pk)
        assert len(detail.realisation_reports.all()) == 2
        assert [r.reported_by for r in detail.realisation_reports.all()] == [None, None]
        assert len(detail.follow_ups.all()) == 6
        assert list(detail.ratings.all()) == []
        assert detail.umkm.province.name
        assert detail.firm.name
    with pytest.raises(Commitment.DoesNotExist):
        commitment_detail(commitment.pk + 1000)
