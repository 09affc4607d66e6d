"""Access helpers: every view opens with one of these, so no view forgets a check.

Each loads what the view needs and raises Http404 (the object is not there for this person)
or PermissionDenied (the person is signed in with the wrong role).
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from partnerships.models import (
    BridgingSession,
    Commitment,
    Firm,
    FirmRepresentative,
    Interest,
    Match,
    Meeting,
    Need,
    SessionInvitation,
    Umkm,
)
from partnerships.officials import in_scope, scope_of
from partnerships.parties import Side, side_of
from partnerships.services.commitments import commitments_with_detail


def umkm_owner_required(view):
    """Signed in as an UMKM owner (officials use the admin instead)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_umkm_owner:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def firm_representative_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_firm_representative:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def find_own_umkm(user) -> Umkm | None:
    """The UMKM this owner registered, or None before they have created it."""
    return Umkm.objects.select_related("province", "regency").filter(owner=user).first()


def get_own_umkm(user) -> Umkm:
    umkm = find_own_umkm(user)
    if umkm is None:
        raise Http404("No UMKM profile yet.")
    return umkm


def find_own_firm(user) -> Firm | None:
    membership = (
        FirmRepresentative.objects.select_related("firm").filter(user=user).first()
        if user.is_authenticated
        else None
    )
    return membership.firm if membership else None


def get_own_firm(user) -> Firm:
    firm = find_own_firm(user)
    if firm is None:
        raise Http404("No firm profile yet.")
    return firm


def own_umkm_required(view):
    """An UMKM owner whose UMKM exists; the view receives it. One without sends them to
    create the profile first."""

    @umkm_owner_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        umkm = find_own_umkm(request.user)
        if umkm is None:
            messages.info(request, _("Fill in your business profile first."))
            return redirect("umkm_profile_edit")
        return view(request, umkm, *args, **kwargs)

    return wrapper


def own_firm_required(view):
    """A firm representative whose firm exists; the view receives it. One still without a
    firm creates it first."""

    @firm_representative_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        firm = find_own_firm(request.user)
        if firm is None:
            return redirect("firm_profile_edit")
        return view(request, firm, *args, **kwargs)

    return wrapper


def get_umkm_for_viewer(user, pk: int) -> Umkm:
    """An UMKM as this person may see it: unverified ones only to their owner and officials."""
    return get_object_or_404(Umkm.objects.visible_to(user).with_profile(), pk=pk)


def get_firm_for_viewer(user, pk: int) -> Firm:
    return get_object_or_404(Firm.objects.visible_to(user).with_profile(), pk=pk)


def get_need_for_viewer(user, pk: int) -> Need:
    """Open needs of verified firms for everyone; a firm's needs in every state to its
    representatives; everything to officials."""
    return get_object_or_404(Need.objects.visible_to(user).with_listing(), pk=pk)


def get_own_need(firm: Firm, pk: int) -> Need:
    """One of this firm's needs, in any state; 404 for any other."""
    return get_object_or_404(Need.objects.select_related("firm"), pk=pk, firm=firm)


def may_see_umkm_contacts(user, umkm: Umkm) -> bool:
    """Owner contacts are personal data (UU 27/2022): only the owner, officials, the
    representatives of a firm matched with the UMKM, and verified firm representatives where
    the owner opted in."""
    if not user.is_authenticated:
        return False
    if user.is_staff or (umkm.owner_id is not None and umkm.owner_id == user.pk):
        return True
    if not user.is_firm_representative:
        return False
    # Accepting an interest is the owner's consent to meet that firm, whatever they opted in.
    if Match.objects.filter(umkm=umkm, firm__representatives__user=user).exists():
        return True
    if umkm.contacts_visible_to_firms and umkm.is_verified:
        firm = find_own_firm(user)
        return firm is not None and firm.is_verified
    return False


def may_see_firm_contacts(user, firm: Firm) -> bool:
    """The representatives' names, job titles and e-mail addresses: for their colleagues,
    officials, and the owner of an UMKM matched with the firm."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    if user.is_firm_representative:
        return FirmRepresentative.objects.filter(user=user, firm=firm).exists()
    return user.is_umkm_owner and Match.objects.filter(firm=firm, umkm__owner=user).exists()


# Interests and matches: the two sides see them; officials use the admin.


def find_own_party(user) -> Umkm | Firm | None:
    """The UMKM this person owns or the firm they represent, or None."""
    if user.is_umkm_owner:
        return find_own_umkm(user)
    if user.is_firm_representative:
        return find_own_firm(user)
    return None


def own_party_required(view):
    """An UMKM owner with their UMKM or a firm representative with their firm; the view
    receives it. Others are refused; one still without a profile is sent to the dashboard."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not (request.user.is_umkm_owner or request.user.is_firm_representative):
            raise PermissionDenied
        party = find_own_party(request.user)
        if party is None:
            messages.info(request, _("Fill in your profile first."))
            return redirect("dashboard")
        return view(request, party, *args, **kwargs)

    return wrapper


