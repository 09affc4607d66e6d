"""The page a colleague opens from an invitation e-mail to join a firm."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from partnerships.forms.firms import FirmInvitationAcceptForm
from partnerships.models import FirmInvitation
from partnerships.services.firm_invitations import (
    InvitationRefused,
    InvitationUnavailable,
    firm_invitation_accept,
    firm_invitation_refusal,
)


def firm_invitation_accept_view(request, token: str):
    # The token is the access check: whoever holds an open one may see whom it invites.
    invitation = get_object_or_404(
        FirmInvitation.objects.select_related("firm", "invited_by"),
        token=token,
        accepted_at__isnull=True,
    )
    user = request.user
    if request.method == "POST" and not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    refusal = (
        firm_invitation_refusal(invitation=invitation, user=user) if user.is_authenticated else None
    )
    form = FirmInvitationAcceptForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            firm_invitation_accept(
                invitation=invitation, user=user, job_title=form.cleaned_data["job_title"]
            )
        except InvitationUnavailable:
            raise Http404("The invitation was used or cancelled.") from None
        except InvitationRefused as refused:
            refusal = refused.message
        else:
            messages.success(
                request, _("You now represent %(firm)s.") % {"firm": invitation.firm.name}
            )
            return redirect("dashboard")
    return render(
        request,
        "partnerships/firm/invitation_accept.html",
        {"invitation": invitation, "form": form, "refusal": refusal},
        status=403 if request.method == "POST" and refusal else 200,
    )


urlpatterns = [
    path("invitations/<slug:token>/", firm_invitation_accept_view, name="firm_invitation_accept"),
]
