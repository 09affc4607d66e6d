from django.contrib import admin

from partnerships.admin.reference import ReferenceDataAdmin
from partnerships.models import KbliCode


@admin.register(KbliCode)
class KbliCodeAdmin(ReferenceDataAdmin):
    list_display = ("code", "title_id", "title_en", "level", "section", "version")
    list_filter = ("version", "level", "section")
    list_select_related = ("parent",)
    # "^code" finds a code and everything under it: 107 gives 1071, 10711, ...
    search_fields = ("^code", "title_id", "title_en")
    fields = ("version", "code", "level", "title_id", "title_en", "parent", "section")
