"""A partnership need's public page, /needs/<id>/."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from partnerships.access import find_own_firm, get_need_for_viewer
from partnerships.forms.recommendations import NearbyForm
from partnerships.models import NeedState
from partnerships.recommendations import recommend_umkm

RECOMMENDED_ON_THE_PAGE = 10


@require_safe
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_need_for_viewer(request.user, pk)
    own_firm = find_own_firm(request.user)
    is_representative = own_firm is not None and own_firm.pk == need.firm_id
    days_left = (need.deadline - timezone.localdate()).days
    # The firm's own people and officials see which UMKM fit the need; nobody else does.
    recommending = (is_representative or request.user.is_staff) and need.is_open
    nearby = NearbyForm(request.GET or None)
    return render(
        request,
        "partnerships/public/need_detail.html",
        {
            "need": need,
            "firm": need.firm,
            "is_representative": is_representative,
            "may_edit": is_representative and need.state == NeedState.OPEN,
            "days_left": days_left,
            "past_deadline": need.state == NeedState.OPEN and days_left < 0,
            "recommending": recommending,
            "nearby_form": nearby,
            "recommendations": recommend_umkm(
                firm=need.firm,
                need=need,
                limit=RECOMMENDED_ON_THE_PAGE,
                nearby_only=nearby.nearby_only(),
            )
            if recommending and need.firm.is_verified
            else [],
        },
    )
