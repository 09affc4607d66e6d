from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partnerships.admin.reference import ReferenceDataAdmin
from partnerships.models import Province, Regency


@admin.register(Province)
class ProvinceAdmin(ReferenceDataAdmin):
    list_display = ("code", "name", "regency_count")
    search_fields = ("code", "name")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Province]:
        return super().get_queryset(request).annotate(regency_count=Count("regencies"))

    @admin.display(description=_("regencies and cities"), ordering="regency_count")
    def regency_count(self, province: Province) -> int:
        return province.regency_count


@admin.register(Regency)
class RegencyAdmin(ReferenceDataAdmin):
    list_display = ("code", "name", "kind", "province")
    list_filter = ("kind", "province")
    list_select_related = ("province",)
    search_fields = ("^code", "name", "province__name")
