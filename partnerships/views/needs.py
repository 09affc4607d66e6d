"""A partnership need's public page, /needs/<id>/."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from partnerships.access import find_own_firm, get_need_for_viewer
from partnerships.models import NeedState


@require_safe
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_need_for_viewer(request.user, pk)
    own_firm = find_own_firm(request.user)
    is_representative = own_firm is not None and own_firm.pk == need.firm_id
    days_left = (need.deadline - timezone.localdate()).days
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
        },
    )
