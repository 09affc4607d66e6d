"""A person's own account: an overview, a copy of their data, and closing the account.

Sign-up, sign-in, e-mail and password pages are allauth's (see settings and templates/account).
"""

import json

from allauth.account.views import SignupView as AllauthSignupView
from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from partnerships.services.personal_data import (
    account_delete as account_delete_service,
)
from partnerships.services.personal_data import (
    account_deletion_plan,
    personal_data_export,
)
from portal.accounts.forms import AccountDeleteForm
from portal.accounts.models import Role


class SignupView(AllauthSignupView):
    """allauth's sign-up; "Register your UMKM" and "Register your firm" links choose the role."""

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get("role") in Role.values:
            initial["role"] = self.request.GET["role"]
        return initial


signup = SignupView.as_view()


@login_required
@require_safe
def account_overview(request: HttpRequest) -> HttpResponse:
    return render(request, "account/overview.html")


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def account_data(request: HttpRequest) -> HttpResponse:
    """GET explains; POST downloads (a POST, so no link or prefetch can start a download)."""
    if request.method != "POST":
        return render(request, "account/data.html")
    data = personal_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"kemitraan-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    plan = account_deletion_plan(user=request.user)
    if request.method == "POST":
        # Password guesses share allauth's re-authentication limit.
        allowed = ratelimit.consume(request, action="reauthenticate", user=request.user)
        form = AccountDeleteForm(request.POST, user=request.user, rate_limited=not allowed)
        if form.is_valid():
            account_delete_service(user=request.user)
            logout(request)
            messages.success(request, _("Your account has been deleted."))
            return redirect("home")
    else:
        form = AccountDeleteForm(user=request.user)
    return render(request, "account/delete.html", {"form": form, "plan": plan})
