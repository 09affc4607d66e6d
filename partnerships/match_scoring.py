"""Match scoring: how well an UMKM fits a firm, or one of the firm's needs, in 0..100, with
every part explained in words.

Pure: plain facts in (``SeekerFacts``, ``UmkmFacts``), an explained score out; no database,
so the weights can be tuned and tested in isolation. ``partnerships.recommendations`` loads
the facts and narrows the candidates in the database before scoring them here.

Weights
=======
Every number the score uses is a named constant below; this table is their documentation.

=================  ======  ============================================================
part               points  how they are earned
=================  ======  ============================================================
KBLI fit           35      the deepest KBLI level an UMKM code shares with a code the
                           seeker gives, best over all pairs: subclass (kelompok, 5
                           digits) 35, class (subgolongan, 4) 28, group (golongan, 3) 21,
                           division (golongan pokok, 2) 14, section (kategori) 7, none 0.
                           An UMKM code under a coarser code the seeker asked for
                           ("107" asked, "10792" held) is exactly what was asked: 35.
                           A seeker without codes welcomes any line of business: 35.
locality           25      the UMKM's regency is one where the need wants supply or the
                           firm operates 25; same province as one of those 15; same
                           island group 7; elsewhere 0.
certifications     15      only when the need requires some: 15 x (required kinds held
                           and valid on the day) / (required kinds).
capacity           15      only when the need has a volume: the UMKM's monthly capacity
                           over its products counted in the need's unit (compared
                           trimmed and case-insensitive) against the need's monthly
                           volume: 15 when it covers it, in proportion below, 0 when no
                           product is counted in that unit. A yearly volume is a twelfth
                           a month; so is a total, taken as spread over a year. Units
                           compare trimmed of spaces, ASCII letters case-insensitively.
export             10      only when the firm exports: 10 for an UMKM that has exported.
=================  ======  ============================================================

KBLI fit and locality always apply. The fit is 90 x (points earned) / (the maximum of the
parts that apply), so a need that asks for more is not harder to score well on.

On top of the fit, a fairness boost of at most 10, so opportunity spreads and the usual winners
do not bury the rest: 5 for an UMKM that has not met any firm yet, 3 for a micro or small
business, 2 outside Java. The score is fit + boost rounded half up (0..100); the exact value
ranks, ties going to the lower UMKM id.
"""

import enum
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.utils import formats
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnerships.business_size import BusinessSize
from partnerships.island_groups import is_java, island_group_of

# --- Weights (documented in the table above) -------------------------------------------------


class KbliShare(enum.IntEnum):
    """The deepest KBLI level two codes share."""

    NONE = 0
    SECTION = 1
    DIVISION = 2
    GROUP = 3
    CLASS = 4
    SUBCLASS = 5


KBLI_POINTS = {
    KbliShare.SUBCLASS: 35,
    KbliShare.CLASS: 28,
    KbliShare.GROUP: 21,
    KbliShare.DIVISION: 14,
    KbliShare.SECTION: 7,
    KbliShare.NONE: 0,
}
KBLI_MAX = KBLI_POINTS[KbliShare.SUBCLASS]


class Nearness(enum.IntEnum):
    ELSEWHERE = 0
    ISLAND_GROUP = 1
    PROVINCE = 2
    REGENCY = 3


LOCALITY_POINTS = {
    Nearness.REGENCY: 25,
    Nearness.PROVINCE: 15,
    Nearness.ISLAND_GROUP: 7,
    Nearness.ELSEWHERE: 0,
}
LOCALITY_MAX = LOCALITY_POINTS[Nearness.REGENCY]

CERTIFICATIONS_MAX = 15
CAPACITY_MAX = 15
EXPORT_MAX = 10

# The parts above fill 0..FIT_MAX; the fairness boost comes on top, up to BOOST_MAX.
FIT_MAX = 90
NEVER_MET_POINTS = 5
SMALL_BUSINESS_POINTS = 3
OUTSIDE_JAVA_POINTS = 2
BOOST_MAX = NEVER_MET_POINTS + SMALL_BUSINESS_POINTS + OUTSIDE_JAVA_POINTS
SMALL_BUSINESS_SIZES = frozenset({BusinessSize.MICRO, BusinessSize.SMALL})

