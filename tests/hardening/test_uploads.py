"""Uploads that lie: files whose name says one type and whose content is another, decompression
bombs (a few hundred bytes declaring 30000 x 30000 pixels), files over the form's limit and
empty files. Each is refused with a message beside its field, and nothing is stored: no row,
no file. What may pass (a real picture under a wrong name) is stored and served as what it is,
never as what its name says.

The uploads: an UMKM's product photo (partnerships/photos.py), the evidence of a realisation
report (partnerships/documents.py check_evidence) and, in the admin, a commitment's signed
statement (check_pdf).
"""

import re
import struct
import zlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from partnerships.documents import MAX_DOCUMENT_BYTES
from partnerships.models import Commitment, Product, RealisationReport
from partnerships.photos import MAX_UPLOAD_BYTES
from tests.hardening.conftest import client_as
from tests.partnerships.factories_commitment_records import commitment_form_data, image_bytes
from tests.partnerships.factories_hardening import PDF

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9"/></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120


def png_declaring(width: int, height: int) -> bytes:
    """A tiny, well-formed PNG whose header claims ``width`` x ``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def error_beside(response, field_id: str) -> str:
    """The text of the error block linked to the field (aria-describedby), "" when none."""
    html = response.content.decode()
    field = re.search(rf'<(?:input|select|textarea)[^>]*id="{field_id}"[^>]*>', html)
    assert field is not None, f"no field {field_id}"
    assert f"{field_id}_error" in field.group(0), "the field does not point at its error"
    block = re.search(rf'<div id="{field_id}_error"[^>]*>(.*?)</div>', html, re.S)
    return re.sub(r"<[^>]+>", "", block.group(1)).strip() if block else ""


def stored_files() -> set[Path]:
    return {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}


# --- Product photos ------------------------------------------------------------------------

NOT_A_PHOTO = "This file is not a photo we can use. Choose a JPEG, PNG or WebP picture."
PRODUCT = {
    "name": "Keripik pedas level 5",
    "unit": "kg",
    "monthly_capacity": "200",
    "minimum_order": "10",
}
# A real picture (the factories' PNG is only enough for storage).
PICTURE = image_bytes("PNG")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        pytest.param("foto.jpg", HTML, NOT_A_PHOTO, id="html-named-jpg"),
        pytest.param("foto.png", PDF, NOT_A_PHOTO, id="pdf-named-png"),
        pytest.param("foto.png", SVG, NOT_A_PHOTO, id="svg-named-png"),
        pytest.param("foto.jpg", EXE, NOT_A_PHOTO, id="exe-named-jpg"),
        pytest.param(
            "bom.png", png_declaring(30_000, 30_000), "This picture is too large", id="bomb"
        ),
        pytest.param(
            "besar.png",
            png_declaring(8_000, 8_000),
            "This picture is too large (8000 x 8000 pixels).",
            id="64-megapixels",
        ),
        pytest.param(
            "berat.png",
            PICTURE + b"\x00" * MAX_UPLOAD_BYTES,
            "a photo may be at most 5 MB",
            id="over-5-mb",
        ),
        pytest.param("kosong.jpg", b"", "The submitted file is empty.", id="empty"),
    ],
)
@pytest.mark.parametrize("page", ["add", "edit"])
def test_a_photo_that_is_not_what_it_says_is_refused_beside_the_field(
    world, page, name, content, message
):
    client = client_as(world, "owner")
    path = (
        "/en/dashboard/umkm/products/add/"
        if page == "add"
        else f"/en/dashboard/umkm/products/{world.product.pk}/edit/"
    )
    photo_before = Product.objects.get(pk=world.product.pk).photo.name
    products, files = Product.objects.count(), stored_files()

    response = client.post(path, {**PRODUCT, "photo": upload(name, content, "image/jpeg")})

    assert response.status_code == 200
    assert message in error_beside(response, "id_photo")
    assert Product.objects.count() == products
    assert Product.objects.get(pk=world.product.pk).photo.name == photo_before
    assert stored_files() == files


def test_a_real_picture_under_a_pdf_name_is_stored_as_a_jpeg_of_our_own(world):
    """The name's lie carries no weight: the content is re-encoded and named by us."""
    client = client_as(world, "owner")

    response = client.post(
        "/en/dashboard/umkm/products/add/",
        {**PRODUCT, "photo": upload("katalog.pdf", PICTURE, "application/pdf")},
    )

    assert response.status_code == 302
    product = Product.objects.exclude(pk=world.product.pk).get(umkm=world.umkm)
    assert product.photo.name.endswith(".jpg")
    served = client.get(f"/products/{product.pk}/photo/")
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content).startswith(b"\xff\xd8\xff")


