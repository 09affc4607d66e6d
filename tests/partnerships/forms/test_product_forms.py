import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from partnerships.forms.products import ProductForm

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def png(name="photo.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 10)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def data(**overrides) -> dict:
    return {
        "name": "Keripik tempe 250 g",
        "unit": "pcs",
        "monthly_capacity": "2000",
        "minimum_order": "50",
        "price_min": "12.000",
        "price_max": "Rp 15.000",
        **overrides,
    }


def test_it_accepts_a_product_with_a_photo_and_processes_it():
    form = ProductForm(data(), {"photo": png()})
    assert form.is_valid(), form.errors
    assert form.processed_photo is not None
    assert form.product_data()["price_max"] == 15_000


def test_it_refuses_a_price_range_upside_down():
    form = ProductForm(data(price_min="20.000", price_max="10.000"))
    assert not form.is_valid()
    assert "price_max" in form.errors


def test_it_refuses_a_text_file_as_photo():
    upload = SimpleUploadedFile("photo.jpg", b"hello", content_type="image/jpeg")
    form = ProductForm(data(), {"photo": upload})
    assert not form.is_valid()
    assert "not a photo" in str(form.errors["photo"])


def test_it_asks_to_choose_the_photo_again_after_any_error():
    form = ProductForm(data(monthly_capacity="0"), {"photo": png()})
    assert not form.is_valid()
    assert "monthly_capacity" in form.errors
    assert "choose the photo again" in str(form.errors["photo"])


def test_it_offers_to_remove_a_photo_only_when_there_is_one():
    assert "remove_photo" not in ProductForm().fields
