"""Signed documents and realisation evidence: checked by their content, never by their name.

Plain functions over uploaded files (anything with ``read``, ``seek`` and ideally ``size``), so
they are tested without a database or storage. A commitment's statement and agreement must be
PDF (``check_pdf``); the evidence of a realisation report may also be a photo of a delivery
note or a receipt (``check_evidence``: PDF, JPEG or PNG). Both refuse files over
MAX_DOCUMENT_BYTES, and the error says what is wrong in the reader's language.

What counts as a PDF is what readers accept (ISO 32000 and Acrobat's implementation notes):
the header ``%PDF-`` within the first 1024 bytes and the end-of-file marker ``%%EOF`` within
the last 1024 bytes. A file cut off during upload has no marker at its end and is refused. An
image is opened with Pillow and verified; a decompression bomb (a small file that expands to
gigabytes of pixels) is refused before its pixels are decoded.

``document_kind`` tells, from the first bytes of a stored file, what it is: the download view
serves it with that content type, whatever name it was uploaded under.
"""

import io
import warnings
from decimal import ROUND_HALF_UP, Decimal
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_DOCUMENT_MB = MAX_DOCUMENT_BYTES // (1024 * 1024)
PDF_HEADER = b"%PDF-"
PDF_END = b"%%EOF"
# Where readers look for the header and the end-of-file marker.
PDF_WINDOW = 1024
JPEG_START = b"\xff\xd8\xff"
PNG_START = b"\x89PNG\r\n\x1a\n"


class DocumentKind:
    PDF = "pdf"
    JPEG = "jpeg"
    PNG = "png"


CONTENT_TYPES = {
    DocumentKind.PDF: "application/pdf",
    DocumentKind.JPEG: "image/jpeg",
    DocumentKind.PNG: "image/png",
}
EXTENSIONS = {DocumentKind.PDF: "pdf", DocumentKind.JPEG: "jpg", DocumentKind.PNG: "png"}
PILLOW_FORMATS = {"JPEG": DocumentKind.JPEG, "PNG": DocumentKind.PNG}


def size_in_mb(size: int) -> str:
    """ "23,4" in Indonesian, "23.4" in English: one decimal is enough to compare with 20."""
    megabytes = (Decimal(size) / (1024 * 1024)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return number_format(megabytes, decimal_pos=1)


def _size_of(upload: BinaryIO) -> int:
    size = getattr(upload, "size", None)
    if isinstance(size, int):
        return size
    upload.seek(0, io.SEEK_END)
    size = upload.tell()
    upload.seek(0)
    return size


def _check_size(upload: BinaryIO) -> int:
    size = _size_of(upload)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("The file is %(size)s MB; at most %(limit)d MB."),
            code="too_big",
            params={"size": size_in_mb(size), "limit": MAX_DOCUMENT_MB},
        )
    return size


def _head_and_tail(upload: BinaryIO, size: int) -> tuple[bytes, bytes]:
    upload.seek(0)
    head = upload.read(PDF_WINDOW)
    upload.seek(max(0, size - PDF_WINDOW))
    tail = upload.read(PDF_WINDOW)
    upload.seek(0)
    return head, tail


def _pdf_problem(head: bytes, tail: bytes):
    """Why these first and last bytes are not a PDF's, or None when they are."""
    if PDF_HEADER not in head:
        return ValidationError(
            _(
                "The file is not a PDF: its content does not start with “%(header)s”, whatever "
                "its name says. Scan or export the signed document as PDF."
            ),
            code="not_pdf",
            params={"header": PDF_HEADER.decode()},
        )
    if PDF_END not in tail:
        return ValidationError(
            _(
                "The file is not a PDF: it does not end with the “%(marker)s” marker, so it is "
                "cut off or damaged. Upload it again."
            ),
            code="pdf_truncated",
            params={"marker": PDF_END.decode()},
        )
    return None


def check_pdf(upload: BinaryIO) -> None:
    """Refuses (ValidationError) anything but a whole PDF of at most MAX_DOCUMENT_BYTES."""
    size = _check_size(upload)
    problem = _pdf_problem(*_head_and_tail(upload, size))
    if problem is not None:
        raise problem


def _not_evidence() -> ValidationError:
    return ValidationError(
        _(
            "The file is not a PDF, JPEG or PNG, whatever its name says. Upload the delivery "
            "note, invoice or receipt as a PDF or a photo."
        ),
        code="not_evidence",
    )


def _check_image(upload: BinaryIO) -> str:
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its two bomb limits; treat the warning as a refusal.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                kind = PILLOW_FORMATS.get(image.format or "")
                if kind is None:
                    raise _not_evidence()
                image.verify()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _(
                "The picture has too many pixels to open safely (more than %(pixels)s "
                "million). Take the photo again at a normal size."
            ),
            code="too_many_pixels",
            params={"pixels": number_format(Image.MAX_IMAGE_PIXELS // 1_000_000)},
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(
            _("The picture is damaged or cut off: it cannot be opened. Upload it again."),
            code="image_damaged",
        ) from None
    finally:
        upload.seek(0)
    return kind


def check_evidence(upload: BinaryIO) -> str:
    """The kind of evidence (DocumentKind: a whole PDF, a JPEG or a PNG that opens) of at most
    MAX_DOCUMENT_BYTES; ValidationError for anything else."""
    size = _check_size(upload)
    head, tail = _head_and_tail(upload, size)
    if head.startswith((JPEG_START, PNG_START)):
        return _check_image(upload)
    if PDF_HEADER in head:
        problem = _pdf_problem(head, tail)
        if problem is not None:
            raise problem
        return DocumentKind.PDF
    raise _not_evidence()


def document_kind(head: bytes) -> str | None:
    """What a stored file is, from its first bytes (as checked on upload), or None."""
    if head.startswith(JPEG_START):
        return DocumentKind.JPEG
    if head.startswith(PNG_START):
        return DocumentKind.PNG
    if PDF_HEADER in head[:PDF_WINDOW]:
        return DocumentKind.PDF
    return None
