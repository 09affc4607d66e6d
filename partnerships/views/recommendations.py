"""/dashboard/recommendations/: for a firm representative, the UMKM that fit the firm (or one
of its open needs) best; for an UMKM owner, the open needs and firms that fit the business best.
Each with its score and the reasons for it (partnerships.match_scoring)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe

from partnerships.access import own_firm_required, own_umkm_required
from partnerships.forms.recommendations import RecommendationForm
from partnerships.models import Firm, Umkm
from partnerships.recommendations import recommend_for_umkm, recommend_umkm

UMKM_SHOWN = 20
PARTNERS_SHOWN = 10


@require_safe
@login_required
def recommendation_list(request: HttpRequest) -> HttpResponse:
    if request.user.is_firm_representative:
        return _for_firm(request)
    if request.user.is_umkm_owner:
        return _for_umkm(request)
    raise PermissionDenied


@own_firm_required
def _for_firm(request: HttpRequest, firm: Firm) -> HttpResponse:
    form = RecommendationForm(request.GET or None, firm=firm)
    need = form.chosen_need() if firm.is_verified else None
    recommendations = (
        recommend_umkm(firm=firm, need=need, limit=UMKM_SHOWN, nearby_only=form.nearby_only())
        if firm.is_verified
        else []
    )
    return render(
        request,
        "partnerships/recommendations/firm.html",
        {"firm": firm, "form": form, "need": need, "recommendations": recommendations},
    )


@own_umkm_required
def _for_umkm(request: HttpRequest, umkm: Umkm) -> HttpResponse:
    recommendations = (
        recommend_for_umkm(umkm=umkm, limit=PARTNERS_SHOWN) if umkm.is_verified else []
    )
    return render(
        request,
        "partnerships/recommendations/umkm.html",
        {"umkm": umkm, "recommendations": recommendations},
    )


urlpatterns = [path("", recommendation_list, name="recommendations")]
