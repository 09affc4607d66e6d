"""Product photos are checked by content, re-encoded without metadata and thumbnailed."""

import io

import pytest
from PIL import Image

from partnerships import photos
from partnerships.photos import PhotoError, process_photo


def image_bytes(image_format: str = "JPEG", size=(800, 600), mode="RGB", **save) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (200, 30, 30) if mode == "RGB" else None).save(
        out, format=image_format, **save
    )
    return out.getvalue()


def exif_jpeg(orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "SecretPhone X"  # Model
    exif[0x0112] = orientation  # Orientation
    return image_bytes("JPEG", size=(400, 200), exif=exif.tobytes())


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_it_accepts_jpeg_png_and_webp(image_format):
    result = process_photo(image_bytes(image_format))
    assert opened(result.photo).format == "JPEG"
    assert opened(result.thumbnail).format == "WEBP"


def test_it_judges_by_content_so_a_png_named_jpg_is_accepted():
    upload = io.BytesIO(image_bytes("PNG"))
    upload.name = "photo.jpg"
    assert opened(process_photo(upload).photo).format == "JPEG"


def test_it_refuses_a_text_file_named_jpg():
    upload = io.BytesIO(b"this is not a picture at all\n" * 10)
    upload.name = "photo.jpg"
    with pytest.raises(PhotoError) as error:
        process_photo(upload)
    assert error.value.code == "not_an_image"


@pytest.mark.parametrize("image_format", ["GIF", "BMP", "TIFF"])
def test_it_refuses_other_image_formats(image_format):
    with pytest.raises(PhotoError) as error:
        process_photo(image_bytes(image_format))
    assert error.value.code == "not_an_image"


def test_it_refuses_a_truncated_jpeg():
    data = image_bytes("JPEG")
    with pytest.raises(PhotoError):
        process_photo(data[: len(data) // 3])


def test_it_refuses_an_empty_file():
    with pytest.raises(PhotoError) as error:
        process_photo(b"")
    assert error.value.code == "empty"


def test_it_refuses_a_file_over_five_mb_and_says_its_size_in_mb():
    with pytest.raises(PhotoError) as error:
        process_photo(b"\xff" * (photos.MAX_UPLOAD_BYTES + 1))
    assert error.value.code == "too_big"
    assert "5.0 MB" in error.value.message
    assert "5 MB" in error.value.message


def test_it_refuses_a_decompression_bomb_before_decoding_it(monkeypatch):
    # A 2000 x 2000 PNG of one colour is a few kilobytes; the limit is lowered to make it a bomb.
    monkeypatch.setattr(photos, "MAX_PIXELS", 1_000_000)
    with pytest.raises(PhotoError) as error:
        process_photo(image_bytes("PNG", size=(2000, 2000)))
    assert error.value.code == "too_many_pixels"


def test_it_turns_pillows_bomb_warning_into_a_refusal(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000_000)
    with pytest.raises(PhotoError) as error:
        process_photo(image_bytes("PNG", size=(1500, 1000)))
    assert error.value.code == "too_many_pixels"


def test_it_strips_exif_from_photo_and_thumbnail():
    source = exif_jpeg()
    assert b"SecretPhone" in source
    result = process_photo(source)
    for data in (result.photo, result.thumbnail):
        assert b"SecretPhone" not in data
        assert not opened(data).getexif()


def test_it_turns_the_pixels_upright_before_dropping_the_orientation():
    # Orientation 6: the camera was turned; the stored 400 x 200 picture is shown 200 x 400.
    result = process_photo(exif_jpeg(orientation=6))
    assert opened(result.photo).size == (200, 400)
    assert (result.width, result.height) == (200, 400)


def test_it_caps_the_longest_side_and_makes_a_small_thumbnail():
    result = process_photo(image_bytes("PNG", size=(4000, 1000)))
    assert opened(result.photo).size == (photos.PHOTO_MAX_SIDE, 400)
    assert opened(result.thumbnail).size == (photos.THUMBNAIL_MAX_SIDE, 100)


def test_it_keeps_a_small_photo_at_its_size():
    assert opened(process_photo(image_bytes(size=(300, 200))).photo).size == (300, 200)


def test_it_puts_a_transparent_png_on_white():
    result = process_photo(image_bytes("PNG", size=(50, 50), mode="RGBA"))
    assert opened(result.photo).convert("RGB").getpixel((10, 10)) == (255, 255, 255)


def test_it_names_the_content_type_from_the_stored_extension():
    assert photos.content_type_for("products/abc.jpg") == "image/jpeg"
    assert photos.content_type_for("products/abc.webp") == "image/webp"
    assert photos.content_type_for("products/abc.exe") == "application/octet-stream"
