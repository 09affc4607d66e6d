"""The regencies of a province as JSON, for static/js/regions.js (reference data, no login)."""

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from partnerships.forms.regions import province_from_code, regencies_of


@require_GET
@cache_control(public=True, max_age=86_400)
def regencies_json(request):
    """GET ?province=<two-digit Kemendagri code>: [{"id", "code", "name"}], sorted by name.

    A missing or malformed code is a 400 with an empty list; the script then keeps the
    no-JavaScript refresh button.
    """
    province = province_from_code(request.GET.get("province"))
    if province is None:
        return JsonResponse([], safe=False, status=400)
    regencies = regencies_of(province).values("id", "code", "name")
    return JsonResponse(list(regencies), safe=False)


urlpatterns = [
    path("regions/regencies/", regencies_json, name="regencies_json"),
]
