import pytest

from partnerships.models import Product
from partnerships.photos import process_photo
from partnerships.services.products import product_create, product_delete, product_update
from tests.partnerships.factories import make_umkm
from tests.partnerships.test_photos import image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


DATA = {"name": "Keripik", "unit": "pcs", "monthly_capacity": 100, "minimum_order": 10}


def stored(tmp_path) -> set[str]:
    return {path.name for path in (tmp_path / "products").glob("*")}


def test_it_stores_the_photo_and_thumbnail_under_random_names(tmp_path):
    product = product_create(umkm=make_umkm(), data=DATA, photo=process_photo(image_bytes()))
    assert product.photo.name.endswith(".jpg")
    assert product.thumbnail.name.endswith(".webp")
    assert len(stored(tmp_path)) == 2


def test_replacing_the_photo_deletes_the_old_files_after_commit(
    tmp_path, django_capture_on_commit_callbacks
):
    product = product_create(umkm=make_umkm(), data=DATA, photo=process_photo(image_bytes()))
    old = stored(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        product_update(
            product=product, data={"name": "Baru"}, photo=process_photo(image_bytes("PNG"))
        )
        assert len(stored(tmp_path)) == 4  # the old ones stay until the commit
    assert len(stored(tmp_path)) == 2
    assert not old & stored(tmp_path)


def test_removing_the_photo_deletes_its_files(tmp_path, django_capture_on_commit_callbacks):
    product = product_create(umkm=make_umkm(), data=DATA, photo=process_photo(image_bytes()))
    with django_capture_on_commit_callbacks(execute=True):
        product_update(product=product, data={}, photo=None, remove_photo=True)
    product.refresh_from_db()
    assert not product.photo
    assert stored(tmp_path) == set()


def test_deleting_a_product_deletes_its_files(tmp_path, django_capture_on_commit_callbacks):
    product = product_create(umkm=make_umkm(), data=DATA, photo=process_photo(image_bytes()))
    with django_capture_on_commit_callbacks(execute=True):
        product_delete(product=product)
    assert not Product.objects.exists()
    assert stored(tmp_path) == set()


def test_a_failed_save_leaves_no_new_files_behind(tmp_path):
    with pytest.raises(Exception):  # noqa: B017, PT011 - the database refuses a zero capacity
        product_create(
            umkm=make_umkm(),
            data={**DATA, "monthly_capacity": 0},
            photo=process_photo(image_bytes()),
        )
    assert stored(tmp_path) == set()


def test_the_row_keeps_the_monthly_capacity_by_unit_as_products_change():
    """Recommendations read a need's capacity part from ``Umkm.capacity_by_unit``."""
    umkm = make_umkm()
    chips = product_create(umkm=umkm, data=DATA, photo=None)
    product_create(umkm=umkm, data=DATA | {"name": "Rempeyek", "unit": " PCS "}, photo=None)
    product_create(umkm=umkm, data=DATA | {"name": "Gula aren", "unit": "kg"}, photo=None)
    umkm.refresh_from_db()
    assert umkm.capacity_by_unit == {"kg": 100, "pcs": 200}

    product_update(product=chips, data={"monthly_capacity": 250}, photo=None)
    umkm.refresh_from_db()
    assert umkm.capacity_by_unit == {"kg": 100, "pcs": 350}

    product_delete(product=chips)
    umkm.refresh_from_db()
    assert umkm.capacity_by_unit == {"kg": 100, "pcs": 100}
