"""Template helpers of interests: the "Send interest" link on profile and need pages, and the
state of an interest as people see it."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from partnerships.access import find_own_firm, find_own_umkm
from partnerships.models import Firm, Interest, InterestState, Need, Umkm

register = template.Library()


def _sender_party(request) -> Umkm | Firm | None:
    """The verified party the signed-in person sends interest for; looked up once a request,
    as a page may ask for every row of a list."""
    if not hasattr(request, "_interest_sender_party"):
        user = request.user
        party = None
        if user.is_authenticated and user.is_firm_representative:
            party = find_own_firm(user)
        elif user.is_authenticated and user.is_umkm_owner:
            party = find_own_umkm(user)
        request._interest_sender_party = party if party is not None and party.is_verified else None
    return request._interest_sender_party


@register.simple_tag(takes_context=True)
def interest_new_url(context, other: Umkm | Firm, need: Need | None = None) -> str:
    """The address for sending interest to ``other`` (about ``need``), or "" when the person
    looking cannot: only a verified firm's representative writes to a verified UMKM, and only
    a verified UMKM's owner to a verified firm."""
    if not other.is_verified:
        return ""
    party = _sender_party(context["request"])
    if isinstance(other, Umkm) and isinstance(party, Firm) and other.owner_id is not None:
        query = {"umkm": other.pk}
        firm = party
    elif isinstance(other, Firm) and isinstance(party, Umkm):
        query = {"firm": other.pk}
        firm = other
    else:
        return ""
    if need is not None and need.firm_id == firm.pk and need.is_open:
        query["need"] = need.pk
    return f"{reverse('interest_new')}?{urlencode(query)}"


@register.filter
def interest_state(interest: Interest) -> str:
    """The state to show: one still pending past its expiry has expired (the daily job may not
    have marked it yet)."""
    if interest.state == InterestState.PENDING and not interest.is_pending:
        return InterestState.EXPIRED
    return interest.state


@register.filter
def interest_state_label(interest: Interest) -> str:
    return InterestState(interest_state(interest)).label


_BADGES = {
    InterestState.PENDING: "text-bg-warning",
    InterestState.ACCEPTED: "text-bg-success",
    InterestState.DECLINED: "text-bg-secondary",
    InterestState.WITHDRAWN: "text-bg-light border",
    InterestState.EXPIRED: "text-bg-light border",
}


@register.filter
def interest_badge(interest: Interest) -> str:
    """Bootstrap classes of the state's badge (the words carry the state; colour only helps)."""
    return _BADGES[interest_state(interest)]
