"""Signed documents and evidence are judged by their content: whole PDFs (and, for evidence,
JPEG or PNG pictures that open), at most 20 MB, whatever the file is called."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from partnerships import documents
from partnerships.documents import (
    MAX_DOCUMENT_BYTES,
    DocumentKind,
    check_evidence,
    check_pdf,
    document_kind,
)
from tests.partnerships.factories_commitment_records import (
    MINIMAL_PDF,
    image_bytes,
    pdf_upload,
)


def upload(content: bytes, name: str = "dokumen.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def refusal(check, content: bytes, name: str = "dokumen.pdf") -> ValidationError:
    with pytest.raises(ValidationError) as error:
        check(upload(content, name))
    return error.value


class BigUpload(io.BytesIO):
    """An upload that says it is ``size`` bytes without holding them all."""

    def __init__(self, content: bytes, size: int):
        super().__init__(content)
        self.size = size
        self.name = "besar.pdf"


# --- PDF -------------------------------------------------------------------------------------


def test_it_accepts_a_whole_pdf():
    assert check_pdf(pdf_upload()) is None


def test_it_accepts_a_pdf_whose_header_follows_some_bytes_as_readers_do():
    assert check_pdf(upload(b"\x00" * 200 + MINIMAL_PDF)) is None


def test_it_accepts_a_pdf_with_a_line_after_the_end_marker():
    assert check_pdf(upload(MINIMAL_PDF + b"\r\n" + b" " * 100)) is None


def test_it_refuses_a_text_file_named_pdf():
    with translation.override("en"):
        error = refusal(check_pdf, b"Surat Pernyataan Komitmen\n" * 20, "komitmen.pdf")
        assert error.code == "not_pdf"
        assert error.messages[0].startswith("The file is not a PDF:")
        assert "%PDF-" in error.messages[0]


def test_it_refuses_a_png_named_pdf():
    assert refusal(check_pdf, image_bytes("PNG"), "scan.pdf").code == "not_pdf"


def test_it_refuses_a_pdf_cut_off_before_its_end_marker():
    cut = MINIMAL_PDF[: len(MINIMAL_PDF) // 2]
    with translation.override("en"):
        error = refusal(check_pdf, cut)
    assert error.code == "pdf_truncated"
    assert "%%EOF" in error.messages[0]


def test_it_refuses_a_pdf_whose_header_is_beyond_the_first_1024_bytes():
    assert refusal(check_pdf, b" " * 1024 + MINIMAL_PDF).code == "not_pdf"


def test_it_refuses_an_empty_file():
    assert refusal(check_pdf, b"").code == "empty"


def test_it_refuses_a_pdf_over_20_mb_naming_its_size_in_indonesian_and_english():
    big = BigUpload(MINIMAL_PDF, size=round(23.4 * 1024 * 1024))
    # The message is translated when it is read, so it is read in the language at hand.
    with translation.override("id"):
        with pytest.raises(ValidationError) as error:
            check_pdf(big)
        assert error.value.code == "too_big"
        assert "23,4 MB" in error.value.messages[0]
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            check_pdf(big)
        assert error.value.messages == ["The file is 23.4 MB; at most 20 MB."]


def test_a_pdf_of_exactly_20_mb_is_accepted():
    padding = b"0" * (MAX_DOCUMENT_BYTES - len(MINIMAL_PDF))
    content = MINIMAL_PDF[:-6] + padding + MINIMAL_PDF[-6:]
    assert len(content) == MAX_DOCUMENT_BYTES
    assert check_pdf(upload(content)) is None
    assert refusal(check_pdf, content + b"\n").code == "too_big"


def test_it_reads_a_file_without_a_size_attribute():
    assert check_pdf(io.BytesIO(MINIMAL_PDF)) is None


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=4096))
def test_random_bytes_without_the_pdf_header_are_refused(content):
    if b"%PDF-" in content[:1024]:
        return
    with pytest.raises(ValidationError):
        check_pdf(upload(content))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2048), st.binary(max_size=500).filter(lambda tail: b"%" not in tail))
def test_bytes_between_a_header_and_an_end_marker_are_accepted(middle, after):
    # Whatever the body holds, the two markers where readers look for them make it a PDF.
    content = b"%PDF-1.7\n" + middle + b"\n%%EOF" + after
    assert check_pdf(upload(content)) is None


@settings(max_examples=100, deadline=None)
@given(st.binary(min_size=1, max_size=4096))
def test_random_bytes_are_never_evidence_unless_they_are_a_pdf(content):
    if b"%PDF-" in content[:1024]:
        return
    with pytest.raises(ValidationError):
        check_evidence(upload(content, "bukti.jpg"))


# --- evidence --------------------------------------------------------------------------------


def test_evidence_may_be_a_pdf():
    assert check_evidence(pdf_upload()) == DocumentKind.PDF


@pytest.mark.parametrize(
    ("image_format", "kind"), [("JPEG", DocumentKind.JPEG), ("PNG", DocumentKind.PNG)]
)
def test_evidence_may_be_a_jpeg_or_png_photo_whatever_it_is_called(image_format, kind):
    assert check_evidence(upload(image_bytes(image_format), "nota.pdf")) == kind


@pytest.mark.parametrize("image_format", ["GIF", "BMP", "WEBP"])
def test_evidence_is_not_another_kind_of_picture(image_format):
    assert refusal(check_evidence, image_bytes(image_format), "nota.png").code == "not_evidence"


def test_evidence_refuses_a_damaged_png():
    data = bytearray(image_bytes("PNG"))
    data[40:60] = b"\x00" * 20  # breaks the image data's checksum
    assert refusal(check_evidence, bytes(data), "nota.png").code == "image_damaged"


def test_evidence_refuses_a_jpeg_header_followed_by_rubbish():
    assert refusal(check_evidence, b"\xff\xd8\xff" + b"rubbish" * 50).code == "image_damaged"


def test_evidence_refuses_a_decompression_bomb_with_a_clear_message(monkeypatch):
    # A 200 x 200 picture against a limit of 10.000 pixels stands in for a real bomb.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10_000)
    with translation.override("en"):
        error = refusal(check_evidence, image_bytes("PNG", size=(200, 200)), "nota.png")
        assert error.code == "too_many_pixels"
        assert "too many pixels" in error.messages[0]


def test_evidence_refuses_a_cut_off_pdf_and_a_big_file():
    assert refusal(check_evidence, MINIMAL_PDF[:100]).code == "pdf_truncated"
    with pytest.raises(ValidationError) as error:
        check_evidence(BigUpload(MINIMAL_PDF, MAX_DOCUMENT_BYTES + 1))
    assert error.value.code == "too_big"


def test_the_checks_leave_the_file_at_its_start_for_storage():
    pdf = pdf_upload()
    check_pdf(pdf)
    assert pdf.read(5) == b"%PDF-"
    photo = upload(image_bytes("JPEG"), "nota.jpg")
    check_evidence(photo)
    assert photo.read(3) == b"\xff\xd8\xff"


def test_document_kind_tells_a_stored_file_by_its_first_bytes():
    assert document_kind(MINIMAL_PDF[:1024]) == DocumentKind.PDF
    assert document_kind(image_bytes("JPEG")[:16]) == DocumentKind.JPEG
    assert document_kind(image_bytes("PNG")[:16]) == DocumentKind.PNG
    assert document_kind(b"<html>") is None
    assert documents.CONTENT_TYPES[DocumentKind.PDF] == "application/pdf"
