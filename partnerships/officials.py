"""Officials' roles and the regional scope of each.

A role is a Django group with exact model permissions (created by migration 0007): central
officials run the national programme, regional officials (a provincial DPMPTSP) look after the
provinces assigned to them (OfficialProvince), auditors read everything and change nothing.
Every admin list, page, action, export and autocomplete narrows its queryset through the
``*_in_scope`` functions here, so a regional official never meets a record of another province.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from partnerships.models import Firm, OfficialProvince, SessionScope


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


# --- how the rows of a model map to provinces --------------------------------------------
#
# Each scope builds the condition "this row belongs to one of these provinces" as a Q over
# the row's own model, reaching the UMKM, firm, need or person it hangs off through ``path``
# (a relation name such as "umkm" or "need__firm"; empty for the model itself). None of the
# conditions joins a many-valued relation directly (they use subqueries), so a scoped queryset
# never repeats rows and stays deletable and countable as it is.


def _prefix(path: str) -> str:
    return f"{path}__" if path else ""


@dataclass(frozen=True)
class ByUmkm:
    """Rows of an UMKM: in scope where the UMKM is registered (its province)."""

    path: str = ""

    def q(self, provinces) -> Q:
        return Q(**{f"{_prefix(self.path)}province__in": provinces})


@dataclass(frozen=True)
class ByFirm:
    """Rows of a firm: in scope where the firm operates (any of its locations)."""

    path: str = ""

    def q(self, provinces) -> Q:
        return firm_scope_q(provinces, prefix=_prefix(self.path))


@dataclass(frozen=True)
class ByNeed:
    """Rows of a need: in scope where its firm operates or where it wants supply."""

    path: str = ""

    def q(self, provinces) -> Q:
        from partnerships.models import Need

        prefix = _prefix(self.path)
        wanted_here = Need.objects.filter(locations__province__in=provinces).values("pk")
        return firm_scope_q(provinces, prefix=f"{prefix}firm__") | Q(
            **{f"{prefix}pk__in": wanted_here}
        )


@dataclass(frozen=True)
class ByParty:
    """Rows of a person (a reminder's recipient): in scope where their UMKM is, or where the
    firm they represent operates."""

    path: str = ""

    def q(self, provinces) -> Q:
        people = get_user_model().objects.filter(
            Q(umkm__province__in=provinces)
            | Q(firm_representative__firm__in=Firm.objects.filter(firm_scope_q(provinces)))
        )
        return Q(**{f"{_prefix(self.path)}pk__in": people.values("pk")})


@dataclass(frozen=True)
class EitherOf:
    """Rows of a pair (two UMKM, an UMKM and a firm): in scope where either party is."""

    scopes: tuple

    def __init__(self, *scopes) -> None:
        object.__setattr__(self, "scopes", scopes)

    def q(self, provinces) -> Q:
        condition = Q(pk__in=[])
        for scope in self.scopes:
            condition |= scope.q(provinces)
        return condition


@dataclass(frozen=True)
class BySession:
    """Rows of a bridging session (the session itself, its invitations and meetings): in
    scope when the session is provincial for one of the provinces.

    A national session is in no regional official's scope, not even read-only: it is run by
    central officials, and the meetings it holds for a province's UMKM would otherwise let a
    regional official read the whole country's grid through it. What a regional official needs
    of their parties at a national session is on the parties' own records (the UMKM's and the
    firm's pages) and in the queue."""

    path: str = ""

    def q(self, provinces) -> Q:
        prefix = _prefix(self.path)
        return Q(**{f"{prefix}scope": SessionScope.PROVINCIAL, f"{prefix}province__in": provinces})


ProvinceScope = ByUmkm | ByFirm | ByNeed | ByParty | EitherOf | BySession

# The one place that says how each domain model's rows map to provinces. The admin's
# RegionalScopeAdmin reads it (a ModelAdmin may declare its own ``province_scope`` instead);
# a model added later (session meetings, commitments) adds its line here. A pair (interest,
# match) is in scope where either party is: the UMKM's province or where the firm operates.
# A model without a line (the programme settings) is national: its admin is for officials
# without a regional scope only.
MODEL_SCOPES: dict[str, ProvinceScope] = {
    "partnerships.umkm": ByUmkm(),
    "partnerships.certification": ByUmkm("umkm"),
    "partnerships.umkmlink": ByUmkm("umkm"),
    "partnerships.product": ByUmkm("umkm"),
    "partnerships.claimcode": ByUmkm("umkm"),
    "partnerships.duplicatecandidate": EitherOf(ByUmkm("first"), ByUmkm("second")),
    "partnerships.firm": ByFirm(),
    "partnerships.firmrepresentative": ByFirm("firm"),
    "partnerships.firminvitation": ByFirm("firm"),
    "partnerships.need": ByNeed(),
    "partnerships.requiredcertification": ByNeed("need"),
    "partnerships.reminder": ByParty("recipient"),
    "partnerships.interest": EitherOf(ByUmkm("umkm"), ByFirm("firm")),
    "partnerships.match": EitherOf(ByUmkm("umkm"), ByFirm("firm")),
    # Sessions by their own province (never by their parties'); national ones are central.
    "partnerships.bridgingsession": BySession(),
    "partnerships.sessioninvitation": BySession("session"),
    "partnerships.meeting": BySession("session"),
    # Commitments like the pair that signed: where the UMKM is or the firm operates; their
    # reports, follow-ups and ratings through their commitment.
    "partnerships.commitment": EitherOf(ByUmkm("umkm"), ByFirm("firm")),
    "partnerships.realisationreport": EitherOf(
        ByUmkm("commitment__umkm"), ByFirm("commitment__firm")
    ),
    "partnerships.commitmentfollowup": EitherOf(
        ByUmkm("commitment__umkm"), ByFirm("commitment__firm")
    ),
    "partnerships.partnershiprating": EitherOf(
        ByUmkm("commitment__umkm"), ByFirm("commitment__firm")
    ),
    "partnerships.sizeclasschange": ByUmkm("umkm"),
}


def scope_of(model) -> ProvinceScope | None:
    """How ``model``'s rows map to provinces, or None for a model without a regional scope."""
    return MODEL_SCOPES.get(model._meta.label_lower)


def in_scope(queryset: QuerySet, user, scope: ProvinceScope) -> QuerySet:
    """``queryset`` narrowed to the provinces ``user`` looks after (all of it when national,
    none of it when the person has no scope at all)."""
    provinces = scoped_province_ids(user)
    if provinces is None:
        return queryset
    if not provinces:
        return queryset.none()
    return queryset.filter(scope.q(provinces))


def umkm_in_scope(queryset: QuerySet, user) -> QuerySet:
    return in_scope(queryset, user, ByUmkm())


def firms_in_scope(queryset: QuerySet, user) -> QuerySet:
    return in_scope(queryset, user, ByFirm())


def needs_in_scope(queryset: QuerySet, user) -> QuerySet:
    """A need is in scope where its firm operates or where it wants supply."""
    return in_scope(queryset, user, ByNeed())
