"""Helpers shared by the UMKM page tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from partnerships.models import Umkm, VerificationState


def en(name: str, *args) -> str:
    """The English URL, so the tests read the source strings whatever gets translated."""
    with translation.override("en"):
        return reverse(name, args=args)


def page(response) -> str:
    return response.content.decode()


def verify(umkm: Umkm) -> Umkm:
    now = timezone.now()
    Umkm.objects.filter(pk=umkm.pk).update(
        verification_state=VerificationState.VERIFIED, submitted_at=now, reviewed_at=now
    )
    umkm.refresh_from_db()
    return umkm


def upload(image_format: str = "PNG", name: str = "photo.png", size=(640, 480)):
    out = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(out, format=image_format)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")
