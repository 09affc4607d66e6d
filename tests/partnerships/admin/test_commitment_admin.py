"""The officials' commitment admin: recording through the form with a signed PDF, errors beside
their fields with nothing saved, corrections and their history, the stage buttons, the
realisation reports' decisions, the lists to read, the regional scope, the query counts and
the commitments section of the admin home."""

import datetime
from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.contrib.messages.constants import ERROR
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation

from partnerships import documents
from partnerships.admin import commitments as commitment_admin
from partnerships.models import (
    Commitment,
    CommitmentFollowUp,
    CommitmentStage,
    PartnershipRating,
    PartySide,
    RealisationReport,
    ReportState,
    SizeClassChange,
)
from partnerships.officials import OfficialRole
from partnerships.programme_dashboard import programme_dashboard
from partnerships.services.commitments import CommitmentError
from tests.partnerships.factories import make_firm, make_official, make_umkm, regency
from tests.partnerships.factories_commitment_records import (
    MINIMAL_PDF,
    commitment_form_data,
    image_bytes,
    pdf_upload,
    record,
    verified_parties,
)
from tests.partnerships.factories_commitments import make_commitment, make_report

pytestmark = pytest.mark.django_db

ADD = reverse("admin:partnerships_commitment_add")
COMMITMENTS = reverse("admin:partnerships_commitment_changelist")
REPORTS = reverse("admin:partnerships_realisationreport_changelist")
FOLLOW_UPS = reverse("admin:partnerships_commitmentfollowup_changelist")
RATINGS = reverse("admin:partnerships_partnershiprating_changelist")
SIZE_CLASSES = reverse("admin:partnerships_sizeclasschange_changelist")
WEST_JAVA, CENTRAL_JAVA = "32", "33"
TODAY = timezone.localdate


def change_url(commitment: Commitment) -> str:
    return reverse("admin:partnerships_commitment_change", args=[commitment.pk])


def step_url(commitment: Commitment, step: str) -> str:
    return reverse("admin:partnerships_commitment_step", args=[commitment.pk, step])


def report_url(report: RealisationReport, page: str) -> str:
    return reverse(f"admin:partnerships_realisationreport_{page}", args=[report.pk])


def said(response) -> list[tuple[int, str]]:
    return [(message.level, message.message) for message in get_messages(response.wsgi_request)]


def codes(form, field: str) -> list[str]:
    """The codes of a field's errors: what is wrong, in any language."""
    return [error.code for error in form.errors.as_data()[field]]


def in_indonesian(text) -> str:
    """``text`` as the admin (Indonesian: it is outside the i18n URL patterns) says it."""
    with translation.override("id"):
        return str(text)


@pytest.fixture
def admin_client(client, official):
    client.force_login(official)
    return client


# --- recording through the form ---------------------------------------------------------------