# A need's volume per period, as months: a total is taken as spread over a year.
MONTHS_PER_PERIOD = {"month": 1, "year": 12, "total": 12}

# How reasons name certification kinds (the msgids of CertificationKind's labels, so they
# share their translations; "other" reads better as "another certification").
CERTIFICATION_LABELS = {
    "halal": gettext_lazy("halal"),
    "sni": gettext_lazy("SNI"),
    "bpom": gettext_lazy("BPOM"),
    "pirt": gettext_lazy("PIRT"),
    "iso9001": gettext_lazy("ISO 9001"),
    "other": gettext_lazy("another certification"),
}

# Names of the parts, as ScorePart.name.
KBLI = "kbli"
LOCALITY = "locality"
CERTIFICATIONS = "certifications"
CAPACITY = "capacity"
EXPORT = "export"
NEVER_MET = "never_met"
SMALL_BUSINESS = "small_business"
OUTSIDE_JAVA = "outside_java"


# --- Facts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A regency or city, with the province it lies in."""

    regency_code: str
    regency_name: str
    province_code: str


@dataclass(frozen=True)
class UmkmFacts:
    id: int
    kbli: tuple[tuple[str, str], ...]  # (section, code) pairs
    province_code: str
    regency_code: str
    regency_name: str
    # (kind, expires_on or None); only the kinds a seeker requires matter.
    certifications: tuple[tuple[str, date | None], ...] = ()
    products: tuple[tuple[str, int], ...] = ()  # (unit, monthly capacity)
    has_export_experience: bool = False
    size_class: str = BusinessSize.MICRO
    has_met_a_firm: bool = False


@dataclass(frozen=True)
class SeekerFacts:
    """A firm in general (``need_id`` None), or one of its needs."""

    firm_id: int
    kbli: tuple[tuple[str, str], ...] = ()  # (section, code) pairs, any level
    firm_places: tuple[Place, ...] = ()  # where the firm operates
    wanted_places: tuple[Place, ...] = ()  # where the need wants supply; empty: anywhere
    required_certifications: tuple[str, ...] = ()
    volume: int | None = None
    unit: str = ""
    period: str = "month"
    firm_is_exporter: bool = False
    need_id: int | None = None


@dataclass(frozen=True)
class ScorePart:
    name: str
    points: Fraction
    max_points: int
    reason: str


@dataclass(frozen=True)
class MatchScore:
    score: int
    parts: tuple[ScorePart, ...]
    reasons: list[str]
    # Unrounded, for ranking.
    exact: Fraction


# --- KBLI ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KbliFit:
    points: int
    share: KbliShare
    under_asked: bool  # the UMKM's code lies under (or is) a code the seeker asked for
    seeker_code: str
    umkm_code: str
    section: str  # the UMKM code's section


def _share_of(seeker_code: str, umkm_code: str) -> KbliShare:
    common = 0
    for mine, theirs in zip(seeker_code, umkm_code, strict=False):
        if mine != theirs or not mine.isdigit():
            break
        common += 1
    return KbliShare(min(common, KbliShare.SUBCLASS)) if common >= 2 else KbliShare.NONE


def kbli_fit(seeker: tuple[str, str], umkm: tuple[str, str]) -> KbliFit:
    """How one UMKM code, (section, code), fits one code a seeker gives."""
    seeker_section, seeker_code = seeker
    umkm_section, umkm_code = umkm
    if seeker_code.isdigit():
        asked_level = KbliShare(min(max(len(seeker_code), 2), 5))
        under = umkm_code.startswith(seeker_code)
    else:
        asked_level = KbliShare.SECTION
        under = umkm_section == seeker_code
    if under:
        return KbliFit(KBLI_MAX, asked_level, True, seeker_code, umkm_code, umkm_section)
    share = _share_of(seeker_code, umkm_code)
    if share == KbliShare.NONE and seeker_section == umkm_section:
        share = KbliShare.SECTION
    return KbliFit(KBLI_POINTS[share], share, False, seeker_code, umkm_code, umkm_section)


