from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from partnerships.admin.scope import RegionalScopeAdmin
from partnerships.models import Product
from partnerships.officials import ByUmkm
from partnerships.services.search_documents import umkm_search_document_refresh


@admin.register(Product)
class ProductAdmin(RegionalScopeAdmin):
    """Photos are uploaded (checked and re-encoded) on the site and served only through a view
    that checks who may see them, so the admin neither uploads nor links them."""

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

    # A product's name and description are part of its UMKM's search document.
    def save_model(self, request, obj: Product, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        umkm_search_document_refresh(umkm_id=obj.umkm_id)
        if change and "umkm" in form.changed_data and form.initial.get("umkm"):
            umkm_search_document_refresh(umkm_id=form.initial["umkm"])

    def delete_model(self, request, obj: Product) -> None:
        super().delete_model(request, obj)
        umkm_search_document_refresh(umkm_id=obj.umkm_id)

    def delete_queryset(self, request, queryset) -> None:
        umkm_ids = set(queryset.values_list("umkm_id", flat=True))
        super().delete_queryset(request, queryset)
        for umkm_id in sorted(umkm_ids):
            umkm_search_document_refresh(umkm_id=umkm_id)

    @admin.display(description=_("photo"), boolean=True)
    def has_photo(self, product: Product) -> bool:
        return bool(product.photo)
