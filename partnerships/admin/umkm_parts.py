"""Admins of the parts of an UMKM whose changes reach the UMKM's own row: its search document
and the facts recommendations test (services.search_documents)."""

from partnerships.admin.scope import RegionalScopeAdmin
from partnerships.services.search_documents import umkm_search_document_refresh


class UmkmPartAdmin(RegionalScopeAdmin):
    """An admin of a model with an ``umkm`` foreign key that rewrites the UMKM's row (both
    UMKM's, when an edit moves the part) after every save and delete."""

    def save_model(self, request, obj, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        umkm_search_document_refresh(umkm_id=obj.umkm_id)
        if change and "umkm" in form.changed_data and form.initial.get("umkm"):
            umkm_search_document_refresh(umkm_id=form.initial["umkm"])

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        umkm_search_document_refresh(umkm_id=obj.umkm_id)

    def delete_queryset(self, request, queryset) -> None:
        umkm_ids = set(queryset.values_list("umkm_id", flat=True))
        super().delete_queryset(request, queryset)
        for umkm_id in sorted(umkm_ids):
            umkm_search_document_refresh(umkm_id=umkm_id)
