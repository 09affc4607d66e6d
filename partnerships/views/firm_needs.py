"""The firm representative's partnership needs under /dashboard/firm/needs/: the list, posting,
editing, closing and reopening.

Every view opens with ``own_firm_required`` (the firm is the signed-in person's own) and loads
a need through ``get_own_need``, so another firm's need is simply not there (404).
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from partnerships.access import get_own_need, own_firm_required
from partnerships.forms.needs import NeedForm
from partnerships.models import Need, NeedState
from partnerships.services.needs import (
    NeedError,
    may_reopen,
    need_close,
    need_create,
    need_reopen,
    need_update,
)


def _refuse_closed(request, need: Need):
    if need.state == NeedState.OPEN:
        return None
    if need.state == NeedState.REMOVED:
        messages.error(
            request,
            _("An official removed “%(title)s”; it can no longer be changed.")
            % {"title": need.title},
        )
    else:
        messages.error(
            request,
            _("“%(title)s” is closed and can no longer be changed.") % {"title": need.title},
        )
    return redirect("firm_needs")


@require_safe
@own_firm_required
def firm_need_list(request, firm):
    today = timezone.localdate()
    needs = list(firm.needs.order_by("-created_at", "-pk"))
    rows = [
        {
            "need": need,
            "past_deadline": need.state == NeedState.OPEN and need.deadline < today,
            "may_reopen": may_reopen(need),
        }
        for need in needs
    ]
    return render(
        request,
        "partnerships/firm/needs.html",
        {"firm": firm, "section": "needs", "rows": rows},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@own_firm_required
def firm_need_add(request, firm):
    form = NeedForm(request.POST if request.method == "POST" else None, firm=firm)
    if form.is_bound and form.is_valid():
        try:
            need = need_create(
                firm=firm, created_by=request.user, data=form.cleaned_data, **form.need_parts()
            )
        except NeedError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("“%(title)s” is posted.") % {"title": need.title})
            return redirect("firm_needs")
    return render(
        request,
        "partnerships/firm/need_form.html",
        {"firm": firm, "section": "needs", "form": form, "need": None},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@own_firm_required
def firm_need_edit(request, firm, pk: int):
    need = get_own_need(firm, pk)
    refused = _refuse_closed(request, need)
    if refused:
        return refused
    title = need.title  # the form writes what is typed onto the instance
    form = NeedForm(request.POST if request.method == "POST" else None, instance=need, firm=firm)
    if form.is_bound and form.is_valid():
        try:
            need = need_update(need=need, data=form.cleaned_data, **form.need_parts())
        except NeedError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("“%(title)s” is saved.") % {"title": need.title})
            return redirect("firm_needs")
    return render(
        request,
        "partnerships/firm/need_form.html",
        {"firm": firm, "section": "needs", "form": form, "need": need, "title": title},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@own_firm_required
def firm_need_close(request, firm, pk: int):
    need = get_own_need(firm, pk)
    refused = _refuse_closed(request, need)
    if refused:
        return refused
    if request.method == "POST":
        try:
            need_close(need=need)
        except NeedError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _("“%(title)s” is closed: it no longer shows in the list of needs.")
                % {"title": need.title},
            )
        return redirect("firm_needs")
    return render(
        request,
        "partnerships/firm/need_confirm_close.html",
        {"firm": firm, "section": "needs", "need": need},
    )


@require_POST
@own_firm_required
def firm_need_reopen(request, firm, pk: int):
    need = get_own_need(firm, pk)
    try:
        need_reopen(need=need)
    except NeedError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("“%(title)s” is open again.") % {"title": need.title})
    return redirect("firm_needs")


urlpatterns = [
    path("", firm_need_list, name="firm_needs"),
    path("add/", firm_need_add, name="firm_need_add"),
    path("<int:pk>/edit/", firm_need_edit, name="firm_need_edit"),
    path("<int:pk>/close/", firm_need_close, name="firm_need_close"),
    path("<int:pk>/reopen/", firm_need_reopen, name="firm_need_reopen"),
]
