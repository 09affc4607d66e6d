"""Claim codes as officials see them: who issued which, to whom, and whether it was used.

Read only: codes are issued from an UMKM's page ("Issue a claim code"), and the code itself
is never stored, only its digest.
"""

from django.contrib import admin
from django.http import HttpRequest

from partnerships.admin.scope import RegionalScopeAdmin
from partnerships.models import ClaimCode


@admin.register(ClaimCode)
class ClaimCodeAdmin(RegionalScopeAdmin):
    list_display = (
        "umkm",
        "created_by",
        "sent_to_email",
        "created_at",
        "expires_at",
        "claimed_at",
        "claimed_by",
        "revoked_at",
    )
    fields = list_display
    readonly_fields = list_display
    list_select_related = ("umkm", "created_by", "claimed_by")
    search_fields = ("umkm__name", "umkm__nib", "sent_to_email")
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
