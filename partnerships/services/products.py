"""Adding, changing and removing an UMKM's products, and keeping their photo files tidy.

Files are written before the database row changes; replaced or removed files are deleted only
after the transaction commits, so a rolled-back change never leaves a row pointing at nothing.
"""

from django.core.files.base import ContentFile
from django.db import transaction

from partnerships.models import Product, Umkm
from partnerships.photos import ProcessedPhoto
from partnerships.services.search_documents import umkm_search_document_refresh

PHOTO_FIELDS = ("photo", "thumbnail")


def _stored_names(product: Product) -> list[str]:
    return [getattr(product, field).name for field in PHOTO_FIELDS if getattr(product, field)]


def _delete_files_after_commit(names: list[str]) -> None:
    if not names:
        return
    storage = Product._meta.get_field("photo").storage

    def delete():
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete)


def _attach_photo(product: Product, photo: ProcessedPhoto) -> list[str]:
    """Write the files (not the row) and return their names, to clean up on failure."""
    product.photo.save(f"photo.{photo.photo_extension}", ContentFile(photo.photo), save=False)
    product.thumbnail.save(
        f"thumbnail.{photo.thumbnail_extension}", ContentFile(photo.thumbnail), save=False
    )
    return _stored_names(product)


def _forget_new_files(names: list[str]) -> None:
    storage = Product._meta.get_field("photo").storage
    for name in names:
        storage.delete(name)


def product_create(*, umkm: Umkm, data: dict, photo: ProcessedPhoto | None) -> Product:
    product = Product(umkm=umkm, **data)
    new_files = _attach_photo(product, photo) if photo else []
    try:
        with transaction.atomic():
            product.save()
            umkm_search_document_refresh(umkm_id=product.umkm_id)
    except BaseException:
        _forget_new_files(new_files)
        raise
    return product


def product_update(
    *, product: Product, data: dict, photo: ProcessedPhoto | None, remove_photo: bool = False
) -> Product:
    old_files = _stored_names(product) if (photo or remove_photo) else []
    for name, value in data.items():
        setattr(product, name, value)
    new_files = []
    if photo:
        new_files = _attach_photo(product, photo)
    elif remove_photo:
        product.photo = product.thumbnail = ""
    try:
        with transaction.atomic():
            product.save(update_fields=[*data, *PHOTO_FIELDS, "updated_at"])
            umkm_search_document_refresh(umkm_id=product.umkm_id)
            _delete_files_after_commit(old_files)
    except BaseException:
        _forget_new_files(new_files)
        raise
    return product


@transaction.atomic
def product_delete(*, product: Product) -> None:
    files = _stored_names(product)
    product.delete()
    umkm_search_document_refresh(umkm_id=product.umkm_id)
    _delete_files_after_commit(files)
