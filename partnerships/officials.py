"""Officials' roles and the regional scope of each.

A role is a Django group with exact model permissions (created by migration 0007): central
officials run the national programme, regional officials (a provincial DPMPTSP) look after the
provinces assigned to them (OfficialProvince), auditors read everything and change nothing.
Every admin list, page, action, export and autocomplete narrows its queryset through the
``*_in_scope`` functions here, so a regional official never meets a record of another province.
"""

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from partnerships.models import Firm, OfficialProvince


class OfficialRole(models.TextChoices):
    CENTRAL = "central", _("central official (BKPM)")
    REGIONAL = "regional", _("regional official (DPMPTSP)")
    AUDITOR = "auditor", _("auditor (read only)")


# Group names are data (the migration creates them); the code refers to roles only.
GROUP_NAMES = {
    OfficialRole.CENTRAL: "Pejabat pusat",
    OfficialRole.REGIONAL: "Pejabat daerah",
    OfficialRole.AUDITOR: "Auditor",
}

_SCOPE_CACHE = "_official_province_ids"


def official_role(user) -> OfficialRole | None:
    """The person's role; a superuser counts as a central official."""
    if not (user.is_authenticated and user.is_staff):
        return None
    if user.is_superuser:
        return OfficialRole.CENTRAL
    names = set(user.groups.values_list("name", flat=True))
    for role in (OfficialRole.CENTRAL, OfficialRole.AUDITOR, OfficialRole.REGIONAL):
        if GROUP_NAMES[role] in names:
            return role
    return None


def scoped_province_ids(user) -> frozenset[int] | None:
    """The provinces a person's admin is limited to, or None for the whole country.

    A staff member who is neither central, auditor nor a regional official with provinces
    gets an empty scope: nothing, rather than everything, by mistake.
    """
    if hasattr(user, _SCOPE_CACHE):
        return getattr(user, _SCOPE_CACHE)
    role = official_role(user)
    if role in (OfficialRole.CENTRAL, OfficialRole.AUDITOR):
        scope = None
    elif role == OfficialRole.REGIONAL:
        scope = frozenset(
            OfficialProvince.objects.filter(official=user).values_list("province_id", flat=True)
        )
    else:
        scope = frozenset()
    setattr(user, _SCOPE_CACHE, scope)
    return scope


def firm_scope_q(provinces, prefix: str = "") -> Q:
    """A firm is in scope where it operates (any of its locations)."""
    firms = Firm.objects.filter(locations__province__in=provinces).values("pk")
    return Q(**{f"{prefix}pk__in": firms})


def umkm_in_scope(queryset: QuerySet, user) -> QuerySet:
    provinces = scoped_province_ids(user)
    return queryset if provinces is None else queryset.filter(province__in=provinces)


def firms_in_scope(queryset: QuerySet, user) -> QuerySet:
    provinces = scoped_province_ids(user)
    return queryset if provinces is None else queryset.filter(firm_scope_q(provinces))


def needs_in_scope(queryset: QuerySet, user) -> QuerySet:
    """A need is in scope where its firm operates or where it wants supply."""
    provinces = scoped_province_ids(user)
    if provinces is None:
        return queryset
    wanted_here = queryset.model.objects.filter(locations__province__in=provinces).values("pk")
    return queryset.filter(firm_scope_q(provinces, prefix="firm__") | Q(pk__in=wanted_here))
