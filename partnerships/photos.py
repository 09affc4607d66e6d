"""Product photos: checked by their content, re-encoded without metadata, and thumbnailed.

Plain functions over bytes and file objects, so they are tested without a database or storage.
The browser's file name and content type are never trusted: Pillow reads the bytes, and only
what it recognises as JPEG, PNG or WebP is accepted. Re-encoding drops EXIF (with GPS
positions and camera serial numbers) and anything else hidden in the file.
"""

import io
import warnings
from dataclasses import dataclass
from typing import BinaryIO

from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UPLOAD_MB = MAX_UPLOAD_BYTES // (1024 * 1024)
ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
# A 6000 x 6000 phone photo is 36 million pixels; far beyond that is a decompression bomb
# (a small file that expands to gigabytes in memory), refused before its pixels are decoded.
MAX_PIXELS = 50_000_000
PHOTO_MAX_SIDE = 1600
THUMBNAIL_MAX_SIDE = 400
PHOTO_FORMAT, PHOTO_EXTENSION, PHOTO_CONTENT_TYPE = "JPEG", "jpg", "image/jpeg"
THUMBNAIL_FORMAT, THUMBNAIL_EXTENSION, THUMBNAIL_CONTENT_TYPE = "WEBP", "webp", "image/webp"

CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
}


class PhotoError(ValueError):
    """The upload cannot be used as a photo; ``message`` says why in the user's language."""

    def __init__(self, message, code: str):
        super().__init__(str(message))
        self.message = message
        self.code = code


@dataclass(frozen=True)
class ProcessedPhoto:
    photo: bytes
    thumbnail: bytes
    width: int
    height: int
    photo_extension: str = PHOTO_EXTENSION
    thumbnail_extension: str = THUMBNAIL_EXTENSION


def size_in_mb(size: int) -> str:
    """ "6,2"-style megabytes for error messages; one decimal is enough to compare with 5."""
    return f"{size / (1024 * 1024):.1f}"


def read_limited(source: BinaryIO | bytes, limit: int = MAX_UPLOAD_BYTES) -> bytes:
    """The upload's bytes, refusing it once it is known to be over the limit."""
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    else:
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(limit + 1)
    if len(data) > limit:
        size = getattr(source, "size", None) or len(data)
        raise PhotoError(
            _("This file is %(size)s MB; a photo may be at most %(limit)s MB.")
            % {"size": size_in_mb(size), "limit": MAX_UPLOAD_MB},
            code="too_big",
        )
    return data


def _not_a_photo() -> PhotoError:
    return PhotoError(
        _("This file is not a photo we can use. Choose a JPEG, PNG or WebP picture."),
        code="not_an_image",
    )


def _open_checked(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its two bomb limits; treat the warning as a refusal.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ALLOWED_FORMATS:
                raise _not_a_photo()
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise PhotoError(
                    _("This picture is too large (%(width)s x %(height)s pixels).")
                    % {"width": width, "height": height},
                    code="too_many_pixels",
                )
            image.load()
    except PhotoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError(_("This picture is too large to open."), code="too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise _not_a_photo() from None
    return image


def _flattened(image: Image.Image) -> Image.Image:
    """RGB on white: JPEG has no transparency, and product photos look right on white."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _encode(image: Image.Image, max_side: int, image_format: str) -> bytes:
    copy = image.copy()
    copy.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # No exif=, icc_profile= or other info passed: the new file carries pixels only.
    if image_format == "JPEG":
        copy.save(out, format="JPEG", quality=85, optimize=True, progressive=True)
    else:
        copy.save(out, format=image_format, quality=80, method=4)
    return out.getvalue()


def process_photo(source: BinaryIO | bytes) -> ProcessedPhoto:
    """Check an upload and return the photo and thumbnail to store; raise PhotoError if unfit."""
    data = read_limited(source)
    if not data:
        raise PhotoError(_("The chosen file is empty."), code="empty")
    image = _open_checked(data)
    try:
        # Phones store portrait photos sideways with an EXIF note; turn the pixels first,
        # because the note itself is dropped below.
        upright = _flattened(ImageOps.exif_transpose(image))
        photo = _encode(upright, PHOTO_MAX_SIDE, PHOTO_FORMAT)
        thumbnail = _encode(upright, THUMBNAIL_MAX_SIDE, THUMBNAIL_FORMAT)
    except (OSError, ValueError, SyntaxError):
        raise _not_a_photo() from None
    finally:
        image.close()
    width, height = Image.open(io.BytesIO(photo)).size
    return ProcessedPhoto(photo=photo, thumbnail=thumbnail, width=width, height=height)


def content_type_for(name: str) -> str:
    """The Content-Type to serve a stored photo with, from the extension we gave it."""
    return CONTENT_TYPES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")
