"""The parties' commitment pages under /dashboard/commitments/: the list, a commitment's page
with its realisation reports and ratings, and the forms to report and rate. Only the two
parties and officials (read-only) see a commitment; everybody else gets a 404."""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from partnerships.models import (
    CommitmentFollowUp,
    CommitmentStage,
    PartnershipRating,
    RealisationReport,
    ReportState,
    VerificationState,
)
from partnerships.officials import OfficialRole
from tests.partnerships.factories import (
    make_firm,
    make_official,
    make_owner,
    make_representative,
    make_umkm,
)
from tests.partnerships.factories_commitments import ceremony_day, make_commitment, make_report
from tests.partnerships.factories_realisation import make_follow_ups, own_firm, own_umkm

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def en(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def page_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def pair(umkm_owner, firm_representative):
    """The cast's UMKM and firm, verified, with a commitment signed at the 2021 ceremony."""
    umkm = own_umkm(
        umkm_owner, name="Keripik Tempe Sari", owner_nik="3273014501850003", npwp="3273019876543210"
    )
    firm = own_firm(firm_representative, name="PT Mitra Pangan Nusantara")
    commitment = make_commitment(
        umkm=umkm,
        firm=firm,
        statement_signed_on=ceremony_day(),
        stage=CommitmentStage.IN_PROGRESS,
        value=250_000_000,
    )
    return SimpleNamespace(umkm=umkm, firm=firm, commitment=commitment)


@pytest.fixture
def other_firm_representative():
    return make_representative(make_firm(state=VerificationState.VERIFIED)).user


@pytest.fixture
def other_owner():
    owner = make_owner()
    make_umkm(owner=owner, state=VerificationState.VERIFIED)
    return owner


# --- the list -------------------------------------------------------------------------------


def test_the_owner_sees_the_commitment_with_the_firm_value_stage_date_and_realised_share(
    client, umkm_owner, pair, official
):
    from partnerships.services.realisation import realisation_report_confirm

    realisation_report_confirm(
        official=official, report=make_report(pair.commitment, value=20_000_000)
    )
    client.force_login(umkm_owner)

    page = page_of(client.get(reverse("commitment_list")))

    assert "PT Mitra Pangan Nusantara" in page
    assert "Rp250.000.000" in page
    assert "18 Januari 2021" in page
    assert "8,00" in page
    assert '<progress class="commitment-progress__bar" max="100" value="8.00"' in page
    assert reverse("commitment_detail", args=[pair.commitment.pk]) in page


def test_the_firm_sees_the_umkm_and_the_english_page_reads_in_english(
    client, firm_representative, pair
):
    client.force_login(firm_representative)

    page = page_of(client.get(en("commitment_list")))

    assert "Keripik Tempe Sari" in page
    assert "Rp250,000,000" in page
    assert "In progress" in page
    assert "0.00% realised" in page


def test_a_due_follow_up_puts_a_call_to_report_on_the_list_and_the_dashboard(
    client, umkm_owner, pair
):
    make_follow_ups(pair.commitment)  # signed in 2021: every follow-up is due
    client.force_login(umkm_owner)

    for url in (en("commitment_list"), "/en/dashboard/"):
        page = page_of(client.get(url))
        detail = reverse("commitment_detail", args=[pair.commitment.pk])
        assert f'href="{detail}#report">Report realisation</a>' in page, url


def test_the_dashboard_shows_the_commitments_section(client, firm_representative, pair):
    client.force_login(firm_representative)
    page = page_of(client.get("/en/dashboard/"))
    assert 'id="commitments-heading"' in page
    assert "Keripik Tempe Sari" in page
    assert "Report realisation" not in page  # no follow-up due


def test_a_party_without_commitments_gets_an_empty_list_and_no_dashboard_section(
    client, other_owner
):
    client.force_login(other_owner)
    assert "No commitment recorded yet" in page_of(client.get(en("commitment_list")))
    assert 'id="commitments-heading"' not in page_of(client.get("/en/dashboard/"))


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("commitment_list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_people_without_a_party_role_are_refused_and_officials_go_to_the_admin(
    client, outsider, official
):
    client.force_login(outsider)
    assert client.get(reverse("commitment_list")).status_code == 403
    client.force_login(official)
    response = client.get(reverse("commitment_list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:partnerships_commitment_changelist")


def test_an_owner_without_a_business_yet_is_sent_to_the_dashboard(client):
    client.force_login(make_owner())
    response = client.get(reverse("commitment_list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


@pytest.mark.parametrize("side", ["umkm", "firm"])
def test_the_list_runs_the_same_queries_for_two_commitments_as_for_ten(
    client, side, umkm_owner, firm_representative, django_assert_num_queries
):
    umkm, firm = own_umkm(umkm_owner), own_firm(firm_representative)
    person = umkm_owner if side == "umkm" else firm_representative

    def add(count):
        for _ in range(count):
            commitment = (
                make_commitment(umkm=umkm) if side == "umkm" else make_commitment(firm=firm)
            )
            make_follow_ups(commitment)

    add(2)
    client.force_login(person)
    client.get(reverse("commitment_list"))  # warms the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as two:
        assert client.get(reverse("commitment_list")).status_code == 200
    add(8)
    with django_assert_num_queries(len(two)):
        page = page_of(client.get(reverse("commitment_list")))
    assert page.count("commitment-progress__bar") == 10


# --- a commitment's page --------------------------------------------------------------------


def detail(commitment) -> str:
    return en("commitment_detail", commitment.pk)


def test_the_page_shows_what_was_signed_by_whom_with_the_documents_and_stages(
    client, umkm_owner, pair
):
    commitment = pair.commitment
    commitment.statement_document.save("s.pdf", ContentFile(PDF), save=False)
    commitment.agreement_document.save("a.pdf", ContentFile(PDF), save=False)
    commitment.save()
    client.force_login(umkm_owner)

    page = page_of(client.get(detail(commitment)))

    for text in (
        "PT Mitra Pangan Nusantara",
        "Keripik Tempe Sari",
        "Rp250,000,000",
        "Hendra Wijaya, Direktur Pengadaan",
        "Sri Wahyuni, Pemilik",
        "Pasokan keripik tempe",
        "Penandatanganan kontrak kemitraan BKPM, 18 Januari 2021",
        "Statement of commitment signed on 18 January 2021.",
        "Partnership agreement signed on 25 January 2021.",
        "Recorded as in progress on",
        reverse("commitment_document", args=[commitment.pk, "statement"]),
        reverse("commitment_document", args=[commitment.pk, "agreement"]),
    ):
        assert text in page, text
    assert "/media/" not in page


def test_indonesian_dates_read_as_indonesian_dates(client, umkm_owner, pair):
    client.force_login(umkm_owner)
    page = page_of(client.get(reverse("commitment_detail", args=[pair.commitment.pk])))
    assert "18 Januari 2021" in page


def test_the_page_shows_both_sides_reports_their_states_and_the_exact_share(
    client, firm_representative, pair, official
):
    from partnerships.services.realisation import (
        realisation_report_confirm,
        realisation_report_reject,
    )

    commitment = pair.commitment
    realisation_report_confirm(official=official, report=make_report(commitment, value=83_333_333))
    realisation_report_reject(
        official=official,
        report=make_report(commitment, side="firm", value=5_000_000, event="paid"),
        reason="Invoice belongs to another contract.",
    )
    make_report(commitment, side="firm", value=7_000_000, event="paid")
    client.force_login(firm_representative)

    page = page_of(client.get(detail(commitment)))

    assert "Confirmed so far: Rp83,333,333 of Rp250,000,000." in page
    assert "33.33% realised" in page  # 33,3333332 %: two places, never rounded up
    assert "Awaiting confirmation" in page
    assert "Rejected" in page
    assert "Invoice belongs to another contract." in page
    assert "Rp7,000,000 by the firm" in page


def test_a_cancelled_commitment_shows_why_and_takes_no_report(client, umkm_owner):
    commitment = make_commitment(umkm=own_umkm(umkm_owner), stage=CommitmentStage.CANCELLED)
    client.force_login(umkm_owner)

    page = page_of(client.get(detail(commitment)))

    assert "Cancelled on" in page
    assert "Pabrik mitra berhenti berproduksi." in page
    assert "no realisation can be reported now" in page
    assert 'name="report-value"' not in page


def test_the_ratings_of_both_sides_are_shown(client, umkm_owner, pair):
    PartnershipRating.objects.create(
        commitment=pair.commitment,
        side="firm",
        quality=4,
        on_time=5,
        fair_price=3,
        would_continue=True,
        comment="Kualitas stabil.",
    )
    client.force_login(umkm_owner)

    page = page_of(client.get(detail(pair.commitment)))

    assert "Kualitas stabil." in page
    assert "4 of 5" in page
    assert "Not rated yet." in page  # the UMKM's own


def test_the_page_shows_no_personal_identifiers(client, firm_representative, pair):
    client.force_login(firm_representative)
    page = page_of(client.get(detail(pair.commitment)))
    assert pair.umkm.owner_nik not in page
    assert pair.umkm.npwp not in page
    assert pair.umkm.phone.as_national not in page
    assert pair.umkm.email not in page
    assert pair.firm.npwp not in page


def test_anonymous_visitors_are_sent_to_sign_in_and_learn_nothing(client, pair):
    response = client.get(detail(pair.commitment))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["outsider", "other_firm_representative", "other_owner"])
def test_anybody_but_the_parties_and_officials_gets_a_404(client, who, pair, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(detail(pair.commitment)).status_code == 404
    report = {"report-value": "1.000", "report-event": "delivered"}
    assert client.post(en("commitment_report", pair.commitment.pk), report).status_code == 404
    assert client.post(en("commitment_rate", pair.commitment.pk), {}).status_code == 404


def test_a_regional_official_sees_only_commitments_of_their_provinces(client, pair):
    client.force_login(make_official(OfficialRole.REGIONAL, provinces=("31",)))
    assert client.get(detail(pair.commitment)).status_code == 404
    client.force_login(make_official(OfficialRole.REGIONAL, provinces=("32",)))
    assert client.get(detail(pair.commitment)).status_code == 200


def test_officials_see_the_page_read_only_with_a_link_to_the_admin(client, official, pair):
    client.force_login(official)

    page = page_of(client.get(detail(pair.commitment)))

    assert reverse("admin:partnerships_commitment_change", args=[pair.commitment.pk]) in page
    assert 'name="report-value"' not in page
    assert 'name="rating-quality"' not in page
    report = {"report-value": "1.000", "report-event": "delivered"}
    assert client.post(en("commitment_report", pair.commitment.pk), report).status_code == 403
    assert client.post(en("commitment_rate", pair.commitment.pk), {}).status_code == 403


@pytest.mark.parametrize("path", ["0/", "999999/", "abc/", f"{10**30}/", "1/report/"])
def test_unknown_or_malformed_ids_are_not_found(client, umkm_owner, path):
    client.force_login(umkm_owner)
    assert client.get(f"/dashboard/commitments/{path}").status_code in (404, 405)


def test_the_page_runs_the_same_queries_for_two_reports_as_for_ten(
    client, umkm_owner, pair, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_follow_ups(pair.commitment)
    for _ in range(2):
        make_report(pair.commitment)
    client.force_login(umkm_owner)
    client.get(detail(pair.commitment))
    with CaptureQueriesContext(connection) as two:
        client.get(detail(pair.commitment))
    for index in range(8):
        make_report(pair.commitment, side="firm" if index % 2 else "umkm", evidence="x.pdf")
    with django_assert_num_queries(len(two)):
        client.get(detail(pair.commitment))


# --- reporting ------------------------------------------------------------------------------


def report_data(**overrides) -> dict:
    today = timezone.localdate()
    data = {
        "report-period_start": (today - timedelta(days=30)).isoformat(),
        "report-period_end": (today - timedelta(days=1)).isoformat(),
        "report-value": "25.000.000",
        "report-event": "delivered",
        "report-notes": "2.000 bungkus dikirim.",
    }
    data.update(overrides)
    return data


def test_the_owner_reports_and_is_sent_back_with_a_message(client, umkm_owner, pair):
    make_follow_ups(pair.commitment)
    client.force_login(umkm_owner)

    response = client.post(en("commitment_report", pair.commitment.pk), report_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("commitment_detail", args=[pair.commitment.pk]) + (
        "#reports"
    )
    report = RealisationReport.objects.get()
    assert (report.side, report.value, report.state) == ("umkm", 25_000_000, ReportState.PENDING)
    assert report.reported_by == umkm_owner
    assert [str(m) for m in get_messages(response.wsgi_request)]
    assert not CommitmentFollowUp.objects.filter(side="umkm", answered_at__isnull=True).exists()


def test_the_firm_reports_with_evidence(client, firm_representative, pair):
    client.force_login(firm_representative)
    data = report_data(**{"report-event": "paid"})
    data["report-evidence"] = SimpleUploadedFile("kuitansi.pdf", PDF, "application/pdf")

    response = client.post(en("commitment_report", pair.commitment.pk), data)

    assert response.status_code == 302
    report = RealisationReport.objects.get()
    assert report.side == "firm"
    assert report.evidence.name.startswith("private/commitments/")


def test_a_period_ending_before_it_starts_is_refused_beside_the_field_keeping_the_input(
    client, umkm_owner, pair
):
    client.force_login(umkm_owner)
    data = report_data(**{"report-period_start": "2026-03-10", "report-period_end": "2026-03-01"})

    response = client.post(en("commitment_report", pair.commitment.pk), data)

    assert response.status_code == 400
    form = response.context["report_form"]
    assert "period_end" in form.errors
    page = page_of(response)
    assert 'value="2026-03-10"' in page
    assert 'value="25.000.000"' in page
    assert "2.000 bungkus dikirim." in page
    assert 'aria-describedby="id_report-period_end_error"' in page
    assert not RealisationReport.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("report-value", "-5"),
        ("report-value", "satu juta"),
        ("report-value", "999.999.999.999.999"),
        ("report-event", "stolen"),
        ("report-period_start", "2026-02-31"),
        ("report-period_start", ""),
    ],
)
def test_bad_input_gets_a_form_error_never_a_server_error(client, umkm_owner, pair, field, value):
    client.force_login(umkm_owner)
    response = client.post(
        en("commitment_report", pair.commitment.pk), report_data(**{field: value})
    )
    assert response.status_code == 400
    assert field.removeprefix("report-") in response.context["report_form"].errors


def test_a_file_that_is_not_evidence_is_refused_beside_the_field(client, umkm_owner, pair):
    client.force_login(umkm_owner)
    data = report_data()
    data["report-evidence"] = SimpleUploadedFile("nota.pdf", b"MZ not a pdf", "application/pdf")

    response = client.post(en("commitment_report", pair.commitment.pk), data)

    assert response.status_code == 400
    assert "evidence" in response.context["report_form"].errors
    assert not RealisationReport.objects.exists()


def test_a_report_above_the_value_asks_for_the_box_then_takes_it(client, umkm_owner, pair):
    client.force_login(umkm_owner)
    url = en("commitment_report", pair.commitment.pk)

    response = client.post(url, report_data(**{"report-value": "300.000.000"}))

    assert response.status_code == 400
    page = page_of(response)
    assert 'name="report-over_value_confirmed"' in page
    assert "Rp300,000,000, above the committed Rp250,000,000" in page
    assert 'value="300.000.000"' in page
    assert not RealisationReport.objects.exists()

    ticked = report_data(**{"report-value": "300.000.000", "report-over_value_confirmed": "on"})
    assert client.post(url, ticked).status_code == 302
    assert RealisationReport.objects.get().over_value_confirmed


def test_a_report_on_a_cancelled_commitment_is_refused_with_the_reason(client, umkm_owner):
    commitment = make_commitment(umkm=own_umkm(umkm_owner), stage=CommitmentStage.CANCELLED)
    client.force_login(umkm_owner)

    response = client.post(en("commitment_report", commitment.pk), report_data())

    assert response.status_code == 400
    assert "was cancelled on" in page_of(response)
    assert not RealisationReport.objects.exists()


def test_reporting_needs_post(client, umkm_owner, pair):
    client.force_login(umkm_owner)
    assert client.get(en("commitment_report", pair.commitment.pk)).status_code == 405


# --- rating ---------------------------------------------------------------------------------


def rating_data(**overrides) -> dict:
    data = {
        "rating-quality": "4",
        "rating-on_time": "3",
        "rating-fair_price": "5",
        "rating-would_continue": "yes",
        "rating-comment": "Pengiriman tepat waktu.",
    }
    data.update(overrides)
    return data


def test_a_party_rates_and_changes_its_rating(client, firm_representative, pair):
    client.force_login(firm_representative)
    url = en("commitment_rate", pair.commitment.pk)

    assert client.post(url, rating_data()).status_code == 302
    assert client.post(url, rating_data(**{"rating-would_continue": "no"})).status_code == 302

    rating = PartnershipRating.objects.get()
    assert (rating.side, rating.quality, rating.on_time, rating.fair_price) == ("firm", 4, 3, 5)
    assert rating.would_continue is False
    page = page_of(client.get(detail(pair.commitment)))
    assert re.search(r'name="rating-would_continue" value="no"[^>]*checked', page)


@pytest.mark.parametrize(
    "overrides",
    [{"rating-quality": "6"}, {"rating-on_time": ""}, {"rating-would_continue": "maybe"}],
)
def test_a_bad_rating_is_refused_keeping_the_input(client, umkm_owner, pair, overrides):
    client.force_login(umkm_owner)

    response = client.post(en("commitment_rate", pair.commitment.pk), rating_data(**overrides))

    assert response.status_code == 400
    assert response.context["rating_form"].errors
    assert "Pengiriman tepat waktu." in page_of(response)
    assert not PartnershipRating.objects.exists()
