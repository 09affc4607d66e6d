import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partnerships.models import Product
from partnerships.photos import MAX_UPLOAD_BYTES
from tests.partnerships.factories import make_owner, make_representative, make_umkm, verify
from tests.partnerships.views.umkm_pages import en, page, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def owner_client(client):
    owner = make_owner()
    client.force_login(owner)
    client.umkm = make_umkm(owner=owner)
    return client


def product_data(**overrides) -> dict:
    return {
        "name": "Kain batik tulis 2 m",
        "unit": "lembar",
        "monthly_capacity": "120",
        "minimum_order": "10",
        "price_min": "350.000",
        "price_max": "Rp 750.000",
        **overrides,
    }


def add_product(client, **overrides) -> Product:
    client.post(en("umkm_product_add"), {**product_data(), "photo": upload(), **overrides})
    return Product.objects.latest("pk")


class TestOwnerPages:
    def test_an_owner_adds_a_product_with_a_photo(self, owner_client):
        response = owner_client.post(en("umkm_product_add"), {**product_data(), "photo": upload()})
        assert response.status_code == 302
        product = Product.objects.get()
        assert product.umkm == owner_client.umkm
        assert product.price_min == 350_000
        assert product.photo.name.endswith(".jpg")
        assert product.thumbnail.name.endswith(".webp")
        html = page(owner_client.get(en("umkm_products")))
        assert "Kain batik tulis 2 m" in html
        assert en("product_thumbnail", product.pk) in html

    def test_a_png_named_jpg_is_accepted_by_its_content(self, owner_client):
        response = owner_client.post(
            en("umkm_product_add"), {**product_data(), "photo": upload("PNG", name="batik.jpg")}
        )
        assert response.status_code == 302

    def test_a_text_file_named_jpg_is_refused_and_the_rest_kept(self, owner_client):
        fake = SimpleUploadedFile("batik.jpg", b"not an image", content_type="image/jpeg")
        response = owner_client.post(en("umkm_product_add"), {**product_data(), "photo": fake})
        html = page(response)
        assert response.status_code == 200
        assert "not a photo we can use" in html
        assert "choose the photo again" in html
        assert "Kain batik tulis 2 m" in html
        assert "Rp 750.000" in html
        assert not Product.objects.exists()

    def test_a_too_big_upload_is_refused_with_its_size_in_mb(self, owner_client):
        big = SimpleUploadedFile("big.jpg", b"\xff" * (MAX_UPLOAD_BYTES + 1024 * 1024))
        response = owner_client.post(en("umkm_product_add"), {**product_data(), "photo": big})
        html = page(response)
        assert "This file is 6.0 MB; a photo may be at most 5 MB." in html
        assert not Product.objects.exists()

    def test_a_price_range_upside_down_is_refused(self, owner_client):
        response = owner_client.post(
            en("umkm_product_add"), product_data(price_min="900.000", price_max="100.000")
        )
        assert "cannot be lower than the lowest price" in page(response)

    def test_an_owner_edits_a_product_and_replaces_its_photo(self, owner_client, tmp_path):
        product = add_product(owner_client)
        old = {product.photo.name, product.thumbnail.name}
        owner_client.post(
            en("umkm_product_edit", product.pk),
            {**product_data(name="Kain batik cap"), "photo": upload("JPEG", "new.jpg")},
        )
        product.refresh_from_db()
        assert product.name == "Kain batik cap"
        assert old.isdisjoint({product.photo.name, product.thumbnail.name})

    def test_removing_a_product_asks_first(self, owner_client):
        product = add_product(owner_client)
        response = owner_client.get(en("umkm_product_delete", product.pk))
        assert "Yes, remove it" in page(response)
        assert Product.objects.exists()
        owner_client.post(en("umkm_product_delete", product.pk))
        assert not Product.objects.exists()

    @pytest.mark.parametrize("name", ["umkm_product_edit", "umkm_product_delete"])
    def test_an_owner_cannot_reach_another_owners_product(self, owner_client, name):
        theirs = Product.objects.create(
            umkm=make_umkm(), name="Milik lain", unit="pcs", monthly_capacity=1
        )
        assert owner_client.get(en(name, theirs.pk)).status_code == 404
        assert owner_client.post(en(name, theirs.pk), product_data()).status_code == 404
        theirs.refresh_from_db()
        assert theirs.name == "Milik lain"

    @pytest.mark.parametrize("count", [1, 10])
    def test_the_list_makes_the_same_number_of_queries(
        self, owner_client, count, django_assert_num_queries
    ):
        for number in range(count):
            Product.objects.create(
                umkm=owner_client.umkm, name=f"Produk {number}", unit="pcs", monthly_capacity=5
            )
        with django_assert_num_queries(4):
            response = owner_client.get(en("umkm_products"))
        assert page(response).count('class="umkm-product card"') == count


class TestPhotoServing:
    @pytest.fixture
    def product(self, owner_client) -> Product:
        return add_product(owner_client)

    def test_the_owner_sees_the_photo_of_an_unverified_umkm_privately(self, owner_client, product):
        response = owner_client.get(en("product_photo", product.pk))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "private" in response["Cache-Control"]
        assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
        thumbnail = owner_client.get(en("product_thumbnail", product.pk))
        assert thumbnail["Content-Type"] == "image/webp"

    def test_others_get_404_while_the_umkm_is_unverified(self, client, product):
        client.logout()  # the owner's fixture signed this client in
        assert client.get(en("product_photo", product.pk)).status_code == 404
        client.force_login(make_representative().user)
        assert client.get(en("product_thumbnail", product.pk)).status_code == 404

    def test_an_official_sees_an_unverified_photo(self, client, official, product):
        client.force_login(official)
        assert client.get(en("product_photo", product.pk)).status_code == 200

    def test_everyone_sees_a_verified_umkms_photo_and_may_cache_it(self, client, product):
        verify(product.umkm)
        client.logout()
        response = client.get(en("product_photo", product.pk))
        assert response.status_code == 200
        assert response["Cache-Control"].startswith("public, max-age=")

    def test_a_product_without_a_photo_is_404(self, client, owner_client):
        bare = Product.objects.create(
            umkm=owner_client.umkm, name="Jasa jahit", unit="order", monthly_capacity=5
        )
        assert owner_client.get(en("product_photo", bare.pk)).status_code == 404
        assert client.get(en("product_photo", 999_999)).status_code == 404

    def test_a_missing_file_is_404_not_500(self, owner_client, product, tmp_path):
        (tmp_path / product.photo.name).unlink()
        assert owner_client.get(en("product_photo", product.pk)).status_code == 404
