"""Signed documents and realisation evidence are private: the two parties and officials in scope
download them through the view; everybody else is refused without learning they exist."""

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse

from partnerships.models import Commitment, CommitmentStage, RealisationReport
from partnerships.officials import OfficialRole
from tests.partnerships.factories import (
    make_firm,
    make_official,
    make_owner,
    make_representative,
    make_umkm,
    make_user,
)
from tests.partnerships.factories_commitment_records import MINIMAL_PDF, image_bytes
from tests.partnerships.factories_commitments import make_commitment, make_report

pytestmark = pytest.mark.django_db

WEST_JAVA, CENTRAL_JAVA = "32", "33"


def document_url(commitment: Commitment, kind: str = "statement") -> str:
    return reverse("commitment_document", args=[commitment.pk, kind])


def evidence_url(report: RealisationReport) -> str:
    return reverse("realisation_evidence", args=[report.pk])


@pytest.fixture
def commitment(umkm_owner, firm_representative) -> Commitment:
    """A contract between the shared UMKM owner's UMKM (Bandung) and the shared
    representative's firm, with both signed documents."""
    umkm = make_umkm(owner=umkm_owner, state="verified", name="Keripik Bu Sari")
    firm = make_firm(state="verified", name="PT Pabrik Sepatu")
    make_representative(firm, user=firm_representative)
    commitment = make_commitment(firm=firm, umkm=umkm, stage=CommitmentStage.AGREEMENT)
    commitment.statement_document.save("pernyataan.pdf", ContentFile(MINIMAL_PDF), save=False)
    commitment.agreement_document.save("kesepakatan.pdf", ContentFile(MINIMAL_PDF), save=False)
    commitment.save()
    return commitment


def others() -> dict[str, object]:
    other_umkm_owner = make_owner()
    make_umkm(owner=other_umkm_owner, state="verified")
    other_firm_representative = make_representative(make_firm(state="verified")).user
    return {
        "outsider without a role": make_user(),
        "owner of another UMKM": other_umkm_owner,
        "representative of another firm": other_firm_representative,
        "regional official of another province": make_official(
            OfficialRole.REGIONAL, provinces=[CENTRAL_JAVA]
        ),
        "staff member without a role": make_user(is_staff=True),
    }


def allowed(umkm_owner, firm_representative, official) -> dict[str, object]:
    return {
        "the UMKM's owner": umkm_owner,
        "the firm's representative": firm_representative,
        "a superuser": official,
        "a central official": make_official(OfficialRole.CENTRAL),
        "an auditor": make_official(OfficialRole.AUDITOR),
        "a regional official of the UMKM's province": make_official(
            OfficialRole.REGIONAL, provinces=[WEST_JAVA]
        ),
    }


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_anonymous_visitors_are_sent_to_sign_in_first(client, commitment):
    response = client.get(document_url(commitment))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    # The same for a commitment that does not exist: the redirect tells nothing.
    missing = client.get(reverse("commitment_document", args=[commitment.pk + 99, "statement"]))
    assert missing.status_code == 302


@pytest.mark.parametrize("kind", ["statement", "agreement"])
def test_nobody_but_the_parties_and_officials_in_scope_gets_a_document(client, commitment, kind):
    for who, person in others().items():
        client.force_login(person)
        response = client.get(document_url(commitment, kind))
        assert response.status_code == 404, who


@pytest.mark.parametrize("kind", ["statement", "agreement"])
def test_the_parties_and_officials_in_scope_get_the_bytes(
    client, commitment, umkm_owner, firm_representative, official, kind
):
    for who, person in allowed(umkm_owner, firm_representative, official).items():
        client.force_login(person)
        response = client.get(document_url(commitment, kind))
        assert response.status_code == 200, who
        assert content(response) == MINIMAL_PDF, who


def test_a_regional_official_where_the_firm_operates_gets_it_too(client, commitment):
    commitment.firm.locations.set(
        commitment.firm.locations.model.objects.filter(code="3374")  # Semarang
    )
    client.force_login(make_official(OfficialRole.REGIONAL, provinces=[CENTRAL_JAVA]))
    assert client.get(document_url(commitment)).status_code == 200