def test_an_official_records_a_commitment_with_its_signed_pdf(admin_client, official):
    firm, umkm = verified_parties()
    data = commitment_form_data(firm, umkm, value="Rp 1.500.000.000")
    data["statement_document"] = pdf_upload(name="Surat Pernyataan.pdf")
    response = admin_client.post(ADD, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    commitment = Commitment.objects.get()
    assert (commitment.firm, commitment.umkm) == (firm, umkm)
    assert commitment.value == 1_500_000_000
    assert commitment.stage == CommitmentStage.STATEMENT
    assert commitment.recorded_by == official
    assert commitment.follow_ups.count() == 6
    assert commitment.statement_document.name.startswith("private/commitments/")
    with commitment.statement_document.open("rb") as stored:
        assert stored.read() == MINIMAL_PDF
    history = commitment.history.get()
    assert (history.history_type, history.history_user) == ("+", official)
    assert LogEntry.objects.filter(object_id=str(commitment.pk)).exists()


def test_the_add_form_offers_the_fields_and_no_stage_record(admin_client):
    response = admin_client.get(ADD)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert {"firm", "umkm", "value", "statement_document", "signing_event"} <= set(form.fields)
    assert "stage" not in form.fields
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'accept="application/pdf,.pdf"' in html
    # No realisation reports before there is a commitment.
    assert "realisation_reports" not in html


def post_refused(client, data: dict) -> dict:
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert not Commitment.objects.exists()
    assert not CommitmentFollowUp.objects.exists()
    return response


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"value": "-5.000.000"}, "value", "negative"),
        ({"value": "0"}, "value", "not_positive"),
        ({"value": "500.000.000.000.000"}, "value", "too_large"),
        ({"value": "satu juta"}, "value", "invalid"),
        (
            {"period_end": "2020-12-31", "period_start": "2021-01-18"},
            "period_end",
            "ends_before_start",
        ),
        ({"statement_signed_on": "2099-01-18"}, "statement_signed_on", "in_future"),
        ({"signing_event": ""}, "signing_event", "no_place"),
        ({"firm": "999999"}, "firm", "invalid_choice"),
        ({"umkm": "abc"}, "umkm", "invalid_choice"),
        ({"firm_signatory": ""}, "firm_signatory", "required"),
        ({"pattern": "barter"}, "pattern", "invalid_choice"),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_nothing_is_saved(
    admin_client, overrides, field, code
):
    firm, umkm = verified_parties()
    data = commitment_form_data(firm, umkm)
    data.update(overrides)
    response = post_refused(admin_client, data)
    assert codes(response.context["adminform"].form, field) == [code]
    assert f'id="id_{field}_error"' in response.content.decode()
    # What was typed is kept.
    html = response.content.decode()
    assert 'value="Hendra Wijaya"' in html or field == "firm_signatory"
    assert "Pasokan keripik tempe" in html


def test_a_document_that_is_not_a_pdf_is_refused_beside_it(admin_client):
    firm, umkm = verified_parties()
    data = commitment_form_data(firm, umkm)
    data["statement_document"] = pdf_upload(image_bytes("PNG"), name="scan.pdf")
    form = post_refused(admin_client, data).context["adminform"].form
    assert codes(form, "statement_document") == ["not_pdf"]


def test_a_document_over_the_limit_is_refused_beside_it(admin_client, monkeypatch):
    monkeypatch.setattr(documents, "MAX_DOCUMENT_BYTES", len(MINIMAL_PDF) - 1)
    firm, umkm = verified_parties()
    data = commitment_form_data(firm, umkm)
    data["statement_document"] = pdf_upload()
    form = post_refused(admin_client, data).context["adminform"].form
    assert codes(form, "statement_document") == ["too_big"]


def test_a_draft_party_and_a_duplicate_are_refused_beside_their_fields(admin_client, official):
    firm, umkm = verified_parties()
    form = (
        post_refused(admin_client, commitment_form_data(firm, make_umkm()))
        .context["adminform"]
        .form
    )
    assert codes(form, "umkm") == ["draft_party"]
    record(official, firm=firm, umkm=umkm)
    response = admin_client.post(ADD, commitment_form_data(firm, umkm))
    assert response.status_code == 200
    assert codes(response.context["adminform"].form, "statement_signed_on") == ["duplicate"]
    assert Commitment.objects.count() == 1


def test_a_refusal_of_the_service_at_saving_time_comes_back_beside_its_field(
    admin_client, monkeypatch
):
    # Another official recorded the same commitment between the form's checks and its save.
    def refuse(**kwargs):
        raise CommitmentError("Recorded a moment ago by someone else.", field="statement_signed_on")

    monkeypatch.setattr(commitment_admin, "commitment_record", refuse)
    firm, umkm = verified_parties()
    response = post_refused(admin_client, commitment_form_data(firm, umkm))
    errors = response.context["adminform"].form.errors
    assert errors["statement_signed_on"] == ["Recorded a moment ago by someone else."]
    assert 'value="Hendra Wijaya"' in response.content.decode()


