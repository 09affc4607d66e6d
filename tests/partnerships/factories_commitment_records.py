"""Commitments recorded the way officials record them: through the services, with signed PDFs.

``MINIMAL_PDF`` is a small, whole PDF (header, one empty page, cross-reference table, trailer
and end-of-file marker); ``pdf_upload()`` wraps it (or any bytes) as an uploaded file.
``record()`` records a statement of commitment through ``commitment_record`` between a new
verified firm and a new verified UMKM in Bandung; ``commitment_form_data()`` is what the
admin's add form posts for the same.
"""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from partnerships.models import Commitment, PartnershipPattern, VerificationState
from partnerships.services.commitments import commitment_record
from tests.partnerships.factories import make_firm, make_umkm, regency

MINIMAL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
    b"0000000115 00000 n \n"
    b"trailer << /Size 4 /Root 1 0 R >>\nstartxref\n190\n%%EOF\n"
)


def pdf_upload(content: bytes = MINIMAL_PDF, name: str = "komitmen.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def image_bytes(image_format: str = "PNG", size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (20, 120, 60)).save(out, format=image_format)
    return out.getvalue()


def image_upload(image_format: str = "PNG", name: str = "bukti.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(image_format))


def verified_parties(umkm_regency=None, firm_locations=()):
    umkm_fields = {"regency": regency(umkm_regency)} if umkm_regency else {}
    return (
        make_firm(state=VerificationState.VERIFIED, locations=firm_locations),
        make_umkm(state=VerificationState.VERIFIED, **umkm_fields),
    )


def record_fields(**overrides) -> dict:
    signed_on = overrides.pop("statement_signed_on", timezone.localdate() - timedelta(days=30))
    fields = {
        "value": 250_000_000,
        "pattern": PartnershipPattern.SUPPLY_CHAIN,
        "scope": "Pasokan keripik tempe 2.000 bungkus per bulan.",
        "period_start": signed_on,
        "period_end": signed_on + timedelta(days=365),
        "statement_signed_on": signed_on,
        "signing_event": "Penandatanganan Komitmen Kemitraan BKPM, 18 Januari 2021",
        "firm_signatory": "Hendra Wijaya",
        "firm_signatory_title": "Direktur Pengadaan",
        "umkm_signatory": "Sri Wahyuni",
        "umkm_signatory_title": "Pemilik",
    }
    fields.update(overrides)
    return fields


def record(official, **overrides) -> Commitment:
    """A statement of commitment recorded through the service by ``official``."""
    if "firm" not in overrides or "umkm" not in overrides:
        firm, umkm = verified_parties()
        overrides.setdefault("firm", firm)
        overrides.setdefault("umkm", umkm)
    return commitment_record(official=official, **record_fields(**overrides))


def commitment_form_data(firm, umkm, **overrides) -> dict:
    """The admin add form's POST for a commitment between ``firm`` and ``umkm``."""
    fields = record_fields()
    data = {
        "firm": firm.pk,
        "umkm": umkm.pk,
        "session": "",
        "match": "",
        "value": "250.000.000",
        "pattern": fields["pattern"],
        "scope": fields["scope"],
        "period_start": fields["period_start"].isoformat(),
        "period_end": fields["period_end"].isoformat(),
        "statement_signed_on": fields["statement_signed_on"].isoformat(),
        "signing_event": fields["signing_event"],
        "firm_signatory": fields["firm_signatory"],
        "firm_signatory_title": fields["firm_signatory_title"],
        "umkm_signatory": fields["umkm_signatory"],
        "umkm_signatory_title": fields["umkm_signatory_title"],
        # The management form of the realisation reports' inline (on the change page only).
        "realisation_reports-TOTAL_FORMS": "0",
        "realisation_reports-INITIAL_FORMS": "0",
        "realisation_reports-MIN_NUM_FORMS": "0",
        "realisation_reports-MAX_NUM_FORMS": "0",
    }
    data.update(overrides)
    return data