def test_the_download_is_a_private_attachment_with_a_clean_name(client, commitment, umkm_owner):
    client.force_login(umkm_owner)
    response = client.get(document_url(commitment))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="komitmen-{commitment.pk}-pernyataan.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    agreement = client.get(document_url(commitment, "agreement"))
    assert agreement["Content-Disposition"] == (
        f'attachment; filename="komitmen-{commitment.pk}-kesepakatan.pdf"'
    )


def test_the_english_site_serves_it_as_well(client, commitment, firm_representative):
    client.force_login(firm_representative)
    url = f"/en{document_url(commitment)}"
    assert client.get(url).status_code == 200


def test_a_document_not_uploaded_is_a_404(client, official):
    client.force_login(official)
    commitment = make_commitment()
    assert client.get(document_url(commitment)).status_code == 404
    assert client.get(document_url(commitment, "agreement")).status_code == 404


def test_a_missing_file_an_unknown_kind_and_an_unknown_commitment_are_404(
    client, commitment, official
):
    client.force_login(official)
    commitment.statement_document.storage.delete(commitment.statement_document.name)
    assert client.get(document_url(commitment)).status_code == 404
    assert client.get(document_url(commitment, "contract")).status_code == 404
    assert client.get(f"/commitments/{commitment.pk}/documents/../").status_code == 404
    unknown = reverse("commitment_document", args=[commitment.pk + 99, "agreement"])
    assert client.get(unknown).status_code == 404
    assert client.get("/commitments/99999999999999999999/documents/statement/").status_code == 404


def test_a_stored_file_that_is_not_a_document_is_not_handed_out(client, commitment, official):
    client.force_login(official)
    commitment.statement_document.save("page.html", ContentFile(b"<script>"), save=True)
    assert client.get(document_url(commitment)).status_code == 404


def test_only_reading_is_allowed(client, commitment, umkm_owner):
    client.force_login(umkm_owner)
    assert client.post(document_url(commitment)).status_code == 405
    assert client.head(document_url(commitment)).status_code == 200


def test_the_media_url_serves_no_private_file(client, commitment, official):
    # portal/urls.py has no media route, in DEBUG or not: only the view hands files out.
    client.force_login(official)
    media = f"{settings.MEDIA_URL}{commitment.statement_document.name}"
    assert media.startswith("/media/private/")
    assert client.get(media).status_code == 404


# --- evidence ---------------------------------------------------------------------------------


@pytest.fixture
def report(commitment) -> RealisationReport:
    report = make_report(commitment)
    report.evidence.save("nota.png", ContentFile(image_bytes("PNG")), save=True)
    return report


def test_the_evidence_goes_to_the_parties_and_officials_with_its_own_type(
    client, report, umkm_owner, firm_representative, official
):
    for who, person in allowed(umkm_owner, firm_representative, official).items():
        client.force_login(person)
        response = client.get(evidence_url(report))
        assert response.status_code == 200, who
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"] == (
            f'attachment; filename="realisasi-{report.pk}-bukti.png"'
        )
        assert response["Cache-Control"] == "private, no-store"
        assert content(response) == image_bytes("PNG")


def test_nobody_else_gets_the_evidence(client, report):
    assert client.get(evidence_url(report)).status_code == 302
    for who, person in others().items():
        client.force_login(person)
        assert client.get(evidence_url(report)).status_code == 404, who


def test_a_report_without_evidence_or_not_there_is_a_404(client, commitment, official):
    client.force_login(official)
    bare = make_report(commitment)
    assert client.get(evidence_url(bare)).status_code == 404
    assert client.get(reverse("realisation_evidence", args=[bare.pk + 99])).status_code == 404


def test_pdf_evidence_is_served_as_pdf(client, commitment, firm_representative):
    report = make_report(commitment)
    report.evidence.save("faktur.pdf", ContentFile(MINIMAL_PDF), save=True)
    client.force_login(firm_representative)
    response = client.get(evidence_url(report))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith(f'realisasi-{report.pk}-bukti.pdf"')
