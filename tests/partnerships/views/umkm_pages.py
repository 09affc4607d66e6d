"""Helpers shared by the UMKM page tests: English URLs, the page's text and a photo upload."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image


def en(name: str, *args) -> str:
    """The English URL, so the tests read the source strings whatever gets translated."""
    with translation.override("en"):
        return reverse(name, args=args)


def page(response) -> str:
    return response.content.decode()


def upload(image_format: str = "PNG", name: str = "photo.png", size=(640, 480)):
    out = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(out, format=image_format)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")
