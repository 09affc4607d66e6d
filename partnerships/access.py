"""Access helpers: every view opens with one of these, so no view forgets a check.

Each loads what the view needs and raises Http404 (the object is not there for this person)
or PermissionDenied (the person is signed in with the wrong role).
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from partnerships.models import Firm, FirmRepresentative, Need, Umkm


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
    """Owner contacts are personal data (UU 27/2022): only the owner, officials, and verified
    firm representatives where the owner opted in. (Matched firms join with matchmaking.)"""
    if not user.is_authenticated:
        return False
    if user.is_staff or (umkm.owner_id is not None and umkm.owner_id == user.pk):
        return True
    if umkm.contacts_visible_to_firms and umkm.is_verified:
        firm = find_own_firm(user)
        return firm is not None and firm.is_verified
    return False
