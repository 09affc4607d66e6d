"""Interest pages under /dashboard/interests/: the list of sent and received interests, sending
one, its page with the answers, and leaving the queue once matched.

Only the two sides see an interest: ``get_interest_for_party`` makes anybody else's a 404 and
refuses an answer from the wrong side (403). The services decide everything else.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from partnerships.access import (
    get_interest_for_party,
    get_interest_target,
    get_match_for_party,
    may_see_firm_contacts,
    may_see_umkm_contacts,
    own_party_required,
)
from partnerships.forms.interests import (
    DeclineForm,
    InterestForm,
    InterestStateForm,
    LeaveQueueForm,
)
from partnerships.models import Interest, Match, QueueState, Umkm
from partnerships.parties import Side, side_of
from partnerships.services.interests import (
    InterestError,
    Outcome,
    interest_accept,
    interest_check,
    interest_decline,
    interest_pair,
    interest_send,
    interest_withdraw,
    interests_of_party,
)
from partnerships.services.matches import MatchError, match_leave_queue


@require_safe
@own_party_required
def interest_list(request: HttpRequest, party) -> HttpResponse:
    filter_form = InterestStateForm(request.GET or None)
    state = filter_form.cleaned_data["state"] if filter_form.is_valid() else ""
    return render(
        request,
        "partnerships/interests/list.html",
        {
            "party": party,
            "is_umkm": isinstance(party, Umkm),
            "filter_form": filter_form,
            "state": state,
            "interests": interests_of_party(party=party, state=state),
        },
    )


def _sent_message(request: HttpRequest, interest: Interest, outcome: Outcome) -> None:
    if outcome == Outcome.ALREADY_SENT:
        messages.info(request, _("You already sent this interest; it is waiting for an answer."))
    elif outcome == Outcome.ACCEPTED_THEIRS:
        messages.success(
            request,
            _(
                "The other side had already sent you interest about this: you accepted it, "
                "and you are a match. Their contacts are below."
            ),
        )
    else:
        messages.success(
            request,
            _("Your interest is sent. The other side can answer until %(date)s.")
            % {"date": formats.date_format(timezone.localtime(interest.expires_at), "DATE_FORMAT")},
        )


@require_http_methods(["GET", "HEAD", "POST"])
@own_party_required
def interest_new(request: HttpRequest, party) -> HttpResponse:
    target = get_interest_target(request.user, party, request.GET)
    context = {
        "party": party,
        "other": target.other,
        "other_is_umkm": isinstance(target.other, Umkm),
        "need": target.need,
    }
    try:
        umkm, firm = interest_pair(party=party, other=target.other)
        interest_check(sender=request.user, umkm=umkm, firm=firm, need=None)
    except InterestError as refusal:
        return render(
            request,
            "partnerships/interests/new.html",
            {**context, "refusal": refusal.message},
            status=403,
        )
    form = InterestForm(
        request.POST if request.method == "POST" else None,
        firm=firm,
        initial={"need": target.need if target.need and target.need.is_open else None},
    )
    if form.is_bound and form.is_valid():
        try:
            sent = interest_send(
                sender=request.user,
                umkm=umkm,
                firm=firm,
                need=form.cleaned_data["need"],
                message=form.cleaned_data["message"],
            )
        except InterestError as refusal:
            form.add_error(None, refusal.message)
        else:
            _sent_message(request, sent.interest, sent.outcome)
            return redirect("interest_detail", sent.interest.pk)
    waiting = Interest.objects.pending().filter(umkm=umkm, firm=firm).select_related("need")
    return render(
        request,
        "partnerships/interests/new.html",
        {**context, "form": form, "waiting": list(waiting.order_by("-sent_at", "-pk"))},
    )


def _detail(
    request: HttpRequest,
    interest: Interest,
    *,
    decline_form: DeclineForm | None = None,
    leave_form: LeaveQueueForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    side = side_of(user, interest)
    on_umkm_side = interest.umkm.owner_id == user.pk
    match = interest.match
    waiting = match is not None and match.queue_state == QueueState.WAITING
    representatives = []
    if on_umkm_side and may_see_firm_contacts(user, interest.firm):
        representatives = list(interest.firm.representatives.select_related("user"))
    return render(
        request,
        "partnerships/interests/detail.html",
        {
            "interest": interest,
            "is_receiver": side == Side.RECEIVER,
            "is_sender": side == Side.SENDER,
            "on_umkm_side": on_umkm_side,
            "other": interest.firm if on_umkm_side else interest.umkm,
            "is_pending": interest.is_pending,
            "show_umkm_contacts": not on_umkm_side and may_see_umkm_contacts(user, interest.umkm),
            "representatives": representatives,
            "match": match,
            "decline_form": decline_form or DeclineForm(),
            "leave_form": (leave_form or LeaveQueueForm()) if waiting else None,
        },
        status=status,
    )


@require_safe
@login_required
def interest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_interest_for_party(request.user, pk))


@require_POST
@login_required
def interest_accept_view(request: HttpRequest, pk: int) -> HttpResponse:
    interest = get_interest_for_party(request.user, pk, side=Side.RECEIVER)
    try:
        interest_accept(interest=interest, user=request.user)
    except InterestError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _(
                "Accepted: you are a match and wait together for a bridging session. You can "
                "now see each other's contacts."
            ),
        )
    return redirect("interest_detail", interest.pk)


@require_POST
@login_required
def interest_decline_view(request: HttpRequest, pk: int) -> HttpResponse:
    interest = get_interest_for_party(request.user, pk, side=Side.RECEIVER)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _detail(request, interest, decline_form=form, status=400)
    try:
        interest_decline(interest=interest, user=request.user, reason=form.cleaned_data["reason"])
    except InterestError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Declined. The sender is told by e-mail."))
    return redirect("interest_detail", interest.pk)


@require_POST
@login_required
def interest_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    interest = get_interest_for_party(request.user, pk, side=Side.SENDER)
    try:
        interest_withdraw(interest=interest, user=request.user)
    except InterestError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Your interest is withdrawn."))
    return redirect("interest_detail", interest.pk)


def _latest_interest(match: Match) -> Interest:
    # The page a match is shown on: the interest that made it (or the latest that joined it).
    interest = (
        match.interests.select_related(
            "umkm__province", "umkm__regency", "umkm__owner", "firm", "need", "match", "sent_by"
        )
        .order_by("-answered_at", "-pk")
        .first()
    )
    if interest is None:
        raise Http404("A match without an interest has no page.")
    return interest


@require_POST
@login_required
def match_leave(request: HttpRequest, pk: int) -> HttpResponse:
    match = get_match_for_party(request.user, pk)
    interest = _latest_interest(match)
    form = LeaveQueueForm(request.POST)
    if not form.is_valid():
        return _detail(request, interest, leave_form=form, status=400)
    try:
        match_leave_queue(match=match, user=request.user, reason=form.cleaned_data["reason"])
    except MatchError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The match has left the queue for the bridging sessions."))
    return redirect("interest_detail", interest.pk)


urlpatterns = [
    path("dashboard/interests/", interest_list, name="interest_list"),
    path("dashboard/interests/new/", interest_new, name="interest_new"),
    path("dashboard/interests/<int:pk>/", interest_detail, name="interest_detail"),
    path("dashboard/interests/<int:pk>/accept/", interest_accept_view, name="interest_accept"),
    path("dashboard/interests/<int:pk>/decline/", interest_decline_view, name="interest_decline"),
    path(
        "dashboard/interests/<int:pk>/withdraw/", interest_withdraw_view, name="interest_withdraw"
    ),
    path("dashboard/matches/<int:pk>/leave/", match_leave, name="match_leave"),
]
