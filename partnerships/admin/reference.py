from django.contrib import admin
from django.http import HttpRequest


class ReferenceDataAdmin(admin.ModelAdmin):
    """Reference data comes from official sources through migrations: officials only read it."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
