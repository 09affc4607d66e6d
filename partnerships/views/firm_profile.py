"""The firm representative's pages under /dashboard/firm/: profile, sectors, locations, people.

The firm is always the signed-in person's own (never an id in the URL), so a representative
can only ever edit their own firm.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerships.access import find_own_firm, firm_representative_required, own_firm_required
from partnerships.forms.firms import (
    FirmInvitationForm,
    FirmLocationForm,
    FirmProfileForm,
    KbliChoiceForm,
    KbliSearchForm,
    RegencyChoiceForm,
)
from partnerships.forms.regions import REFRESH_REGENCIES, form_with_typed_data, is_refresh
from partnerships.models import FirmInvitation, FirmRepresentative
from partnerships.services.firm_invitations import firm_invitation_cancel, firm_invitation_send
from partnerships.services.firm_profiles import (
    FirmProfileError,
    firm_location_add,
    firm_location_remove,
    firm_profile_save,
    firm_sector_add,
    firm_sector_remove,
)


@firm_representative_required
def firm_profile_edit(request):
    firm = find_own_firm(request.user)
    job_title = (
        FirmRepresentative.objects.filter(firm=firm, user=request.user)
        .values_list("job_title", flat=True)
        .first()
        if firm
        else ""
    )
    form = FirmProfileForm(
        request.POST if request.method == "POST" else None,
        instance=firm,
        initial={"job_title": job_title},
    )
    if request.method == "POST" and form.is_valid():
        try:
            firm_profile_save(
                representative_user=request.user,
                firm=firm,
                data=form.cleaned_data,
                npwp_check_overridden=form.npwp_check_overridden,
            )
        except FirmProfileError:
            # Another tab created the firm a moment ago; show it rather than a second one.
            return redirect("firm_profile_edit")
        messages.success(request, _("The firm's profile is saved."))
        return redirect("dashboard")
    return render(
        request,
        "partnerships/firm/profile_form.html",
        {"form": form, "firm": firm, "section": "profile"},
    )


@own_firm_required
def firm_sectors(request, firm):
    choice_form = None
    if request.method == "POST":
        choice_form = KbliChoiceForm(request.POST)
        if choice_form.is_valid():
            kbli = choice_form.cleaned_data["code"]
            if request.POST.get("action") == "remove":
                firm_sector_remove(firm=firm, kbli=kbli)
            else:
                firm_sector_add(firm=firm, kbli=kbli)
            query = request.POST.get("q", "").strip()
            url = reverse("firm_sectors")
            return redirect(f"{url}?{urlencode({'q': query})}" if query else url)
        search_form = KbliSearchForm({"q": request.POST.get("q", "")})
    else:
        search_form = KbliSearchForm(request.GET)
    results, more = search_form.results()
    sectors = list(firm.sectors.order_by("code"))
    chosen = {kbli.pk for kbli in sectors}
    return render(
        request,
        "partnerships/firm/sectors.html",
        {
            "firm": firm,
            "section": "sectors",
            "sectors": sectors,
            "search_form": search_form,
            "query": search_form.cleaned_data.get("q", "") if search_form.is_valid() else "",
            "results": [(kbli, kbli.pk in chosen) for kbli in results],
            "more_results": more,
            "choice_form": choice_form,
        },
    )


@own_firm_required
def firm_locations(request, firm):
    remove_form = None
    if request.method == "POST" and request.POST.get("action") == "remove":
        remove_form = RegencyChoiceForm(request.POST)
        if remove_form.is_valid():
            firm_location_remove(firm=firm, regency=remove_form.cleaned_data["code"])
            return redirect("firm_locations")
        form = FirmLocationForm()
    elif is_refresh(request):
        # Without JavaScript: the regency list of the province just chosen, nothing lost.
        form = form_with_typed_data(FirmLocationForm, request.POST)
    elif request.method == "POST":
        form = FirmLocationForm(request.POST)
        if form.is_valid():
            firm_location_add(firm=firm, regency=form.cleaned_data["regency"])
            return redirect("firm_locations")
    else:
        form = FirmLocationForm()
    locations = list(firm.locations.select_related("province").order_by("province__code", "name"))
    return render(
        request,
        "partnerships/firm/locations.html",
        {
            "firm": firm,
            "section": "locations",
            "form": form,
            "locations": locations,
            "remove_form": remove_form,
            "refresh_name": REFRESH_REGENCIES,
        },
    )


@own_firm_required
def firm_representatives(request, firm):
    form = FirmInvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = firm_invitation_send(
                firm=firm, invited_by=request.user, email=form.cleaned_data["email"]
            )
        except ValidationError as refusal:
            form.add_error("email", refusal)
        else:
            messages.success(
                request,
                _("The invitation is on its way to %(email)s.") % {"email": invitation.email},
            )
            return redirect("firm_representatives")
    representatives = firm.representatives.select_related("user").order_by("joined_at", "pk")
    invitations = firm.invitations.filter(accepted_at__isnull=True).select_related("invited_by")
    return render(
        request,
        "partnerships/firm/representatives.html",
        {
            "firm": firm,
            "section": "representatives",
            "form": form,
            "representatives": list(representatives),
            "invitations": list(invitations),
        },
    )


@require_POST
@own_firm_required
def firm_invitation_cancel_view(request, firm, pk: int):
    invitation = get_object_or_404(FirmInvitation, pk=pk, firm=firm, accepted_at__isnull=True)
    firm_invitation_cancel(invitation=invitation)
    messages.success(
        request, _("The invitation to %(email)s is cancelled.") % {"email": invitation.email}
    )
    return redirect("firm_representatives")


urlpatterns = [
    path("profile/", firm_profile_edit, name="firm_profile_edit"),
    path("sectors/", firm_sectors, name="firm_sectors"),
    path("locations/", firm_locations, name="firm_locations"),
    path("representatives/", firm_representatives, name="firm_representatives"),
    path(
        "representatives/invitations/<int:pk>/cancel/",
        firm_invitation_cancel_view,
        name="firm_invitation_cancel",
    ),
]