# --- Realisation evidence ------------------------------------------------------------------

NOT_EVIDENCE = "The file is not a PDF, JPEG or PNG, whatever its name says."


def report_data(evidence) -> dict:
    today = timezone.localdate()
    return {
        "report-period_start": (today - timedelta(days=20)).isoformat(),
        "report-period_end": (today - timedelta(days=10)).isoformat(),
        "report-value": "10.000.000",
        "report-event": "delivered",
        "report-notes": "Surat jalan terlampir.",
        "report-evidence": evidence,
    }


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        pytest.param("nota.jpg", HTML, NOT_EVIDENCE, id="html-named-jpg"),
        pytest.param("nota.pdf", HTML, NOT_EVIDENCE, id="html-named-pdf"),
        pytest.param("nota.pdf", EXE, NOT_EVIDENCE, id="exe-named-pdf"),
        pytest.param("nota.png", SVG, NOT_EVIDENCE, id="svg-named-png"),
        pytest.param("nota.pdf", b"%PDF-1.4\n1 0 obj\n", "it does not end with", id="cut-off-pdf"),
        pytest.param(
            "bom.png",
            png_declaring(30_000, 30_000),
            "The picture has too many pixels to open safely",
            id="bomb",
        ),
        pytest.param(
            "besar.pdf",
            b"%PDF-1.4\n" + b"0" * MAX_DOCUMENT_BYTES + b"\n%%EOF\n",
            "at most 20 MB",
            id="over-20-mb",
        ),
        pytest.param("kosong.pdf", b"", "The submitted file is empty.", id="empty"),
    ],
)
def test_evidence_that_is_not_what_it_says_is_refused_beside_the_field(
    world, name, content, message
):
    client = client_as(world, "owner")
    reports, files = RealisationReport.objects.count(), stored_files()

    response = client.post(
        f"/en/dashboard/commitments/{world.commitment.pk}/report/",
        report_data(upload(name, content, "application/pdf")),
    )

    assert response.status_code == 400
    assert message in error_beside(response, "id_report-evidence")
    assert RealisationReport.objects.count() == reports
    assert stored_files() == files


@pytest.mark.parametrize(
    ("name", "content", "content_type", "extension"),
    [
        pytest.param("nota.pdf", PICTURE, "image/png", "png", id="png-named-pdf"),
        pytest.param("nota.png", PDF, "application/pdf", "pdf", id="pdf-named-png"),
    ],
)
def test_evidence_under_a_wrong_name_is_served_as_what_it_is(
    world, name, content, content_type, extension
):
    client = client_as(world, "owner")
    existing = set(RealisationReport.objects.values_list("pk", flat=True))

    response = client.post(
        f"/en/dashboard/commitments/{world.commitment.pk}/report/",
        report_data(upload(name, content, "application/pdf")),
    )

    assert response.status_code == 302
    report = RealisationReport.objects.exclude(pk__in=existing).get()
    served = client_as(world, "representative").get(f"/commitments/reports/{report.pk}/evidence/")
    assert served["Content-Type"] == content_type
    assert f'filename="realisasi-{report.pk}-bukti.{extension}"' in served["Content-Disposition"]
    assert served["Content-Disposition"].startswith("attachment")
    assert served["X-Content-Type-Options"] == "nosniff"


# --- A commitment's signed statement, in the admin -----------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("pernyataan.pdf", PICTURE, id="png-named-pdf"),
        pytest.param("pernyataan.pdf", HTML, id="html-named-pdf"),
        pytest.param("pernyataan.pdf", png_declaring(30_000, 30_000), id="bomb-named-pdf"),
        pytest.param(
            "pernyataan.pdf", b"%PDF-1.7\n" + b"0" * MAX_DOCUMENT_BYTES + b"%%EOF", id="over-20-mb"
        ),
        pytest.param("pernyataan.pdf", b"", id="empty"),
    ],
)
def test_a_signed_statement_that_is_not_a_pdf_is_refused_beside_the_field(world, name, content):
    client = client_as(world, "official")
    commitments, files = Commitment.objects.count(), stored_files()
    data = commitment_form_data(world.other_firm, world.other_umkm)
    data["statement_document"] = upload(name, content, "application/pdf")

    response = client.post("/admin/partnerships/commitment/add/", data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors.get("statement_document")
    assert Commitment.objects.count() == commitments
    assert stored_files() == files
