from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partnerships.admin.reference import ReferenceDataAdmin
from partnerships.admin.scope import regions_in_scope
from partnerships.models import Province, Regency


class RegionAdmin(ReferenceDataAdmin):
    """Regions are public reference data, listed in full; but as the choices of a field (the
    autocomplete of an UMKM's province, a firm's locations) a regional official is offered only
    their own provinces, which is all the form accepts from them."""

    # Explicit: the province list's annotation (a GROUP BY) drops the model's ordering.
    ordering = ("code",)

    def get_search_results(self, request: HttpRequest, queryset, search_term: str):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        match = request.resolver_match
        if match is not None and match.url_name == "autocomplete":
            queryset = regions_in_scope(self.model, queryset, request.user)
        return queryset, may_have_duplicates


@admin.register(Province)
class ProvinceAdmin(RegionAdmin):
    list_display = ("code", "name", "regency_count")
    search_fields = ("code", "name")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Province]:
        return super().get_queryset(request).annotate(regency_count=Count("regencies"))

    @admin.display(description=_("regencies and cities"), ordering="regency_count")
    def regency_count(self, province: Province) -> int:
        return province.regency_count


@admin.register(Regency)
class RegencyAdmin(RegionAdmin):
    list_display = ("code", "name", "kind", "province")
    list_filter = ("kind", "province")
    list_select_related = ("province",)
    search_fields = ("^code", "name", "province__name")
