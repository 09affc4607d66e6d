"""Profile pages of UMKM and firms, as others see them once verified."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from partnerships.access import (
    find_own_firm,
    get_firm_for_viewer,
    get_umkm_for_viewer,
    may_see_firm_contacts,
    may_see_umkm_contacts,
)
from partnerships.models import Need


@require_safe
def umkm_detail(request: HttpRequest, pk: int) -> HttpResponse:
    umkm = get_umkm_for_viewer(request.user, pk)
    return render(
        request,
        "partnerships/public/umkm_detail.html",
        {
            "umkm": umkm,
            "is_owner": umkm.owner_id is not None and umkm.owner_id == request.user.pk,
            "show_contacts": may_see_umkm_contacts(request.user, umkm),
        },
    )


@require_safe
def firm_detail(request: HttpRequest, pk: int) -> HttpResponse:
    firm = get_firm_for_viewer(request.user, pk)
    own_firm = find_own_firm(request.user)
    is_representative = own_firm is not None and own_firm.pk == firm.pk
    return render(
        request,
        "partnerships/public/firm_detail.html",
        {
            "firm": firm,
            "is_representative": is_representative,
            # Representatives' names and addresses are personal data: for colleagues, officials
            # and the owners of UMKM matched with the firm.
            "show_representatives": is_representative or may_see_firm_contacts(request.user, firm),
            # One query, whatever their number: the needs list only needs their own columns.
            "open_needs": list(Need.objects.open().filter(firm=firm).order_by("deadline", "pk")),
        },
    )