def best_kbli_fit(
    seeker_codes: Iterable[tuple[str, str]], umkm_codes: Iterable[tuple[str, str]]
) -> KbliFit | None:
    """The best fit over all pairs (None when there is no pair); among equal points the
    deepest level, then the lowest codes, so the reason is always the same one."""
    best = None
    for seeker in seeker_codes:
        for umkm in umkm_codes:
            fit = kbli_fit(seeker, umkm)
            if best is None or _better(fit, best):
                best = fit
    return best


def kbli_prefixes(section: str, code: str) -> set[str]:
    """The tokens an UMKM code stands for: its section's letter and every leading run of its
    digits ("C", "1", "10", "107", "1079", "10792"). An UMKM earns at least some KBLI points
    exactly when one of its codes' tokens is among ``kbli_tokens_earning`` of those points:
    the database matches KBLI fit on these tokens, kept on each UMKM's row."""
    return {section, *(code[:length] for length in range(1, len(code) + 1))}


def kbli_tokens_earning(seeker_codes: Iterable[tuple[str, str]]) -> dict[int, set[str]]:
    """Per KBLI points, the UMKM code tokens (``kbli_prefixes``) that earn them with some code
    the seeker gives, following ``kbli_fit``: a seeker code itself (a code under it, or in the
    section it names) 35; its leading 5, 4, 3 and 2 digits the shares' points below; its
    section 7."""
    tokens = {points: set() for points in KBLI_POINTS.values() if points}
    for section, code in seeker_codes:
        tokens[KBLI_MAX].add(code)
        if code.isdigit():
            for length in range(2, len(code)):
                tokens[KBLI_POINTS[KbliShare(min(length, KbliShare.SUBCLASS))]].add(code[:length])
            tokens[KBLI_POINTS[KbliShare.SECTION]].add(section)
    return {points: found for points, found in tokens.items() if found}


def _better(fit: KbliFit, than: KbliFit) -> bool:
    key = (fit.points, fit.share, fit.under_asked)
    other = (than.points, than.share, than.under_asked)
    return key > other or (
        key == other and (fit.seeker_code, fit.umkm_code) < (than.seeker_code, than.umkm_code)
    )


_SAME_CODE = {
    # Translators: KBLI levels in Indonesian: section = kategori, division = golongan pokok,
    # group = golongan, class = subgolongan (4 digits), subclass = kelompok (5 digits).
    KbliShare.SUBCLASS: gettext_lazy("Same KBLI subclass %(code)s"),
    KbliShare.CLASS: gettext_lazy("Same KBLI class %(code)s"),
    KbliShare.GROUP: gettext_lazy("Same KBLI group %(code)s"),
    KbliShare.DIVISION: gettext_lazy("Same KBLI division %(code)s"),
    KbliShare.SECTION: gettext_lazy("Same KBLI section %(code)s"),
}
_UNDER_ASKED = {
    # Translators: KBLI levels: class = subgolongan, group = golongan, division = golongan
    # pokok, section = kategori.
    KbliShare.CLASS: gettext_lazy("KBLI %(held)s, in the class %(code)s asked for"),
    KbliShare.GROUP: gettext_lazy("KBLI %(held)s, in the group %(code)s asked for"),
    KbliShare.DIVISION: gettext_lazy("KBLI %(held)s, in the division %(code)s asked for"),
    KbliShare.SECTION: gettext_lazy("KBLI %(held)s, in the section %(code)s asked for"),
}
_SHARED_ONLY = {
    # Translators: KBLI levels: class = subgolongan, group = golongan, division = golongan
    # pokok, section = kategori.
    KbliShare.CLASS: gettext_lazy("Same KBLI class %(code)s only"),
    KbliShare.GROUP: gettext_lazy("Same KBLI group %(code)s only"),
    KbliShare.DIVISION: gettext_lazy("Same KBLI division %(code)s only"),
    KbliShare.SECTION: gettext_lazy("Same KBLI section %(code)s only"),
}