def _parties_of(user) -> Q:
    # A subquery for the firm, so an UMKM owner's interests are not repeated per representative.
    return Q(umkm__owner=user) | Q(
        firm__in=FirmRepresentative.objects.filter(user=user).values("firm")
    )


def get_interest_for_party(user, pk: int, *, side: Side | None = None) -> Interest:
    """An interest of this person's UMKM or firm (404 for anybody else's); with ``side``, one
    they act for on that side (PermissionDenied on the other side, e.g. the sender accepting).
    """
    if not user.is_authenticated or not (user.is_umkm_owner or user.is_firm_representative):
        raise Http404("Not a party of any interest.")
    interest = get_object_or_404(
        Interest.objects.filter(_parties_of(user)).select_related(
            "umkm__province", "umkm__regency", "umkm__owner", "firm", "need", "match", "sent_by"
        ),
        pk=pk,
    )
    if side is not None and side_of(user, interest) != side:
        raise PermissionDenied
    return interest


def get_match_for_party(user, pk: int) -> Match:
    """A match of this person's UMKM or firm; 404 for anybody else's."""
    if not user.is_authenticated or not (user.is_umkm_owner or user.is_firm_representative):
        raise Http404("Not a party of any match.")
    return get_object_or_404(
        Match.objects.filter(_parties_of(user)).select_related("umkm", "firm"), pk=pk
    )


@dataclass(frozen=True)
class InterestTarget:
    """Whom a new interest goes to, and the need it is about (None: in general)."""

    other: Umkm | Firm
    need: Need | None


def _query_id(params, name: str) -> int | None:
    """A positive id from the query string, None when absent; 404 for anything else."""
    value = params.get(name, "")
    if value == "":
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > 18 or int(value) == 0:
        raise Http404(f"Not an id: {name}.")
    return int(value)


def get_interest_target(user, party: Umkm | Firm, params) -> InterestTarget:
    """The other party named by ``?umkm=`` or ``?firm=`` (exactly one), as this person may see
    it, and the firm's need named by ``?need=``; 404 for anything not there for them."""
    umkm_id, firm_id, need_id = (_query_id(params, name) for name in ("umkm", "firm", "need"))
    if (umkm_id is None) == (firm_id is None):
        raise Http404("Name either an UMKM or a firm.")
    if umkm_id is not None:
        other = get_object_or_404(
            Umkm.objects.visible_to(user).select_related("province", "regency"), pk=umkm_id
        )
    else:
        other = get_object_or_404(Firm.objects.visible_to(user), pk=firm_id)
    firm = other if isinstance(other, Firm) else party
    need = None
    # A need belongs to the firm of the pair; a pair without a firm is refused anyway.
    if need_id is not None and isinstance(firm, Firm):
        need = get_object_or_404(Need.objects.visible_to(user), pk=need_id, firm=firm)
    return InterestTarget(other=other, need=need)


# Bridging sessions: public once past planning; each party sees its own agenda.


def get_session_for_viewer(user, pk: int) -> BridgingSession:
    """A session past planning for everyone; a planned one only for officials."""
    sessions = BridgingSession.objects.select_related("province")
    if not (user.is_authenticated and user.is_staff):
        sessions = sessions.public()
    return get_object_or_404(sessions, pk=pk)


def find_session_party(user, session: BridgingSession) -> Umkm | Firm | None:
    """This person's UMKM or firm when it is invited to the session or has a meeting there."""
    if not user.is_authenticated:
        return None
    party = find_own_party(user)
    if party is None:
        return None
    lookup = {"umkm": party} if isinstance(party, Umkm) else {"firm": party}
    taking_part = (
        SessionInvitation.objects.filter(session=session, **lookup).exists()
        or Meeting.objects.filter(session=session, **lookup).exists()
    )
    return party if taking_part else None


def get_meeting_for_party(user, pk: int) -> Meeting:
    """A meeting of this person's UMKM or firm; 404 for anybody else's."""
    if not user.is_authenticated or not (user.is_umkm_owner or user.is_firm_representative):
        raise Http404("Not a party of any meeting.")
    return get_object_or_404(
        Meeting.objects.filter(_parties_of(user)).select_related(
            "session", "umkm", "firm", "match"
        ),
        pk=pk,
    )


# Commitments: the two parties' people and officials in scope; nobody else learns they exist.


def get_commitment_for_viewer(user, pk: int) -> Commitment:
    """A commitment for the UMKM's owner, the firm's representatives and officials whose
    scope holds it (central officials and auditors: all; regional: where the UMKM is or the
    firm operates), with what its page shows loaded; 404 for anybody else."""
    if not user.is_authenticated:
        raise Http404("No commitment for anonymous visitors.")
    commitments = commitments_with_detail()
    if user.is_staff:
        commitments = in_scope(commitments, user, scope_of(Commitment))
    elif user.is_umkm_owner or user.is_firm_representative:
        commitments = commitments.filter(_parties_of(user))
    else:
        raise Http404("Not a party of any commitment.")
    return get_object_or_404(commitments, pk=pk)