# --- the change page ----------------------------------------------------------------------------


def test_a_correction_goes_through_the_service_and_the_history_shows_who(admin_client, official):
    commitment = record(official)
    corrector = make_official(OfficialRole.CENTRAL)
    client = admin_client
    client.force_login(corrector)
    data = commitment_form_data(commitment.firm, commitment.umkm, value="300.000.000")
    response = client.post(change_url(commitment), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    commitment.refresh_from_db()
    assert commitment.value == 300_000_000
    latest = commitment.history.first()
    assert latest.history_user == corrector
    history = client.get(reverse("admin:partnerships_commitment_history", args=[commitment.pk]))
    assert history.status_code == 200
    assert corrector.name in history.content.decode() or corrector.email in (
        history.content.decode()
    )


@pytest.mark.parametrize("stage", [CommitmentStage.AGREEMENT, CommitmentStage.REALISED])
@pytest.mark.parametrize("role", ["superuser", OfficialRole.AUDITOR])
def test_the_change_page_links_documents_through_the_private_view_only(
    client, official, stage, role
):
    client.force_login(official if role == "superuser" else make_official(role))
    commitment = make_commitment(stage=stage)
    commitment.statement_document.save("a.pdf", ContentFile(MINIMAL_PDF), save=False)
    commitment.agreement_document.save("b.pdf", ContentFile(MINIMAL_PDF), save=True)
    html = client.get(change_url(commitment)).content.decode()
    assert reverse("commitment_document", args=[commitment.pk, "statement"]) in html
    assert reverse("commitment_document", args=[commitment.pk, "agreement"]) in html
    assert "/media/" not in html
    assert commitment.statement_document.name not in html


def test_the_page_offers_the_steps_of_the_commitments_stage(admin_client):
    offered = {}
    for stage in CommitmentStage.values:
        commitment = make_commitment(stage=stage)
        response = admin_client.get(change_url(commitment))
        assert response.status_code == 200
        offered[stage] = [step["name"] for step in response.context["commitment_steps"]]
    assert offered == {
        "statement": ["agreement", "cancel"],
        "agreement": ["start", "cancel"],
        "in_progress": ["realised", "cancel"],
        "realised": [],
        "cancelled": [],
    }


@pytest.mark.parametrize("stage", [CommitmentStage.REALISED, CommitmentStage.CANCELLED])
def test_a_closed_commitment_is_read_only(admin_client, stage):
    commitment = make_commitment(stage=stage)
    form = admin_client.get(change_url(commitment)).context["adminform"].form
    assert not set(form.fields) & {"value", "scope", "statement_document"}


# --- the stage buttons --------------------------------------------------------------------------


def test_each_step_asks_first(admin_client):
    commitment = make_commitment()
    response = admin_client.get(step_url(commitment, "agreement"))
    assert response.status_code == 200
    assert response.context["step"].name == "agreement"
    assert response.context["offered"]
    assert 'enctype="multipart/form-data"' in response.content.decode()
    assert Commitment.objects.get(pk=commitment.pk).stage == CommitmentStage.STATEMENT


def test_signing_the_agreement_with_its_date_and_document(admin_client, official):
    commitment = make_commitment()
    signed_on = TODAY() - timedelta(days=2)
    response = admin_client.post(
        step_url(commitment, "agreement"),
        {"signed_on": signed_on.isoformat(), "document": pdf_upload(name="kkU.pdf")},
    )
    assert response.status_code == 302
    assert response["Location"] == change_url(commitment)
    commitment.refresh_from_db()
    assert commitment.stage == CommitmentStage.AGREEMENT
    assert commitment.agreement_signed_on == signed_on
    assert commitment.agreement_document.name.startswith("private/commitments/")
    assert commitment.history.first().history_user == official


def test_an_agreement_before_the_statement_is_refused_beside_its_date(admin_client):
    commitment = make_commitment(statement_signed_on=datetime.date(2021, 1, 18))
    response = admin_client.post(step_url(commitment, "agreement"), {"signed_on": "2021-01-17"})
    assert response.status_code == 200
    assert codes(response.context["form"], "signed_on") == ["before_statement"]
    assert Commitment.objects.get(pk=commitment.pk).stage == CommitmentStage.STATEMENT


def test_an_agreement_document_that_is_not_a_pdf_is_refused(admin_client):
    commitment = make_commitment()
    response = admin_client.post(
        step_url(commitment, "agreement"),
        {"signed_on": TODAY().isoformat(), "document": pdf_upload(b"<html>", name="k.pdf")},
    )
    assert response.status_code == 200
    assert codes(response.context["form"], "document") == ["not_pdf"]
    assert Commitment.objects.get(pk=commitment.pk).stage == CommitmentStage.STATEMENT


def test_start_realise_and_cancel(admin_client):
    commitment = make_commitment(stage=CommitmentStage.AGREEMENT)
    assert admin_client.post(step_url(commitment, "start")).status_code == 302
    assert Commitment.objects.get(pk=commitment.pk).stage == CommitmentStage.IN_PROGRESS
    assert admin_client.post(step_url(commitment, "realised")).status_code == 302
    assert Commitment.objects.get(pk=commitment.pk).stage == CommitmentStage.REALISED
    other = make_commitment(stage=CommitmentStage.IN_PROGRESS)
    response = admin_client.post(
        step_url(other, "cancel"),
        {"cancelled_on": TODAY().isoformat(), "reason": "Pabrik mitra terbakar."},
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert (other.stage, other.cancellation_reason) == (
        CommitmentStage.CANCELLED,
        "Pabrik mitra terbakar.",
    )


def test_cancelling_without_a_reason_is_refused_beside_it(admin_client):
    commitment = make_commitment()
    response = admin_client.post(
        step_url(commitment, "cancel"), {"cancelled_on": TODAY().isoformat(), "reason": "   "}
    )
    assert response.status_code == 200
    assert codes(response.context["form"], "reason") == ["required"]
    assert Commitment.objects.get(pk=commitment.pk).stage == CommitmentStage.STATEMENT


def test_a_step_that_does_not_fit_the_stage_is_refused_and_changes_nothing(admin_client):
    commitment = make_commitment(stage=CommitmentStage.REALISED)
    page = admin_client.get(step_url(commitment, "start"))
    assert page.context["offered"] is False
    assert 'class="errornote"' in page.content.decode()
    response = admin_client.post(step_url(commitment, "start"))
    assert response.status_code == 302
    level, message = said(response)[-1]
    assert level == ERROR
    assert f"“{in_indonesian(CommitmentStage.REALISED.label)}”" in message
    assert Commitment.objects.get(pk=commitment.pk).stage == CommitmentStage.REALISED


def test_an_unknown_step_or_commitment_is_a_404(admin_client):
    commitment = make_commitment()
    assert admin_client.get(step_url(commitment, "sign")).status_code == 404
    missing = reverse("admin:partnerships_commitment_step", args=[commitment.pk + 9, "start"])
    assert admin_client.get(missing).status_code == 404
    assert admin_client.get(f"{COMMITMENTS}abc/stages/start/").status_code == 404


def test_an_auditor_reads_but_moves_nothing(client):
    auditor = make_official(OfficialRole.AUDITOR)
    client.force_login(auditor)
    commitment = make_commitment(stage=CommitmentStage.AGREEMENT)
    page = client.get(change_url(commitment))
    assert page.status_code == 200
    assert page.context["commitment_steps"] == []
    assert client.get(step_url(commitment, "start")).status_code == 403
    assert client.post(step_url(commitment, "start")).status_code == 403
    assert client.get(ADD).status_code == 403
    assert Commitment.objects.get(pk=commitment.pk).stage == CommitmentStage.AGREEMENT


# --- regional scope -----------------------------------------------------------------------------


def scoped_commitments() -> dict[str, Commitment]:
    """A commitment of a Bandung UMKM (Jawa Barat), one of a Semarang UMKM with a firm that
    operates in Bandung, and one wholly in Jawa Tengah."""
    bandung = make_commitment()
    semarang_umkm = make_umkm(state="verified", regency=regency("3374"))
    firm_here = make_firm(state="verified", locations=["3273"])
    return {
        "bandung": bandung,
        "firm_here": make_commitment(umkm=semarang_umkm, firm=firm_here),
        "elsewhere": make_commitment(
            umkm=make_umkm(state="verified", regency=regency("3374")),
            firm=make_firm(state="verified", locations=["3374"]),
        ),
    }


def test_a_regional_official_meets_only_the_commitments_of_their_provinces(client):
    records = scoped_commitments()
    for record_ in records.values():
        make_report(record_)
    west_java = make_official(OfficialRole.REGIONAL, provinces=[WEST_JAVA])
    client.force_login(west_java)
    listed = {row.pk for row in client.get(COMMITMENTS).context["cl"].result_list}
    assert listed == {records["bandung"].pk, records["firm_here"].pk}
    reports = {row.commitment_id for row in client.get(REPORTS).context["cl"].result_list}
    assert reports == listed
    follow_ups = client.get(FOLLOW_UPS).context["cl"]
    assert follow_ups.result_count == 0
    elsewhere = records["elsewhere"]
    assert client.get(change_url(elsewhere)).status_code == 404
    assert client.get(step_url(elsewhere, "cancel")).status_code == 404
    assert client.post(
        step_url(elsewhere, "agreement"), {"signed_on": "2021-01-20"}
    ).status_code == (404)
    report = elsewhere.realisation_reports.get()
    assert client.get(report_url(report, "confirm")).status_code == 404
    assert client.post(report_url(report, "confirm")).status_code == 404
    assert client.get(change_url(records["bandung"])).status_code == 200


def test_a_regional_official_records_in_scope_and_chooses_among_its_parties(client):
    west_java = make_official(OfficialRole.REGIONAL, provinces=[WEST_JAVA])
    client.force_login(west_java)
    # A Bandung UMKM with a verified firm based elsewhere (no site in Jawa Barat).
    firm, umkm = verified_parties(umkm_regency="3273")
    form = client.get(ADD).context["adminform"].form
    assert firm in form.fields["firm"].queryset
    assert umkm in form.fields["umkm"].queryset
    assert client.post(ADD, commitment_form_data(firm, umkm)).status_code == 302
    # An UMKM of Jawa Tengah is not theirs to choose, nor an unverified firm of elsewhere.
    semarang_umkm = make_umkm(state="verified", regency=regency("3374"))
    unverified_elsewhere = make_firm(state="submitted", locations=["3374"])
    response = client.post(ADD, commitment_form_data(firm, semarang_umkm))
    assert response.status_code == 200
    assert codes(response.context["adminform"].form, "umkm") == ["invalid_choice"]
    response = client.post(ADD, commitment_form_data(unverified_elsewhere, umkm))
    assert codes(response.context["adminform"].form, "firm") == ["invalid_choice"]
    assert Commitment.objects.count() == 1


# --- realisation reports ------------------------------------------------------------------------


def test_the_commitment_page_lists_its_reports_with_their_decisions(admin_client):
    commitment = make_commitment(stage=CommitmentStage.IN_PROGRESS)
    pending = make_report(commitment)
    make_report(commitment, side=PartySide.FIRM, state=ReportState.CONFIRMED)
    pending.evidence.save("nota.png", ContentFile(image_bytes("PNG")), save=True)
    html = admin_client.get(change_url(commitment)).content.decode()
    assert report_url(pending, "confirm") in html
    assert report_url(pending, "reject") in html
    assert reverse("realisation_evidence", args=[pending.pk]) in html
    assert html.count("/confirm/") == 1


def test_confirming_a_report_counts_its_value(admin_client, official):
    commitment = make_commitment(stage=CommitmentStage.IN_PROGRESS, value=100_000_000)
    report = make_report(commitment, value=40_000_000)
    assert admin_client.get(report_url(report, "confirm")).status_code == 200
    response = admin_client.post(report_url(report, "confirm"))
    assert response.status_code == 302
    assert response["Location"] == change_url(commitment)
    report.refresh_from_db()
    commitment.refresh_from_db()
    assert (report.state, report.reviewed_by) == (ReportState.CONFIRMED, official)
    assert commitment.realised_value == 40_000_000
    # Decided: a second confirmation is refused and counts nothing twice.
    response = admin_client.post(report_url(report, "confirm"))
    assert response.status_code == 200
    assert said(response)[-1][0] == ERROR
    commitment.refresh_from_db()
    assert commitment.realised_value == 40_000_000


def test_rejecting_a_report_needs_a_reason(admin_client):
    report = make_report(make_commitment(stage=CommitmentStage.IN_PROGRESS))
    response = admin_client.post(report_url(report, "reject"), {"reason": "  "})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert RealisationReport.objects.get(pk=report.pk).state == ReportState.PENDING
    response = admin_client.post(report_url(report, "reject"), {"reason": "Nota tidak terbaca."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.rejection_reason) == (ReportState.REJECTED, "Nota tidak terbaca.")


def test_the_report_list_puts_pending_reports_first(admin_client):
    commitment = make_commitment(stage=CommitmentStage.IN_PROGRESS)
    confirmed = make_report(commitment, state=ReportState.CONFIRMED, value=1)
    pending = make_report(
        commitment,
        period_start=datetime.date(2021, 2, 1),
        period_end=datetime.date(2021, 2, 28),
    )
    rows = admin_client.get(REPORTS).context["cl"].result_list
    assert [row.pk for row in rows] == [pending.pk, confirmed.pk]


def test_the_list_actions_confirm_and_reject_with_one_reason(admin_client):
    commitment = make_commitment(stage=CommitmentStage.IN_PROGRESS, value=100_000_000)
    first, second = make_report(commitment), make_report(commitment, side=PartySide.FIRM)
    response = admin_client.post(
        REPORTS, {"action": "confirm_selected", ACTION_CHECKBOX_NAME: [first.pk]}
    )
    assert response.status_code == 302
    assert RealisationReport.objects.get(pk=first.pk).state == ReportState.CONFIRMED
    asked = admin_client.post(
        REPORTS, {"action": "reject_selected", ACTION_CHECKBOX_NAME: [first.pk, second.pk]}
    )
    assert asked.status_code == 200
    assert list(asked.context["selected"]) == [second]
    done = admin_client.post(
        REPORTS,
        {
            "action": "reject_selected",
            ACTION_CHECKBOX_NAME: [second.pk],
            "post": "yes",
            "reason": "Periode tumpang tindih.",
        },
    )
    assert done.status_code == 302
    second.refresh_from_db()
    assert (second.state, second.rejection_reason) == (
        ReportState.REJECTED,
        "Periode tumpang tindih.",
    )


def test_an_auditor_decides_no_report(client):
    auditor = make_official(OfficialRole.AUDITOR)
    client.force_login(auditor)
    report = make_report(make_commitment(stage=CommitmentStage.IN_PROGRESS))
    assert client.get(REPORTS).status_code == 200
    assert client.get(report_url(report, "change")).status_code == 200
    assert client.post(report_url(report, "confirm")).status_code == 403
    response = client.post(
        REPORTS, {"action": "confirm_selected", ACTION_CHECKBOX_NAME: [report.pk]}
    )
    assert response.status_code == 403
    assert RealisationReport.objects.get(pk=report.pk).state == ReportState.PENDING


def test_nobody_adds_or_deletes_reports_in_the_admin(admin_client):
    report = make_report(make_commitment())
    assert admin_client.get(reverse("admin:partnerships_realisationreport_add")).status_code == 403
    assert admin_client.get(report_url(report, "delete")).status_code == 403
    page = admin_client.get(report_url(report, "change"))
    assert page.status_code == 200
    assert page.context["decide_urls"]["confirm"] == report_url(report, "confirm")


# --- follow-ups, ratings and moves up a size class ----------------------------------------------


def test_follow_ups_ratings_and_size_class_moves_are_lists_to_read(admin_client, official):
    commitment = record(official, statement_signed_on=TODAY() - timedelta(days=100))
    PartnershipRating.objects.create(
        commitment=commitment,
        side=PartySide.UMKM,
        quality=5,
        on_time=4,
        fair_price=4,
        would_continue=True,
    )
    SizeClassChange.objects.create(
        umkm=commitment.umkm,
        commitment=commitment,
        from_class="micro",
        to_class="small",
        criterion="capital",
        changed_on=TODAY(),
    )
    for url, count in ((FOLLOW_UPS, 6), (RATINGS, 1), (SIZE_CLASSES, 1)):
        response = admin_client.get(url)
        assert response.status_code == 200
        assert response.context["cl"].result_count == count
    overdue = admin_client.get(f"{FOLLOW_UPS}?overdue=yes").context["cl"]
    # Due 1 and 3 months after signing, 100 days ago; not answered.
    assert overdue.result_count == 4
    for name in ("commitmentfollowup", "partnershiprating", "sizeclasschange"):
        assert admin_client.get(reverse(f"admin:partnerships_{name}_add")).status_code == 403


# --- query counts -------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "queries"), [("superuser", 9), (OfficialRole.REGIONAL, 14)])
def test_the_commitment_list_runs_a_fixed_number_of_queries(
    client, official, role, queries, django_assert_num_queries
):
    user = official if role == "superuser" else make_official(role, provinces=[WEST_JAVA])
    client.force_login(user)
    for _number in range(2):
        make_commitment()
    with django_assert_num_queries(queries):
        client.get(COMMITMENTS)
    for _number in range(8):
        make_commitment(stage=CommitmentStage.AGREEMENT)
    with django_assert_num_queries(queries):
        response = client.get(COMMITMENTS)
    assert response.context["cl"].result_count == 10


@pytest.mark.parametrize(("role", "queries"), [("superuser", 5), (OfficialRole.REGIONAL, 9)])
def test_the_report_list_runs_a_fixed_number_of_queries(
    client, official, role, queries, django_assert_num_queries
):
    user = official if role == "superuser" else make_official(role, provinces=[WEST_JAVA])
    client.force_login(user)
    for _number in range(2):
        make_report(make_commitment())
    with django_assert_num_queries(queries):
        client.get(REPORTS)
    for _number in range(8):
        make_report(make_commitment(), side=PartySide.FIRM)
    with django_assert_num_queries(queries):
        response = client.get(REPORTS)
    assert response.context["cl"].result_count == 10


def test_the_list_shows_rupiah_dates_and_realised_shares_the_indonesian_way(client, official):
    client.force_login(official)
    make_commitment(
        value=1_500_000,
        realised_value=500_000,
        stage=CommitmentStage.IN_PROGRESS,
        statement_signed_on=datetime.date(2021, 1, 18),
    )
    html = client.get(COMMITMENTS).content.decode()
    assert "Rp1.500.000" in html
    assert "18 Januari 2021" in html
    assert "33,33%" in html


# --- the admin home -----------------------------------------------------------------------------


def test_the_admin_home_tells_pre_contract_from_contract_value(admin_client, official):
    make_commitment(value=100_000_000)
    make_commitment(value=250_000_000, stage=CommitmentStage.AGREEMENT)
    in_progress = make_commitment(
        value=1_000_000_000, stage=CommitmentStage.IN_PROGRESS, realised_value=400_000_000
    )
    make_commitment(value=9_000_000_000, stage=CommitmentStage.CANCELLED)
    make_report(in_progress)
    make_report(in_progress, state=ReportState.CONFIRMED)
    with translation.override("en"):
        section = programme_dashboard(official)["commitments"]
    assert (section.pre_contract.count, section.pre_contract.value) == (1, 100_000_000)
    assert (section.contract.count, section.contract.value) == (2, 1_250_000_000)
    assert (section.realised.count, section.realised.value) == (1, 400_000_000)
    assert section.awaiting_confirmation.value == 1
    response = admin_client.get(reverse("admin:index"))
    html = response.content.decode()
    assert "Rp1.250.000.000" in html
    pending = admin_client.get(section.awaiting_confirmation.url).context["cl"]
    assert pending.result_count == 1
    contract = admin_client.get(section.contract.url).context["cl"]
    assert contract.result_count == 2
    assert admin_client.get(section.overdue_follow_ups.url).status_code == 200


def test_the_admin_homes_commitments_are_in_the_officials_scope(official):
    records = scoped_commitments()
    records["elsewhere"].value  # noqa: B018
    west_java = make_official(OfficialRole.REGIONAL, provinces=[WEST_JAVA])
    section = programme_dashboard(west_java)["commitments"]
    assert section.pre_contract.count == 2
    assert programme_dashboard(official)["commitments"].pre_contract.count == 3


def test_each_figure_of_the_commitments_section_opens_the_rows_it_counts(
    client, official, django_assert_max_num_queries
):
    old = TODAY() - timedelta(days=200)
    for stage in CommitmentStage.values:
        commitment = record(official, statement_signed_on=old)
        Commitment.objects.filter(pk=commitment.pk).update(
            stage=stage,
            agreement_signed_on=None if stage == CommitmentStage.STATEMENT else old,
            cancelled_on=TODAY() if stage == CommitmentStage.CANCELLED else None,
            cancellation_reason="Batal." if stage == CommitmentStage.CANCELLED else "",
            realised_value=1_000 if stage != CommitmentStage.STATEMENT else 0,
        )
        make_report(commitment)
    answered = CommitmentFollowUp.objects.first()
    answered.answered_at = timezone.now()
    answered.save()
    west_java = make_official(OfficialRole.REGIONAL, provinces=[WEST_JAVA])
    for someone in (official, west_java, make_official(OfficialRole.AUDITOR)):
        client.force_login(someone)
        section = programme_dashboard(someone)["commitments"]
        # Five commitments, six follow-ups each, all due: those of the cancelled one and the
        # answered one do not count.
        assert section.overdue_follow_ups.value == 4 * 6 - 1
        assert section.awaiting_confirmation.value == 5
        assert (section.pre_contract.count, section.contract.count) == (1, 3)
        assert section.realised.count == 3
        for row in (section.pre_contract, section.contract, section.realised):
            listed = client.get(row.url).context["cl"]
            assert listed.result_count == row.count, row.label
            assert sum(c.value for c in listed.result_list) == row.value or (
                row is section.realised
            )
        for figure in (section.awaiting_confirmation, section.overdue_follow_ups):
            assert client.get(figure.url).context["cl"].result_count == figure.value


def test_a_regional_official_corrects_a_commitment_signed_at_a_national_session(client):
    from tests.partnerships.factories_sessions import session_factory

    national = session_factory()
    commitment = make_commitment(session=national)
    west_java = make_official(OfficialRole.REGIONAL, provinces=[WEST_JAVA])
    client.force_login(west_java)
    data = commitment_form_data(
        commitment.firm,
        commitment.umkm,
        session=national.pk,
        signing_event="",
        value="260.000.000",
        statement_signed_on=commitment.statement_signed_on.isoformat(),
        period_start=commitment.period_start.isoformat(),
        period_end=commitment.period_end.isoformat(),
    )
    response = client.post(change_url(commitment), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    commitment.refresh_from_db()
    assert (commitment.session, commitment.value) == (national, 260_000_000)