def _kbli_reason(fit: KbliFit | None, *, any_line: bool) -> str:
    if any_line:
        return _("Any line of business is welcome")
    if fit is None or fit.share == KbliShare.NONE:
        return _("No shared KBLI")
    if fit.under_asked and fit.umkm_code == fit.seeker_code:
        return str(_SAME_CODE[fit.share]) % {"code": fit.seeker_code}
    if fit.under_asked:
        return str(_UNDER_ASKED[fit.share]) % {"held": fit.umkm_code, "code": fit.seeker_code}
    shared = fit.section if fit.share == KbliShare.SECTION else fit.umkm_code[: int(fit.share)]
    return str(_SHARED_ONLY[fit.share]) % {"code": shared}


# --- Scoring ---------------------------------------------------------------------------------


def applicable_max(seeker: SeekerFacts) -> int:
    """The maximum of the parts that apply to this seeker."""
    return (
        KBLI_MAX
        + LOCALITY_MAX
        + (CERTIFICATIONS_MAX if seeker.required_certifications else 0)
        + (CAPACITY_MAX if seeker.volume else 0)
        + (EXPORT_MAX if seeker.firm_is_exporter else 0)
    )


def score_upper_bound(
    seeker: SeekerFacts,
    *,
    kbli_points_at_most: int,
    locality_points_at_most: int,
    certifications_held_at_most: int | None = None,
) -> Fraction:
    """The best exact score any UMKM could reach whose KBLI fit and locality earn at most
    these points, that holds at most ``certifications_held_at_most`` of the required kinds
    valid (None: all of them): every other part and the whole boost at their maximum."""
    kbli = min(max(kbli_points_at_most, 0), KBLI_MAX)
    locality = min(max(locality_points_at_most, 0), LOCALITY_MAX)
    required = len(set(seeker.required_certifications))
    held = required if certifications_held_at_most is None else certifications_held_at_most
    earned = Fraction(kbli + locality)
    if required:
        earned += Fraction(CERTIFICATIONS_MAX * min(max(held, 0), required), required)
    if seeker.volume:
        earned += CAPACITY_MAX
    if seeker.firm_is_exporter:
        earned += EXPORT_MAX
    return FIT_MAX * earned / applicable_max(seeker) + BOOST_MAX


# Units compare with the spaces around them trimmed and ASCII letters case-insensitively:
# what both databases can check too (SQLite's lower() knows only ASCII), so narrowing in the
# database never misses a product that scoring counts.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def normal_unit(unit: str) -> str:
    return unit.strip(" ").translate(_ASCII_LOWER)


def _number(value) -> str:
    return formats.number_format(value, decimal_pos=0, force_grouping=True)


@dataclass(frozen=True)
class _Assessment:
    """What scoring found about one pair, before it is put in words."""

    kbli: KbliFit | None
    kbli_points: int
    nearness: Nearness
    near_wanted: bool  # nearness is to where the need wants supply, not the firm's sites
    held: tuple[str, ...]
    expired: tuple[str, ...]
    missing: tuple[str, ...]
    capacity: int | None  # monthly, in the need's unit; None when no product counts in it
    never_met: bool
    small_business: bool
    outside_java: bool
    exporter: bool
    exact: Fraction


