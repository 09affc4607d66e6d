"""/dashboard/umkm/claim/: the owner of a business an official registered takes it over with
the claim code the official gave them."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partnerships.access import umkm_owner_required
from partnerships.forms.claim_codes import ClaimCodeForm
from partnerships.services.assisted_registration import (
    ClaimRefused,
    claim_code_redeem,
    claim_refusal_for_person,
)


@require_http_methods(["GET", "HEAD", "POST"])
@umkm_owner_required
def umkm_claim(request: HttpRequest) -> HttpResponse:
    refusal = claim_refusal_for_person(request.user)
    form = ClaimCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            umkm = claim_code_redeem(code=form.cleaned_data["code"], user=request.user)
        except ClaimRefused as refused:
            if refused.code in ("not_owner", "has_umkm"):
                refusal = refused
            else:
                form.add_error("code", refused.message)
        else:
            messages.success(
                request,
                _("%(name)s is now yours. Check the profile and complete what is missing.")
                % {"name": umkm.name},
            )
            return redirect("dashboard")
    return render(
        request,
        "partnerships/umkm/claim.html",
        {"form": form, "refusal": refusal.message if refusal else ""},
    )


urlpatterns = [
    path("dashboard/umkm/claim/", umkm_claim, name="umkm_claim"),
]
