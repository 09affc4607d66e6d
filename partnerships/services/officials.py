"""Making a person an official: their role (a group) and, for a regional official, provinces."""

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from partnerships.models import OfficialProvince, Province
from partnerships.officials import _SCOPE_CACHE, GROUP_NAMES, OfficialRole


class OfficialRoleError(Exception):
    """The role cannot be assigned as asked (the message says why, for the person assigning)."""


@transaction.atomic
def official_role_assign(
    *, user, role: OfficialRole | str, provinces: Iterable[Province] = (), assigned_by=None
):
    """Makes ``user`` staff with exactly one official's role; a regional official is bound to
    ``provinces`` (and only to them), the other roles to none. Returns the user."""
    role = OfficialRole(role)
    provinces = {province.pk: province for province in provinces}
    if role == OfficialRole.REGIONAL and not provinces:
        raise OfficialRoleError(_("A regional official needs at least one province."))
    if role != OfficialRole.REGIONAL and provinces:
        raise OfficialRoleError(
            _("Only a regional official is bound to provinces; a %(role)s sees the whole country.")
            % {"role": role.label}
        )
    locked = type(user).objects.select_for_update().get(pk=user.pk)
    if not locked.is_staff:
        locked.is_staff = True
        locked.save(update_fields=["is_staff"])
    role_groups = Group.objects.filter(name__in=GROUP_NAMES.values())
    locked.groups.remove(*role_groups.exclude(name=GROUP_NAMES[role]))
    locked.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
    OfficialProvince.objects.filter(official=locked).exclude(province__in=list(provinces)).delete()
    kept = set(
        OfficialProvince.objects.filter(official=locked).values_list("province_id", flat=True)
    )
    OfficialProvince.objects.bulk_create(
        OfficialProvince(official=locked, province=province, assigned_by=assigned_by)
        for pk, province in provinces.items()
        if pk not in kept
    )
    # The caller's object must not keep the scope it had before.
    user.is_staff = True
    for cached in (_SCOPE_CACHE, "_perm_cache", "_group_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(cached, None)
    return user