class MatchScorer:
    """Scores UMKM against one seeker, which it prepares once for many UMKM.

    Ranking many UMKM is the hot path of recommendations, so ``rank_value`` works in whole
    numbers: every exact score of this seeker is ``rank_value / denominator``.
    """

    def __init__(self, seeker: SeekerFacts, *, today: date):
        self.seeker = seeker
        self.today = today
        self.applicable_max = applicable_max(seeker)
        self.any_line = not seeker.kbli
        places = [(place, True) for place in seeker.wanted_places] + [
            (place, False) for place in seeker.firm_places
        ]
        # For each nearness, the first reference that gives it: wanted places come first.
        self.regencies: dict[str, bool] = {}
        self.provinces: dict[str, bool] = {}
        self.islands: dict[object, bool] = {}
        for place, wanted in places:
            self.regencies.setdefault(place.regency_code, wanted)
            self.provinces.setdefault(place.province_code, wanted)
            group = island_group_of(place.province_code)
            if group is not None:
                self.islands.setdefault(group, wanted)
        self.has_places = bool(places)
        self.required = tuple(dict.fromkeys(seeker.required_certifications))
        self.unit = normal_unit(seeker.unit)
        self.volume = seeker.volume or 0
        self.months = MONTHS_PER_PERIOD.get(seeker.period, 1)
        # Certification points are fifteenths of the required count and capacity points
        # fractions of the volume: scaling by both keeps every part a whole number.
        self.scale = max(len(self.required), 1) * max(self.volume, 1)
        self.denominator = self.applicable_max * self.scale
        self._fits: dict[tuple[str, str], KbliFit | None] = {}
        self._places: dict[tuple[str, str], tuple[Nearness, bool]] = {}
        self._outside_java: dict[str, bool] = {}

    # The numbers, shared by ranking and explaining.

    def _kbli(self, codes: tuple[tuple[str, str], ...]) -> tuple[KbliFit | None, int]:
        if self.any_line:
            return None, KBLI_MAX
        best = None
        for code in codes:
            if code in self._fits:
                fit = self._fits[code]
            else:
                fit = self._fits[code] = best_kbli_fit(self.seeker.kbli, (code,))
            if best is None or _better(fit, best):
                best = fit
        return best, (best.points if best else 0)

    def nearness(self, umkm: UmkmFacts) -> tuple[Nearness, bool]:
        """How near the UMKM is, and whether to where the need wants supply (else to the
        firm's sites)."""
        key = (umkm.regency_code, umkm.province_code)
        found = self._places.get(key)
        if found is None:
            if (wanted := self.regencies.get(umkm.regency_code)) is not None:
                found = (Nearness.REGENCY, wanted)
            elif (wanted := self.provinces.get(umkm.province_code)) is not None:
                found = (Nearness.PROVINCE, wanted)
            elif (wanted := self.islands.get(island_group_of(umkm.province_code))) is not None:
                found = (Nearness.ISLAND_GROUP, wanted)
            else:
                found = (Nearness.ELSEWHERE, False)
            self._places[key] = found
        return found

    def _valid_kinds(self, umkm: UmkmFacts) -> set[str]:
        return {
            kind
            for kind, expires_on in umkm.certifications
            if expires_on is None or expires_on >= self.today
        }

    def holds_every_required(self, umkm: UmkmFacts) -> bool:
        """Whether the UMKM holds every required kind, valid today (true when none is)."""
        return self._valid_kinds(umkm).issuperset(self.required)

    def _capacity(self, umkm: UmkmFacts) -> int | None:
        counted = [amount for unit, amount in umkm.products if normal_unit(unit) == self.unit]
        return sum(counted) if counted else None

    def _boost(self, umkm: UmkmFacts) -> tuple[bool, bool, bool]:
        outside_java = self._outside_java.get(umkm.province_code)
        if outside_java is None:
            outside_java = self._outside_java[umkm.province_code] = not is_java(umkm.province_code)
        return (
            not umkm.has_met_a_firm,
            umkm.size_class in SMALL_BUSINESS_SIZES,
            outside_java,
        )

    def _numerator(
        self,
        *,
        kbli_points: int,
        nearness: Nearness,
        held: int,
        capacity: int | None,
        exporter: bool,
        boost: tuple[bool, bool, bool],
    ) -> int:
        whole = kbli_points + LOCALITY_POINTS[nearness]
        if self.seeker.firm_is_exporter and exporter:
            whole += EXPORT_MAX
        earned = whole * self.scale
        if self.required:
            earned += CERTIFICATIONS_MAX * held * max(self.volume, 1)
        if self.volume and capacity is not None:
            # 15 x min(1, capacity / (volume / months)), scaled by required count x volume.
            earned += (
                CAPACITY_MAX * min(self.volume, capacity * self.months) * max(len(self.required), 1)
            )
        never_met, small_business, outside_java = boost
        extra = (
            (NEVER_MET_POINTS if never_met else 0)
            + (SMALL_BUSINESS_POINTS if small_business else 0)
            + (OUTSIDE_JAVA_POINTS if outside_java else 0)
        )
        return FIT_MAX * earned + extra * self.denominator

    def rank_value(self, umkm: UmkmFacts, *, kbli_points: int | None = None) -> int:
        """The exact score times ``denominator``: ranks many UMKM fast and exactly. With
        ``kbli_points`` (the UMKM's own, known without its codes) the codes go unread."""
        return self.rank_bound(umkm, kbli_points=kbli_points)

    def rank_bound(
        self,
        umkm: UmkmFacts,
        *,
        kbli_points: int | None = None,
        certifications_known: bool = True,
        products_known: bool = True,
    ) -> int:
        """Like ``rank_value``, before all facts are loaded: ``kbli_points`` when the KBLI fit
        is known but not the codes; certifications or products not known yet count as if
        they earned everything. Never below the rank value of the full facts."""
        if kbli_points is None:
            _fit, kbli_points = self._kbli(umkm.kbli)
        nearness, _wanted = self.nearness(umkm)
        if not self.required:
            held = 0
        elif certifications_known:
            held = len(self._valid_kinds(umkm).intersection(self.required))
        else:
            held = len(self.required)
        if not self.volume:
            capacity = None
        elif products_known:
            capacity = self._capacity(umkm)
        else:
            capacity = self.volume  # covers any monthly volume
        return self._numerator(
            kbli_points=kbli_points,
            nearness=nearness,
            held=held,
            capacity=capacity,
            exporter=umkm.has_export_experience,
            boost=self._boost(umkm),
        )

    def exact(self, umkm: UmkmFacts) -> Fraction:
        """The unrounded score."""
        return Fraction(self.rank_value(umkm), self.denominator)

    def _assess(self, umkm: UmkmFacts) -> _Assessment:
        fit, kbli_points = self._kbli(umkm.kbli)
        nearness, wanted = self.nearness(umkm)
        valid = self._valid_kinds(umkm)
        stale = {kind for kind, _expires_on in umkm.certifications} - valid
        held = tuple(kind for kind in self.required if kind in valid)
        expired = tuple(kind for kind in self.required if kind not in valid and kind in stale)
        missing = tuple(kind for kind in self.required if kind not in valid and kind not in stale)
        capacity = self._capacity(umkm) if self.volume else None
        boost = self._boost(umkm)
        numerator = self._numerator(
            kbli_points=kbli_points,
            nearness=nearness,
            held=len(held),
            capacity=capacity,
            exporter=umkm.has_export_experience,
            boost=boost,
        )
        return _Assessment(
            kbli=fit,
            kbli_points=kbli_points,
            nearness=nearness,
            near_wanted=wanted,
            held=held,
            expired=expired,
            missing=missing,
            capacity=capacity,
            never_met=boost[0],
            small_business=boost[1],
            outside_java=boost[2],
            exporter=umkm.has_export_experience,
            exact=Fraction(numerator, self.denominator),
        )

    # The words.

    def score(self, umkm: UmkmFacts) -> MatchScore:
        found = self._assess(umkm)
        seeker = self.seeker
        parts = [
            ScorePart(
                KBLI,
                Fraction(found.kbli_points),
                KBLI_MAX,
                _kbli_reason(found.kbli, any_line=self.any_line),
            ),
            ScorePart(
                LOCALITY,
                Fraction(LOCALITY_POINTS[found.nearness]),
                LOCALITY_MAX,
                self._locality_reason(umkm, found),
            ),
        ]
        if self.required:
            parts.append(
                ScorePart(
                    CERTIFICATIONS,
                    Fraction(CERTIFICATIONS_MAX * len(found.held), len(self.required)),
                    CERTIFICATIONS_MAX,
                    self._certification_reason(found),
                )
            )
        if self.volume:
            parts.append(self._capacity_part(found))
        if seeker.firm_is_exporter:
            parts.append(
                ScorePart(
                    EXPORT,
                    Fraction(EXPORT_MAX if found.exporter else 0),
                    EXPORT_MAX,
                    _("Has export experience, and the firm exports")
                    if found.exporter
                    else _("No export experience yet, and the firm exports"),
                )
            )
        if found.never_met:
            parts.append(
                ScorePart(
                    NEVER_MET,
                    Fraction(NEVER_MET_POINTS),
                    NEVER_MET_POINTS,
                    _("Has not met a firm yet: the programme spreads opportunity"),
                )
            )
        if found.small_business:
            parts.append(
                ScorePart(
                    SMALL_BUSINESS,
                    Fraction(SMALL_BUSINESS_POINTS),
                    SMALL_BUSINESS_POINTS,
                    _("A micro or small business: the programme helps it grow"),
                )
            )
        if found.outside_java:
            parts.append(
                ScorePart(
                    OUTSIDE_JAVA,
                    Fraction(OUTSIDE_JAVA_POINTS),
                    OUTSIDE_JAVA_POINTS,
                    _("Outside Java: the programme spreads opportunity across Indonesia"),
                )
            )
        return MatchScore(
            score=math.floor(found.exact + Fraction(1, 2)),
            parts=tuple(parts),
            reasons=[part.reason for part in parts],
            exact=found.exact,
        )

    def _locality_reason(self, umkm: UmkmFacts, found: _Assessment) -> str:
        regency = umkm.regency_name
        if not self.has_places:
            return _("In %(regency)s; the firm lists no sites to compare with") % {
                "regency": regency
            }
        if found.nearness == Nearness.ELSEWHERE:
            if self.seeker.wanted_places:
                return _("In %(regency)s, far from where supply is wanted") % {"regency": regency}
            return _("In %(regency)s, far from the firm's sites") % {"regency": regency}
        if found.nearness == Nearness.REGENCY:
            if found.near_wanted:
                return _("In %(regency)s, where the need wants supply") % {"regency": regency}
            return _("In %(regency)s, where the firm operates") % {"regency": regency}
        if found.nearness == Nearness.PROVINCE:
            if found.near_wanted:
                return _(
                    "In %(regency)s, in the same province as a place where the need wants supply"
                ) % {"regency": regency}
            return _("In %(regency)s, in the same province as a site of the firm") % {
                "regency": regency
            }
        island = island_group_of(umkm.province_code)
        values = {"regency": regency, "island": island.label if island else ""}
        if found.near_wanted:
            return (
                _(
                    "In %(regency)s, on the same islands (%(island)s) as a place where the need "
                    "wants supply"
                )
                % values
            )
        return _("In %(regency)s, on the same islands (%(island)s) as a site of the firm") % values

    def _certification_reason(self, found: _Assessment) -> str:
        held = [str(CERTIFICATION_LABELS.get(kind, kind)) for kind in found.held]
        lacking = [str(CERTIFICATION_LABELS.get(kind, kind)) for kind in found.missing] + [
            _("%(certification)s (expired)")
            % {"certification": CERTIFICATION_LABELS.get(kind, kind)}
            for kind in found.expired
        ]
        values = {
            "held": get_text_list(held, _("and")),
            "missing": get_text_list(lacking, _("and")),
        }
        if not lacking:
            return _("Holds %(held)s") % values
        if not held:
            return _("Missing %(missing)s") % values
        return _("Holds %(held)s; missing %(missing)s") % values

    def _capacity_part(self, found: _Assessment) -> ScorePart:
        unit = self.seeker.unit.strip()
        if found.capacity is None:
            return ScorePart(
                CAPACITY,
                Fraction(0),
                CAPACITY_MAX,
                _("No product counted in %(unit)s") % {"unit": unit},
            )
        share = Fraction(found.capacity * self.months, self.volume)
        points = CAPACITY_MAX * min(Fraction(1), share)
        if share >= 1:
            reason = _("Can supply the monthly volume: %(capacity)s %(unit)s a month") % {
                "capacity": _number(found.capacity),
                "unit": unit,
            }
        elif share < Fraction(1, 100):
            reason = _("Can supply less than %(percent)s%% of the monthly volume") % {"percent": 1}
        else:
            reason = _("Can supply about %(percent)s%% of the monthly volume") % {
                "percent": math.floor(share * 100)
            }
        return ScorePart(CAPACITY, points, CAPACITY_MAX, reason)


def score_match(seeker: SeekerFacts, umkm: UmkmFacts, *, today: date) -> MatchScore:
    """The explained score of one pair; ``today`` decides which certifications are valid."""
    return MatchScorer(seeker, today=today).score(umkm)
