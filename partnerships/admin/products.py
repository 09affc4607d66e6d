from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from partnerships.admin.umkm_parts import UmkmPartAdmin
from partnerships.models import Product
from partnerships.officials import ByUmkm


@admin.register(Product)
class ProductAdmin(UmkmPartAdmin):
    """Photos are uploaded (checked and re-encoded) on the site and served only through a view
    that checks who may see them, so the admin neither uploads nor links them. A product's
    name, description and capacity are part of its UMKM's row (UmkmPartAdmin)."""

    province_scope = ByUmkm("umkm")

    list_display = (
        "name",
        "umkm",
        "unit",
        "monthly_capacity",
        "minimum_order",
        "price_min",
        "price_max",
        "has_photo",
    )
    list_select_related = ("umkm",)
    search_fields = ("name", "umkm__name", "umkm__nib")
    autocomplete_fields = ("umkm",)
    fields = (
        "umkm",
        "name",
        "description",
        "unit",
        "monthly_capacity",
        "minimum_order",
        "price_min",
        "price_max",
        "has_photo",
        "created_at",
        "updated_at",
    )
    readonly_fields = ("has_photo", "created_at", "updated_at")

    @admin.display(description=_("photo"), boolean=True)
    def has_photo(self, product: Product) -> bool:
        return bool(product.photo)
