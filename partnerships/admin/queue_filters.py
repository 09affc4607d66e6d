"""The filters of the officials' matchmaking lists (the queue of matches, the interests).

Each filter accepts only the values it offers: anything else in the address (a guessed
province, a NUL byte, a 400-digit number) is ignored, so a hand-edited URL never reaches the
database as a bad parameter. The conditions on the UMKM's codes and the firm's locations
are subqueries, so a match is listed once however many codes or sites match.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.admin.scope import regions_in_scope
from partnerships.models import (
    Firm,
    InterestState,
    KbliCode,
    KbliLevel,
    Province,
    QueueState,
    Umkm,
)

# "Expiring soon" on the officials' lists and dashboard: within this many days.
EXPIRING_SOON_DAYS = 3


class OfferedValueFilter(admin.SimpleListFilter):
    """A list filter that ignores any value it did not offer."""

    def offered_value(self) -> str | None:
        value = self.value()
        offered = {str(lookup) for lookup, _title in self.lookup_choices}
        return value if value in offered else None


@dataclass(frozen=True)
class Band:
    """A range of whole numbers, ``low`` included and ``high`` excluded (None: unbounded)."""

    value: str
    label: str
    low: int | None = None
    high: int | None = None

    def q(self, field: str) -> Q:
        condition = Q()
        if self.low is not None:
            condition &= Q(**{f"{field}__gte": self.low})
        if self.high is not None:
            condition &= Q(**{f"{field}__lt": self.high})
        return condition


class BandFilter(OfferedValueFilter):
    """Rows whose ``field`` (a column or an annotation) lies in the chosen band."""

    field: str
    bands: tuple[Band, ...]

    def lookups(self, request: HttpRequest, model_admin):
        return [(band.value, band.label) for band in self.bands]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.offered_value()
        band = next((band for band in self.bands if band.value == value), None)
        return queryset if band is None else queryset.filter(band.q(self.field))


class WaitingSinceFilter(BandFilter):
    """On the queryset's ``waiting_days`` (MatchQuerySet.with_priority): the same whole days
    the list shows."""

    title = _("waiting since")
    parameter_name = "waiting"
    field = "waiting_days"
    bands = (
        Band("week", _("less than a week"), None, 7),
        Band("weeks", _("1 to 4 weeks"), 7, 30),
        Band("months", _("1 to 3 months"), 30, 90),
        Band("long", _("3 months or more"), 90, None),
    )


class ScoreFilter(BandFilter):
    title = _("match score")
    parameter_name = "score"
    field = "score"
    bands = (
        Band("80", _("80 to 100"), 80, None),
        Band("60", _("60 to 79"), 60, 80),
        Band("40", _("40 to 59"), 40, 60),
        Band("0", _("under 40"), None, 40),
    )


class QueueStateFilter(OfferedValueFilter):
    """The queue proper (waiting matches) unless the official asks for the others."""

    title = _("queue")
    parameter_name = "queue"
    ALL = "all"

    def lookups(self, request: HttpRequest, model_admin):
        return [*QueueState.choices, (self.ALL, _("all matches"))]

    def value(self) -> str:
        value = super().value()
        offered = {QueueState.WAITING, QueueState.MET_DIRECTLY, QueueState.LEFT, self.ALL}
        return value if value in offered else QueueState.WAITING

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        return queryset if value == self.ALL else queryset.filter(queue_state=value)

    def choices(self, changelist):
        # No "All" entry of Django's own: the list without a choice is the waiting queue.
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class PairProvinceFilter(OfferedValueFilter):
    """A pair is in a province when the UMKM is registered there or the firm operates there.
    Offers only the provinces the official looks after."""

    title = _("province (UMKM or firm's site)")
    parameter_name = "province"

    def lookups(self, request: HttpRequest, model_admin):
        provinces = regions_in_scope(Province, Province.objects.order_by("code"), request.user)
        return [(code, name) for code, name in provinces.values_list("code", "name")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        code = self.offered_value()
        if code is None:
            return queryset
        firms_there = Firm.objects.filter(locations__province__code=code).values("pk")
        return queryset.filter(Q(umkm__province__code=code) | Q(firm__in=firms_there))


class UmkmSectorFilter(OfferedValueFilter):
    """The UMKM has a KBLI code in the chosen section (any of its codes)."""

    title = _("sector (UMKM's KBLI section)")
    parameter_name = "sector"

    def lookups(self, request: HttpRequest, model_admin):
        sections = KbliCode.objects.filter(level=KbliLevel.SECTION).order_by("code", "version")
        choices: dict[str, str] = {}
        for section in sections:
            choices.setdefault(section.code, f"{section.code}: {section.title}")
        return list(choices.items())

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        section = self.offered_value()
        if section is None:
            return queryset
        return queryset.filter(
            umkm__in=Umkm.objects.filter(kbli_codes__section=section).values("pk")
        )


class AnswerDueFilter(OfferedValueFilter):
    """Interests by where they stand against their expiry: still open (what
    ``Interest.objects.pending()`` holds), open and expiring within EXPIRING_SOON_DAYS days,
    or past their expiry while the expiry job has not closed them yet."""

    title = _("waiting for an answer")
    parameter_name = "answer"
    OPEN = "open"
    EXPIRING = "expiring"
    OVERDUE = "overdue"

    def lookups(self, request: HttpRequest, model_admin):
        return [
            (self.OPEN, _("yes, still open")),
            (
                self.EXPIRING,
                _("expiring within %(days)d days") % {"days": EXPIRING_SOON_DAYS},
            ),
            (self.OVERDUE, _("past expiry, not yet closed")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.offered_value()
        if value is None:
            return queryset
        now = timezone.now()
        pending = queryset.filter(state=InterestState.PENDING)
        if value == self.OVERDUE:
            return pending.filter(expires_at__lte=now)
        open_ = pending.filter(expires_at__gt=now)
        if value == self.EXPIRING:
            return open_.filter(expires_at__lte=now + timedelta(days=EXPIRING_SOON_DAYS))
        return open_
