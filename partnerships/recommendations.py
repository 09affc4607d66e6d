"""Recommendations: the UMKM that fit a firm (or one of its needs) best, and the needs and firms
that fit an UMKM best, each with its explained score (partnerships.match_scoring).

Only verified parties are recommended, and only open needs of verified firms. Pairs that
already have a pending interest or wait in the queue stay in the list, marked, so the card can
say "interest sent" or "matched" instead of offering to send interest again.

Narrowing, exact (recommend_umkm)
---------------------------------
With a million UMKM the database cannot hand every one to Python. The two parts that count most,
KBLI fit and locality, are decided by conditions on the UMKM row (the tokens of its KBLI codes,
``Umkm.kbli_prefixes``, that earn each level's points with the seeker's codes; the seeker's
regencies, provinces and island groups; PostgreSQL reads both from one index), and so are required
certifications (whether an UMKM holds every required kind valid today, from each kind's last valid
day on the row, ``Umkm.certified_until``). So the UMKM fall into cells, one per (KBLI points,
locality points, holds every required kind or not; the "not" cell is read as the whole (KBLI,
locality) cell, its holders having been seen first). ``score_upper_bound`` gives each cell the best
score any UMKM in it could reach (the holders' certifications in full, the others' all but one
kind; every other part and the boost at their maximum). The cells are visited best bound first, and
the walk stops at the first cell whose bound is below the exact score of the last of ``limit`` UMKM
held: nobody there or after can rank among them, so the list equals the top of scoring every
verified UMKM (a property test checks exactly that; ties at the bound are still visited, as the
lower id wins a tie).

Each visit runs a fixed handful of values_list() queries, never one per UMKM, and loads in
steps, dropping after each step the UMKM whose bound (``MatchScorer.rank_bound``) can no
longer reach the list: first the rows (the database already leaves out those whose row and
cell alone cannot reach it: place, size, export, certifications held; an earlier meeting is
left to Python, because a subquery on the matches there misleads PostgreSQL's planner), then,
``LOAD_STEP`` UMKM at a time and best bound first, the certifications the need requires and
the products, then the exact score (the cell's KBLI points are the UMKM's own; the codes, which
only explain them, are read for the final list). Several cells are read in one pass where
they share what the database must scan: the seeker's regencies once for every KBLI level no
wider than a group; a KBLI level (for the holders' cells: its holders) held by few enough UMKM
by primary key once for all its places; the holders of the scarcest required kind from that
kind's index once for every level. A pass keeps plain row values with the bound the database
computed, so rows read before the list filled cost no facts once out of its reach. A wider
level is read by place, a class or subclass within provinces from the index of (province, KBLI
prefix) pairs (migration 0017). A firm that names neither lines of business nor places leaves
nothing to narrow on, and the walk then scores every verified UMKM: exact, but slow at that
scale. Capacity is not narrowed on: the cells count it in full.

The other direction (recommend_for_umkm) scores every open need and every verified firm: there
are thousands of those at most, not a million.
"""

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction

from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    Exists,
    Expression,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.json import KT, KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone

from partnerships.island_groups import IslandGroup, is_java, island_group_of, province_codes_in
from partnerships.match_scoring import (
    CAPACITY_MAX,
    CERTIFICATIONS_MAX,
    EXPORT_MAX,
    FIT_MAX,
    KBLI_MAX,
    KBLI_POINTS,
    LOCALITY_POINTS,
    NEVER_MET_POINTS,
    OUTSIDE_JAVA_POINTS,
    SMALL_BUSINESS_POINTS,
    SMALL_BUSINESS_SIZES,
    KbliShare,
    MatchScore,
    MatchScorer,
    Nearness,
    Place,
    SeekerFacts,
    UmkmFacts,
    best_kbli_fit,
    kbli_prefixes,
    kbli_tokens_earning,
    normal_unit,
    score_upper_bound,
)
from partnerships.models import (
    Certification,
    Firm,
    Interest,
    KbliCode,
    Match,
    Need,
    Product,
    Province,
    Regency,
    RequiredCertification,
    Umkm,
)

# Above this many UMKM in one cell, the facts queries repeat the cell's condition instead of
# listing ids (a query has at most 65,535 parameters on PostgreSQL, 32,766 on SQLite).
MAX_LISTED_IDS = 5_000


class _AmongIds(Func):
    """``field`` is one of ``ids``: on PostgreSQL one array parameter (thousands of ids cost
    nothing to send), elsewhere an IN list."""

    output_field = BooleanField()

    def __init__(self, field: str, ids: list[int]):
        super().__init__(F(field))
        self.ids = list(ids)

    def as_sql(self, compiler, connection, **extra_context):
        field, params = compiler.compile(self.source_expressions[0])
        if not self.ids:
            return "1 = 0", []
        return f"{field} IN ({', '.join(['%s'] * len(self.ids))})", [*params, *self.ids]

    def as_postgresql(self, compiler, connection, **extra_context):
        field, params = compiler.compile(self.source_expressions[0])
        return f"{field} = ANY({self.array_placeholder})", [*params, self.array_text]

    @property
    def array_placeholder(self) -> str:
        # The cast psycopg itself would choose for these ids, so the plan does not change.
        return "%s::int8[]" if self.ids and max(self.ids) > 2**31 - 1 else "%s::int4[]"

    @property
    def array_text(self) -> str:
        # The ids as one array literal: psycopg renders a list element by element, which for
        # twenty thousand ids costs more than the query that reads them.
        return "{" + ",".join(map(str, self.ids)) + "}"


class _UmkmAmongIds(_AmongIds):
    """The UMKM of ``ids``, which PostgreSQL reads from the index of verified UMKM's facts
    (migration 0016) instead of the table: its planner, seeing ids in the table's order,
    prefers the primary key and the table's pages, three times slower for thousands of ids.
    The index is on ``id + 0``, which only this condition names, so it is chosen."""

    def __init__(self, ids: list[int]):
        super().__init__("id", ids)

    def as_postgresql(self, compiler, connection, **extra_context):
        field, params = compiler.compile(self.source_expressions[0])
        return f"({field} + 0) = ANY({self.array_placeholder})", [*params, self.array_text]


class _InProvincesHolding(Func):
    """The UMKM in ``provinces`` that hold a KBLI code with one of ``tokens`` among its
    prefixes. The prefixes are checked elsewhere too: this is the province condition, which
    PostgreSQL answers with both from the index of each UMKM's province-and-token pairs
    (migration 0017); elsewhere it is the province alone."""

    output_field = BooleanField()

    def __init__(self, provinces: Iterable[int], tokens: Iterable[str]):
        super().__init__(F("province_id"), F("kbli_prefixes"))
        self.provinces = sorted(provinces)
        self.tokens = sorted(tokens)

    def as_sql(self, compiler, connection, **extra_context):
        province, params = compiler.compile(self.source_expressions[0])
        marks = ", ".join(["%s"] * len(self.provinces))
        return f"{province} IN ({marks})", [*params, *self.provinces]

    def as_postgresql(self, compiler, connection, **extra_context):
        province, province_params = compiler.compile(self.source_expressions[0])
        prefixes, prefix_params = compiler.compile(self.source_expressions[1])
        pairs = [
            f"{province_id}/{token}" for province_id in self.provinces for token in self.tokens
        ]
        return (
            f"partnerships_umkm_place_tokens({province}, {prefixes}) && %s::text[]",
            [*province_params, *prefix_params, pairs],
        )


@dataclass(frozen=True)
class UmkmRecommendation:
    umkm: Umkm  # with province and regency loaded
    score: MatchScore
    # The direction of a pending interest between the pair about the same need (or in
    # general), as InterestDirection; "" when there is none.
    pending_interest: str = ""
    is_matched: bool = False  # the pair waits in the queue for a session


@dataclass(frozen=True)
class PartnerRecommendation:
    firm: Firm
    need: Need | None  # None: the firm in general
    score: MatchScore
    pending_interest: str = ""
    is_matched: bool = False


# --- KBLI prefixes on the UMKM row -----------------------------------------------------------


def kbli_prefix_text(codes: Iterable[tuple[str, str]]) -> str:
    """``Umkm.kbli_prefixes`` for these (section, code) pairs: every token of every code
    (match_scoring.kbli_prefixes), sorted, each between spaces, so one LIKE finds a token."""
    tokens = set().union(*(kbli_prefixes(section, code) for section, code in codes))
    return f" {' '.join(sorted(tokens))} " if tokens else ""


# No expiry: later than any day a certification is checked on.
NEVER_EXPIRES = "9999-12-31"


def certified_until_of(certifications: Iterable[tuple[str, date | None]]) -> dict[str, str]:
    """``Umkm.certified_until`` for these (kind, expires on) pairs: per kind, the last day one
    of them is valid (ISO dates, which compare as text; NEVER_EXPIRES for one without an
    expiry). An UMKM holds a kind valid on a day exactly when that day is not after it."""
    until: dict[str, str] = {}
    for kind, expires_on in certifications:
        day = NEVER_EXPIRES if expires_on is None else expires_on.isoformat()
        until[kind] = max(until.get(kind, day), day)
    return dict(sorted(until.items()))


def capacity_by_unit_of(products: Iterable[tuple[str, int]]) -> dict[str, int]:
    """``Umkm.capacity_by_unit`` for these (unit, monthly capacity) products: per unit as
    scoring compares units (match_scoring.normal_unit), the monthly capacity of them all."""
    capacity: dict[str, int] = {}
    for unit, amount in products:
        capacity[normal_unit(unit)] = capacity.get(normal_unit(unit), 0) + amount
    return dict(sorted(capacity.items()))


def _holds_a_prefix(tokens: Iterable[str]) -> Q:
    """The UMKM one of whose codes stands for one of ``tokens``: a condition on the row."""
    return Q(
        *(Q(kbli_prefixes__contains=f" {token} ") for token in sorted(tokens)), _connector=Q.OR
    )


# --- Facts -----------------------------------------------------------------------------------


def _places(rows: Iterable[tuple[str, str, str]]) -> tuple[Place, ...]:
    return tuple(Place(code, name, province) for code, name, province in sorted(rows))


_PLACE_FIELDS = ("code", "name", "province__code")


def seeker_facts_for(*, firm: Firm, need: Need | None = None) -> SeekerFacts:
    """The facts of a firm in general, or of one of its needs."""
    firm_places = _places(firm.locations.values_list(*_PLACE_FIELDS))
    if need is None:
        return SeekerFacts(
            firm_id=firm.pk,
            kbli=tuple(sorted(firm.sectors.values_list("section", "code"))),
            firm_places=firm_places,
            firm_is_exporter=firm.is_exporter,
        )
    return SeekerFacts(
        firm_id=firm.pk,
        need_id=need.pk,
        kbli=tuple(sorted(need.kbli_codes.values_list("section", "code"))),
        firm_places=firm_places,
        wanted_places=_places(need.locations.values_list(*_PLACE_FIELDS)),
        required_certifications=tuple(
            sorted(need.required_certifications.values_list("kind", flat=True))
        ),
        volume=need.volume,
        unit=need.unit,
        period=need.period,
        firm_is_exporter=firm.is_exporter,
    )


_UMKM_FIELDS = (
    "pk",
    "province_id",
    "regency_id",
    "size_class",
    "has_export_experience",
)


class _Regions:
    """Codes and names of every province and regency by id (two small queries), so the
    queries over UMKM need not join them."""

    def __init__(self):
        self.provinces = dict(Province.objects.values_list("pk", "code"))
        self.regencies = {
            pk: (code, name) for pk, code, name in Regency.objects.values_list("pk", "code", "name")
        }


def _umkm_rows(
    umkm: QuerySet,
    regions: _Regions,
    *,
    kinds: tuple[str, ...] = (),
    unit: str | None = None,
    met_known: bool = True,
) -> list[UmkmFacts]:
    """The facts in the UMKM rows themselves, for each UMKM of ``umkm`` (one query), with the
    last valid day of each certification of ``kinds`` standing for its certifications (valid
    on the same days), and with ``unit`` the monthly capacity of its products in that unit
    standing for them (the same capacity); codes come after, for those in the list.
    Without ``met_known``, every UMKM is taken as never having met a firm (the better case)
    until ``_with_meetings`` says: a subquery on the matches made PostgreSQL hash every match
    for each query, 15-20 ms each time at a million."""
    return [
        _row_facts(row, regions, kinds=kinds, unit=unit)
        for row in _umkm_row_values(umkm, kinds=kinds, unit=unit, met_known=met_known)
    ]


def _umkm_row_values(
    umkm: QuerySet,
    *,
    kinds: tuple[str, ...],
    unit: str | None,
    met_known: bool,
    extra: tuple[str, ...] = (),
) -> list[tuple]:
    """The values of each row of ``umkm`` that ``_row_facts`` reads, then those of the
    annotations named ``extra`` (one query). Plain tuples: a walk reads thousands of rows it
    never scores."""
    # Each kind's day as text: decoding every row's whole JSON costs more than the query.
    days = {f"until_{n}": KT(f"certified_until__{kind}") for n, kind in enumerate(kinds)}
    capacity = {}
    if unit is not None:
        capacity = {"capacity": _capacity_in(unit) or F("capacity_by_unit")}
    met = Exists(Match.objects.filter(umkm=OuterRef("pk"))) if met_known else Value(False)
    return list(
        umkm.annotate(has_met_a_firm=met, **days, **capacity)
        .order_by()
        .values_list(*_UMKM_FIELDS, "has_met_a_firm", *capacity, *days, *extra)
    )


def _row_facts(
    row: tuple, regions: _Regions, *, kinds: tuple[str, ...], unit: str | None
) -> UmkmFacts:
    """The facts of one row of ``_umkm_row_values`` (its extra values are ignored)."""
    umkm_id, province_id, regency_id, size_class, exporter, met, *rest = row
    amount, until = (rest[0], rest[1:]) if unit is not None else (None, rest)
    if isinstance(amount, dict):
        amount = amount.get(unit)
    regency_code, regency_name = regions.regencies[regency_id]
    certifications = tuple(
        (kind, None if day == NEVER_EXPIRES else date.fromisoformat(day))
        for kind, day in zip(kinds, until[: len(kinds)], strict=True)
        if day
    )
    return UmkmFacts(
        id=umkm_id,
        kbli=(),
        province_code=regions.provinces[province_id],
        regency_code=regency_code,
        regency_name=regency_name,
        has_export_experience=exporter,
        size_class=size_class,
        has_met_a_firm=met,
        certifications=certifications,
        products=((unit, int(amount)),) if amount is not None else (),
    )


def _capacity_in(unit: str) -> KeyTextTransform | None:
    """The row's monthly capacity in ``unit``, when the database can look the key up: SQLite's
    JSON paths find no key holding a double quote (None: the whole JSON is read instead)."""
    return None if '"' in unit else KeyTextTransform(unit, "capacity_by_unit")


def _umkm_ids_if_few(rows: QuerySet, most: int) -> frozenset[int] | None:
    """The distinct ``umkm_id`` of ``rows``, or None when ``rows`` holds more than ``most``
    (one query: the rows are counted first, at most one past ``most``, and listed only if
    they are few enough; handing twenty thousand ids to Python only to drop them costs more
    than counting them in the index, and a second query costs its own round trip)."""
    ids = rows.order_by().values("umkm_id")
    listed, listed_params = ids.query.sql_with_params()
    counted, counted_params = ids[: most + 1].query.sql_with_params()
    # Both subqueries are Django's own SQL with their values as parameters.
    query = (
        f"WITH counted AS (SELECT COUNT(*) AS n FROM ({counted}) AS limited) "  # noqa: S608 # nosec B608
        "SELECT NULL, n FROM counted UNION ALL "
        f"SELECT listed.umkm_id, NULL FROM ({listed}) AS listed "
        "WHERE (SELECT n FROM counted) <= %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [*counted_params, *listed_params, most])
        (_none, count), *found = cursor.fetchall()
    return None if count > most else frozenset(umkm_id for umkm_id, _none in found)


def _with_meetings(facts: list[UmkmFacts]) -> list[UmkmFacts]:
    """The facts with ``has_met_a_firm`` read (one query)."""
    met = set()
    for ids in _chunks(facts):
        met.update(
            Match.objects.filter(_AmongIds("umkm_id", ids)).values_list("umkm_id", flat=True)
        )
    return [replace(item, has_met_a_firm=True) if item.id in met else item for item in facts]


def _chunks(facts: list[UmkmFacts]) -> Iterable[list[int]]:
    # Databases limit a query's parameters: very many UMKM are asked for in parts.
    for start in range(0, len(facts), MAX_LISTED_IDS):
        yield [item.id for item in facts[start : start + MAX_LISTED_IDS]]


def _with_certifications(facts: list[UmkmFacts], *, kinds: Iterable[str] | None) -> list[UmkmFacts]:
    """The facts with the certifications of ``kinds`` (all when None) added (one query)."""
    found = defaultdict(list)
    for ids in _chunks(facts):
        held = Certification.objects.filter(_AmongIds("umkm_id", ids))
        if kinds is not None:
            held = held.filter(kind__in=list(kinds))
        for umkm_id, kind, expires_on in held.order_by().values_list(
            "umkm_id", "kind", "expires_on"
        ):
            found[umkm_id].append((kind, expires_on))
    return [replace(item, certifications=tuple(found[item.id])) for item in facts]


def _with_codes(facts: list[UmkmFacts]) -> list[UmkmFacts]:
    """The facts with their KBLI codes added (one query)."""
    codes = defaultdict(list)
    for ids in _chunks(facts):
        for umkm_id, section, code in (
            Umkm.kbli_codes.through.objects.filter(_AmongIds("umkm_id", ids))
            .order_by()
            .values_list("umkm_id", "kblicode__section", "kblicode__code")
        ):
            codes[umkm_id].append((section, code))
    return [replace(item, kbli=tuple(sorted(codes[item.id]))) for item in facts]


def _with_products(facts: list[UmkmFacts]) -> list[UmkmFacts]:
    """The facts with their products' units and capacities added (one query)."""
    products = defaultdict(list)
    for ids in _chunks(facts):
        for umkm_id, unit, capacity in (
            Product.objects.filter(_AmongIds("umkm_id", ids))
            .order_by()
            .values_list("umkm_id", "unit", "monthly_capacity")
        ):
            products[umkm_id].append((unit, capacity))
    return [replace(item, products=tuple(products[item.id])) for item in facts]


def umkm_facts_for(umkm: Umkm) -> UmkmFacts:
    """Everything scoring may look at about one UMKM."""
    one = Umkm.objects.filter(pk=umkm.pk)
    facts = _with_certifications(_umkm_rows(one, _Regions()), kinds=None)
    return _with_products(_with_codes(facts))[0]


def match_score_for(*, firm: Firm, umkm: Umkm, need: Need | None = None) -> MatchScore:
    """The explained score of a firm (or one of its needs) and an UMKM, today."""
    scorer = MatchScorer(seeker_facts_for(firm=firm, need=need), today=timezone.localdate())
    return scorer.score(umkm_facts_for(umkm))


# --- Narrowing -------------------------------------------------------------------------------

# A cell's UMKM have their certifications, codes and products read this many at a time, best
# bound first, so a cell of thousands stops reading once the list is out of their reach.
LOAD_STEP = 500

# A KBLI level whose UMKM number more than this is not listed by id: its cells are found
# through the places instead.
MAX_DRIVER_IDS = 20_000

# The holders of a KBLI level's required kinds are looked up by id up to this many; beyond,
# one pass over the index of a kind's holders reads them for every level (each thousand ids
# cost 3-6 ms, the pass 5-20 ms once).
MAX_LEVEL_HOLDERS_IDS = 1_000


@dataclass(frozen=True)
class _Level:
    points: int
    at_least: Q  # the UMKM that earn at least ``points`` on this part
    # KBLI levels: the ids of the codes that earn exactly ``points`` (None for the no-fit
    # level, which holds every UMKM).
    code_ids: tuple[int, ...] | None = None
    exactly: Q | None = None  # locality levels: the UMKM that earn exactly ``points``
    # Locality levels but the regencies': ``exactly`` as the provinces it lies in, and the
    # rest of it.
    provinces: tuple[int, ...] = ()
    within_provinces: Q | None = None
    # KBLI levels: the code tokens earning at least ``points`` (None for the no-fit level).
    tokens: frozenset[str] | None = None


@dataclass(frozen=True)
class _Tier:
    """The UMKM that hold every required certification valid today (``all_held``), or the
    others; None where the seeker requires none."""

    all_held: bool | None = None

    def condition(self, holders: Q) -> Q:
        """A superset of its UMKM, given ``holders`` (those that hold all). The others' tier
        is every UMKM of its cell: the holders among them were visited already, in the same
        cell's holders' tier (a higher bound, so earlier in the walk), and the walk skips
        UMKM it has seen, which keeps the others' tier one plain read of the cell."""
        return holders if self.all_held else Q()


def _tiers(scorer: MatchScorer) -> list[_Tier]:
    return [_Tier(True), _Tier(False)] if scorer.required else [_Tier()]


@dataclass(frozen=True)
class _Cell:
    bound: Fraction
    condition: Q  # the UMKM that earn exactly the cell's points on both parts
    kbli: _Level
    locality: _Level
    tier: _Tier = _Tier()


def _kbli_levels(seeker: SeekerFacts) -> list[_Level]:
    """From the best KBLI points down: which UMKM earn at least them (a condition on the
    tokens on their rows), and the ids of the codes that earn exactly them (one query)."""
    if not seeker.kbli:
        return [_Level(KBLI_MAX, Q())]
    prefixes = {code[:2] for _section, code in seeker.kbli if code.isdigit()}
    sections = {section for section, _code in seeker.kbli}
    # Only codes in a section of a seeker's code earn any points; those sharing a division
    # with one (or in a section it names) earn more than the section's.
    nearby = Q(section__in=sorted(sections)) | Q(
        *(Q(code__startswith=prefix) for prefix in sorted(prefixes)), _connector=Q.OR
    )
    ids_by_points = defaultdict(list)
    for pk, section, code in KbliCode.objects.filter(nearby).values_list("pk", "section", "code"):
        fit = best_kbli_fit(seeker.kbli, [(section, code)])
        if fit.points:
            ids_by_points[fit.points].append(pk)
    levels, tokens = [], set()
    for points, earning in sorted(kbli_tokens_earning(seeker.kbli).items(), reverse=True):
        tokens |= earning
        if not ids_by_points.get(points):
            continue  # no code earns exactly these points, so no UMKM does
        levels.append(
            _Level(
                points,
                _holds_a_prefix(tokens),
                tuple(ids_by_points.get(points, ())),
                tokens=frozenset(tokens),
            )
        )
    levels.append(_Level(KBLI_POINTS[KbliShare.NONE], Q()))
    return levels


def _is_narrow(level: _Level) -> bool:
    """Whether the KBLI level is no wider than a group: its tokens are groups, classes or
    subclasses (a section is a letter, a division two digits)."""
    return bool(level.tokens) and all(len(token) >= 3 for token in level.tokens)


@dataclass(frozen=True)
class _Places:
    """The seeker's places as database ids, for the locality conditions."""

    regency_ids: list[int]
    province_ids: list[int]
    island_province_ids: list[int]
    java_province_ids: list[int]
    other_province_ids: list[int]  # beyond the seeker's island groups
    all_in_java: bool

    @classmethod
    def of(cls, seeker: SeekerFacts, regions: _Regions) -> "_Places":
        places = [*seeker.wanted_places, *seeker.firm_places]
        regency_codes = sorted({place.regency_code for place in places})
        province_codes = sorted({place.province_code for place in places})
        groups = {island_group_of(code) for code in province_codes} - {None}
        island_codes = {code for group in groups for code in province_codes_in(group)}
        java_codes = set(province_codes_in(IslandGroup.JAWA))
        regency_ids = {code: pk for pk, (code, _name) in regions.regencies.items()}
        ids = {code: pk for pk, code in regions.provinces.items()}
        return cls(
            regency_ids=[regency_ids[code] for code in regency_codes if code in regency_ids],
            province_ids=[ids[code] for code in province_codes if code in ids],
            island_province_ids=[ids[code] for code in sorted(island_codes) if code in ids],
            java_province_ids=[ids[code] for code in sorted(java_codes) if code in ids],
            other_province_ids=sorted(
                pk
                for pk, code in regions.provinces.items()
                if code not in island_codes and code not in province_codes
            ),
            all_in_java=all(is_java(code) for code in province_codes),
        )


def _locality_levels(places: _Places, *, nearby_only: bool) -> list[_Level]:
    """From the best locality points down: which UMKM earn at least them, and exactly them
    (written without OR, which leads the database's planner astray)."""
    # The regencies' provinces too (the same UMKM): the place index leads with the province,
    # so PostgreSQL reads only those provinces' entries instead of the whole index.
    in_regencies = Q(province_id__in=places.province_ids, regency_id__in=places.regency_ids)
    in_provinces = Q(province_id__in=places.province_ids)
    on_islands = Q(province_id__in=places.island_province_ids)
    levels = []
    if places.regency_ids:
        levels.append(_Level(LOCALITY_POINTS[Nearness.REGENCY], in_regencies, exactly=in_regencies))
    if places.province_ids:
        levels.append(
            _Level(
                LOCALITY_POINTS[Nearness.PROVINCE],
                in_regencies | in_provinces,
                exactly=in_provinces & ~in_regencies,
                provinces=tuple(places.province_ids),
                within_provinces=~in_regencies,
            )
        )
    if places.island_province_ids and not nearby_only:
        levels.append(
            _Level(
                LOCALITY_POINTS[Nearness.ISLAND_GROUP],
                in_regencies | in_provinces | on_islands,
                exactly=on_islands & ~in_provinces & ~in_regencies,
                provinces=tuple(places.island_province_ids),
                within_provinces=~in_provinces & ~in_regencies,
            )
        )
    if not nearby_only:
        levels.append(
            _Level(
                LOCALITY_POINTS[Nearness.ELSEWHERE],
                Q(),
                exactly=~in_regencies & ~in_provinces & ~on_islands,
                provinces=tuple(places.other_province_ids),
                within_provinces=Q(),
            )
        )
    return levels


def _kbli_exactly(levels: list[_Level]) -> dict[int, Q]:
    """Per KBLI level, the UMKM that earn exactly its points."""
    return {
        level.points: level.at_least & ~levels[k - 1].at_least if k else level.at_least
        for k, level in enumerate(levels)
    }


def _cells(
    seeker: SeekerFacts,
    scorer: MatchScorer,
    kbli_levels: list[_Level],
    locality_levels: list[_Level],
    places: _Places,
) -> list[_Cell]:
    """Every (KBLI, locality, tier) cell, best bound first."""
    cells = []
    kbli_exactly = _kbli_exactly(kbli_levels)
    required = len(scorer.required)
    for kbli in kbli_levels:
        for locality in locality_levels:
            for tier in _tiers(scorer):
                bound = score_upper_bound(
                    seeker,
                    kbli_points_at_most=kbli.points,
                    locality_points_at_most=locality.points,
                    certifications_held_at_most=required
                    if tier.all_held is not False
                    else required - 1,
                )
                if places.all_in_java and locality.points > 0:
                    # Every UMKM of the cell lies in Java: no outside-Java boost.
                    bound -= OUTSIDE_JAVA_POINTS
                cells.append(
                    _Cell(bound, kbli_exactly[kbli.points] & locality.exactly, kbli, locality, tier)
                )
    cells.sort(
        key=lambda cell: (
            -cell.bound,
            -cell.kbli.points,
            -cell.locality.points,
            cell.tier.all_held is False,
        )
    )
    return cells


class _Narrowing:
    """Walks the cells of one seeker, best bound first (see the module's docstring)."""

    def __init__(self, seeker: SeekerFacts, scorer: MatchScorer, *, nearby_only: bool):
        self.seeker = seeker
        self.scorer = scorer
        self.regions = _Regions()
        self.places = _Places.of(seeker, self.regions)
        self.kbli_levels = _kbli_levels(seeker)
        self.locality_levels = _locality_levels(self.places, nearby_only=nearby_only)
        self.kbli_exactly = _kbli_exactly(self.kbli_levels)
        self.cells = _cells(seeker, scorer, self.kbli_levels, self.locality_levels, self.places)
        self._drivers: dict[tuple, object] = {}
        # Per pass: its rows' values by cell (``_rows_by_cell``).
        self._by_place: dict[tuple, dict[tuple, list[tuple]]] = {}

    def _tier_condition(self, tier: _Tier, *, by_place: bool = False, by_id: bool = False) -> Q:
        """Its UMKM as a condition on their rows: for the holders' tier, a valid
        certification of every required kind today (``Umkm.certified_until``)."""
        today = self.scorer.today.isoformat()
        if by_id:
            # The day as text (ISO days sort as text): the same condition, which the index of
            # a kind's holders (migration 0017, on the JSON value) cannot answer, so
            # PostgreSQL looks a level's few ids up instead of scanning that kind's holders.
            holders = Q(
                *(
                    GreaterThanOrEqual(KT(f"certified_until__{kind}"), Value(today))
                    for kind in self.scorer.required
                )
            )
            return tier.condition(holders)
        holders = Q(
            *(Q(**{f"certified_until__{kind}__gte": today}) for kind in self.scorer.required)
        )
        if by_place:
            # "Certified at all" adds nothing but lets PostgreSQL read the certified UMKM's
            # place index (migration 0016), a fifth of the verified ones. Not for a list of
            # ids: the planner would scan that index for them instead of looking them up.
            holders &= ~Q(certified_until={})
        return tier.condition(holders)

    def _driver(self, level: _Level, tier: _Tier) -> tuple[tuple, list[int]] | None:
        """A superset of the UMKM of this KBLI level and tier short enough to list, for the
        database to read by id, with the key of the pass that reads it; None when there is
        none. The UMKM holding a code of the level, for the tier of holders only those
        holding each required kind that few enough hold; for a wide level, or more than
        MAX_LEVEL_HOLDERS_IDS such holders, the holders of the scarcest kind, read from its
        index in one pass for every level. Each list comes from one index alone and
        they meet here: asking the database for the holders among a wide level's code links
        checked certifications for each of a hundred thousand links."""
        key = ("level", level.points, _Tier(tier.all_held or None))
        if key not in self._drivers:
            self._drivers[key] = self._listed(level, key)
        return self._drivers[key]

    def _listed(self, level: _Level, key: tuple) -> tuple[tuple, list[int]] | None:
        if level.code_ids is None:
            return None
        holding_a_code = self._short_list(
            ("codes", level.points),
            Umkm.kbli_codes.through.objects.filter(kblicode_id__in=level.code_ids),
        )
        if not key[2].all_held:
            return None if holding_a_code is None else (key, sorted(holding_a_code))
        today = self.scorer.today
        holding_each_kind = {
            kind: ids
            for kind in self.scorer.required
            if (
                ids := self._short_list(
                    ("kind", kind),
                    Certification.objects.filter(
                        Q(expires_on__isnull=True) | Q(expires_on__gte=today), kind=kind
                    ),
                )
            )
            is not None
        }
        if holding_a_code is not None:
            listed = sorted(holding_a_code.intersection(*holding_each_kind.values()))
            if len(listed) <= MAX_LEVEL_HOLDERS_IDS or not holding_each_kind:
                return key, listed
        if not holding_each_kind:
            return None  # by place, the certifications on the rows
        scarcest = min(holding_each_kind, key=lambda kind: len(holding_each_kind[kind]))
        holders_key = ("holders", scarcest)
        if holders_key not in self._drivers:
            self._drivers[holders_key] = sorted(holding_each_kind[scarcest])
        return holders_key, self._drivers[holders_key]

    def _short_list(self, key: tuple, rows: QuerySet) -> frozenset[int] | None:
        """The distinct ``umkm_id`` of ``rows``, or None when ``rows`` holds more than
        MAX_DRIVER_IDS of them (one query, once a call)."""
        if key not in self._drivers:
            self._drivers[key] = _umkm_ids_if_few(rows, MAX_DRIVER_IDS)
        return self._drivers[key]

    def _rows(self, cell: _Cell, threshold: int | None) -> list[UmkmFacts]:
        """The verified UMKM of the cell that may still reach the list, with the facts of
        their rows."""
        umkm = Umkm.objects.verified()
        kinds = self.scorer.required
        unit = self.scorer.unit if self.scorer.volume else None
        if self._in_regencies_pass(cell):
            key = ("regencies",)
            if key not in self._by_place:
                self._by_place[key] = self._regencies_by_cell(umkm, cell, threshold)
            bucket = (cell.kbli.points, cell.locality.points, cell.tier.all_held)
            return self._passed(key, bucket, threshold)
        driver = self._driver(cell.kbli, cell.tier)
        if driver is None or (
            cell.locality is self.locality_levels[0]
            and len(self.locality_levels) > 1
            and len(driver[1]) > MAX_LISTED_IDS
        ):
            # By place: the seeker's regencies hold fewer UMKM than a long list, or the KBLI
            # level is too wide to list.
            umkm = umkm.filter(
                self._tier_condition(cell.tier, by_place=True), self._by_place_condition(cell)
            )
            return _umkm_rows(
                self._within_reach(umkm, cell, threshold),
                self.regions,
                kinds=kinds,
                unit=unit,
                met_known=False,
            )
        key, ids = driver
        umkm = umkm.filter(self._tier_condition(cell.tier, by_id=key[0] == "level"))
        if key not in self._by_place:
            self._by_place[key] = (
                self._holders_by_cell(umkm, cell, threshold)
                if key[0] == "holders"
                else self._level_by_place(umkm, ids, cell, threshold)
            )
        return self._passed(key, (cell.kbli.points, cell.locality.points, None), threshold)

    def _passed(self, key: tuple, bucket: tuple, threshold: int | None) -> list[UmkmFacts]:
        """The facts of a cell's rows read by the pass ``key`` (``_rows_by_cell``). Read when
        the list held fewer UMKM, or none: those that cannot reach it any more drop out on
        the database's bound before any facts are made of them."""
        needed = None if threshold is None else self._needed(threshold)
        kinds = self.scorer.required
        unit = self.scorer.unit if self.scorer.volume else None
        return [
            _row_facts(values, self.regions, kinds=kinds, unit=unit)
            for *values, reach in self._by_place[key].pop(bucket, [])
            if needed is None or reach >= needed
        ]

    def _in_regencies_pass(self, cell: _Cell) -> bool:
        """Whether the cell lies in the seeker's regencies at a KBLI level no wider than a
        group: those are read in one pass for every such level and tier
        (``_regencies_by_cell``). A division or a section can hold a third of a regency's
        UMKM, read only if the walk gets there."""
        return (
            _is_narrow(cell.kbli)
            and bool(self.places.regency_ids)
            and cell.locality.points == LOCALITY_POINTS[Nearness.REGENCY]
        )

    def _regencies_by_cell(
        self, umkm: QuerySet, cell: _Cell, threshold: int | None
    ) -> dict[tuple, list[tuple]]:
        """The UMKM of the seeker's regencies at a KBLI level no wider than a group, in one
        pass by place for every such level and tier, each UMKM's level decided by the tokens
        of its row and its tier by the last valid days on it: each cell read apart scanned
        the same regencies' entries of the place index again, ten times for a need with
        several codes. Reach is judged as for a holder of every kind (an upper bound for the
        others)."""
        narrowest = [level for level in self.kbli_levels if _is_narrow(level)][-1]
        rest = umkm.filter(narrowest.at_least, self.locality_levels[0].exactly)
        return self._rows_by_cell(
            rest,
            replace(cell, tier=_Tier()),
            threshold,
            self._kbli_points(),
            by_tier=bool(self.scorer.required),
        )

    def _by_place_condition(self, cell: _Cell) -> Q:
        """``cell.condition``, for a KBLI level no wider than a group in provinces written
        so that PostgreSQL reads the level's UMKM in those provinces from the index of places
        and tokens (migration 0017) instead of every UMKM of the provinces: the UMKM of a
        popular class in three large provinces are a few thousand of 200,000. A division or
        a section can hold a third of them, which the index of places reads faster."""
        if not _is_narrow(cell.kbli) or not cell.locality.provinces:
            return cell.condition
        return (
            self.kbli_exactly[cell.kbli.points]
            & cell.locality.within_provinces
            & Q(_InProvincesHolding(cell.locality.provinces, cell.kbli.tokens))
        )

    def _level_by_place(
        self, umkm: QuerySet, ids: list[int], cell: _Cell, threshold: int | None
    ) -> dict[tuple[int, int], list[tuple]]:
        """The rest of the level's UMKM of the tier in one pass by primary key, sorted by
        place here: the requirements of its best cell hold for all of them."""
        rest = umkm.filter(self.kbli_exactly[cell.kbli.points], _UmkmAmongIds(ids))
        if cell.locality is not self.locality_levels[0]:
            rest = rest.exclude(self.locality_levels[0].at_least)
        # Not narrowed to the nearby places (``nearby_only``): given the seeker's provinces,
        # PostgreSQL read their 100,000 entries of the place index instead of the few ids.
        # The UMKM beyond them land in cells the walk never visits.
        return self._rows_by_cell(rest, cell, threshold, Value(cell.kbli.points))

    def _holders_by_cell(
        self, umkm: QuerySet, cell: _Cell, threshold: int | None
    ) -> dict[tuple[int, int], list[tuple]]:
        """The holders of every required kind (``umkm``) in one pass for every KBLI level and
        place, each UMKM's level decided by the tokens of its row: wide levels that share a
        kind's holders would each read them all again. Its cells come later in the walk.
        PostgreSQL reads them from the index of a required kind's holders (migration 0017)."""
        # Only levels listed by code use this pass: the no-fit level is read by place, and
        # the seeker's regencies at narrow levels in their own pass.
        # As in _level_by_place, not narrowed to the nearby places.
        rest = umkm.filter(self.kbli_levels[-2].at_least)
        return self._rows_by_cell(rest, cell, threshold, self._kbli_points())

    def _kbli_points(self) -> Case:
        """Each UMKM's KBLI points, from the tokens on its row."""
        return Case(
            *(When(level.at_least, then=Value(level.points)) for level in self.kbli_levels[:-1]),
            default=Value(self.kbli_levels[-1].points),
        )

    def _rows_by_cell(
        self,
        umkm: QuerySet,
        cell: _Cell,
        threshold: int | None,
        kbli_points: Expression,
        *,
        by_tier: bool = False,
    ) -> dict[tuple, list[tuple]]:
        """The row values of ``umkm`` that may reach the list (``_umkm_row_values``) by
        (KBLI points, locality points, and with ``by_tier`` whether the UMKM holds every
        required kind, else None), each followed by its bound (``_reach``), the points and
        the bound computed by the database."""
        # Each expression built and resolved once, the bound naming the points by reference.
        umkm = umkm.annotate(
            kbli_points=kbli_points, locality_points=self._locality_points()
        ).annotate(row_reach=self._reach(cell, F("kbli_points"), locality=F("locality_points")))
        if threshold is not None:
            umkm = umkm.filter(row_reach__gte=self._needed(threshold))
        kinds = self.scorer.required
        unit = self.scorer.unit if self.scorer.volume else None
        # Where _row_facts finds the kinds' last valid days (ISO text, which sorts as dates).
        days = slice(len(_UMKM_FIELDS) + 1 + (unit is not None), None)
        today = self.scorer.today.isoformat()
        by_cell = defaultdict(list)
        for *values, kbli, locality, row_reach in _umkm_row_values(
            umkm,
            kinds=kinds,
            unit=unit,
            met_known=False,
            extra=("kbli_points", "locality_points", "row_reach"),
        ):
            tier = (
                all(day is not None and day >= today for day in values[days]) if by_tier else None
            )
            by_cell[kbli, locality, tier].append((*values, row_reach))
        return by_cell

    def _locality_points(self) -> Case:
        places = self.places
        return Case(
            When(Q(regency_id__in=places.regency_ids), then=LOCALITY_POINTS[Nearness.REGENCY]),
            When(Q(province_id__in=places.province_ids), then=LOCALITY_POINTS[Nearness.PROVINCE]),
            When(
                Q(province_id__in=places.island_province_ids),
                then=LOCALITY_POINTS[Nearness.ISLAND_GROUP],
            ),
            default=LOCALITY_POINTS[Nearness.ELSEWHERE],
        )

    def _within_reach(self, umkm: QuerySet, cell: _Cell, threshold: int | None) -> QuerySet:
        """The UMKM whose bound (``_reach``) reaches ``threshold``."""
        if threshold is None:
            return umkm
        return umkm.alias(reach=self._reach(cell)).filter(reach__gte=self._needed(threshold))

    def _needed(self, threshold: int) -> int:
        """``threshold`` (a rank value) in the whole numbers of ``_reach``."""
        scale = max(len(self.scorer.required), 1) * self.scorer.applicable_max
        return math.ceil(Fraction(threshold, self.scorer.denominator) * scale)

    def _reach(
        self,
        cell: _Cell,
        kbli_points: Expression | None = None,
        *,
        locality: Expression | None = None,
    ) -> Expression:
        """Each UMKM's bound as far as its row and the cell's tier tell:
        ``MatchScorer.rank_bound`` before certifications and products are loaded, in whole
        numbers scaled by (required kinds x applicable maximum), the required kinds counted as
        held all (holders' tier) or all but one (the others), capacity in full, and the KBLI
        points the cell's (or ``kbli_points``; ``locality``, the locality points where the
        query has them already)."""
        seeker, scorer, places = self.seeker, self.scorer, self.places
        kinds = max(len(scorer.required), 1)
        scale = kinds * scorer.applicable_max

        def points(condition: Q, value: int) -> Case:
            return Case(When(condition, then=Value(value)), default=Value(0))

        # In whole points times FIT_MAX x kinds: the certifications' part is 15 x held /
        # kinds points.
        held = len(scorer.required) - (1 if cell.tier.all_held is False else 0)
        unknown = FIT_MAX * CERTIFICATIONS_MAX * held
        kbli = Value(cell.kbli.points) if kbli_points is None else kbli_points
        locality = self._locality_points() if locality is None else locality
        bound = (kbli + locality) * Value(FIT_MAX * kinds) + Value(unknown)
        if scorer.volume:
            bound += self._capacity_points(FIT_MAX * kinds * CAPACITY_MAX)
        if seeker.firm_is_exporter:
            bound += points(Q(has_export_experience=True), FIT_MAX * kinds * EXPORT_MAX)
        # Every UMKM is counted as never having met a firm here (an upper bound still): a
        # subquery on the matches in this filter leads PostgreSQL's planner to look up every
        # UMKM of a wide KBLI level by primary key (174 ms instead of 15 ms at a million).
        # The rows' exact ``has_met_a_firm`` is read with their products (``_with_meetings``).
        bound += Value(scale * NEVER_MET_POINTS)
        bound += points(Q(size_class__in=SMALL_BUSINESS_SIZES), scale * SMALL_BUSINESS_POINTS)
        bound += points(~Q(province_id__in=places.java_province_ids), scale * OUTSIDE_JAVA_POINTS)
        return ExpressionWrapper(bound, output_field=IntegerField())

    def _capacity_points(self, full: int) -> Case | Value:
        """The capacity part from the row's capacity in the need's unit, ``full`` when it
        covers the monthly volume, in proportion rounded up below it (an upper bound)."""
        scorer = self.scorer
        key = _capacity_in(scorer.unit)
        if key is None:
            return Value(full)
        monthly = Cast(key, BigIntegerField())
        supplied = Coalesce(monthly, Value(0)) * Value(scorer.months)
        return Case(
            When(GreaterThanOrEqual(supplied, Value(scorer.volume)), then=Value(full)),
            default=(supplied * Value(full) + Value(scorer.volume - 1)) / Value(scorer.volume),
            output_field=BigIntegerField(),
        )

    def _row_bound(self, item: UmkmFacts, cell: _Cell) -> int:
        """The rank value from the row alone, as if the UMKM had never met a firm (read after,
        ``_with_meetings``)."""
        return self.scorer.rank_value(item, kbli_points=cell.kbli.points)

    def best(self, limit: int) -> list[UmkmFacts]:
        """The ``limit`` best UMKM, best first. Each cell's UMKM are loaded in steps, and
        those that cannot reach the list any more (``rank_bound``) drop out before the
        next step loads more of them."""
        scorer = self.scorer
        best: list[tuple[int, int, UmkmFacts]] = []  # (-rank value, id, facts): best first
        threshold = None  # the rank value of the last of ``limit`` held so far
        seen: set[int] = set()  # an others' tier also holds its cell's holders, seen before
        for cell in self.cells:
            if threshold is not None and cell.bound * scorer.denominator < threshold:
                break  # nobody in this cell or after it can reach the list
            rows = [item for item in self._rows(cell, threshold) if item.id not in seen]
            seen.update(item.id for item in rows)
            # Best bound first, in steps: once a step's best cannot reach the list, nobody
            # after it can, and their products stay unread.
            bounded = sorted(
                ((self._row_bound(item, cell), item.id, item) for item in rows),
                key=lambda entry: (-entry[0], entry[1]),
            )
            for start in range(0, len(bounded), LOAD_STEP):
                # At best an UMKM ranks at its bound; on an equal value the lower id wins, so
                # the list's last place (value and id) is what it must beat.
                step = [
                    item
                    for bound, umkm_id, item in bounded[start : start + LOAD_STEP]
                    if len(best) < limit or (-bound, umkm_id) < best[-1][:2]
                ]
                if not step:
                    break
                step = _with_meetings(step)
                # The cell's KBLI points are the UMKM's own: the codes (the reason only)
                # are read for the list alone, at the end.
                ranked = [
                    (-scorer.rank_value(facts, kbli_points=cell.kbli.points), facts.id, facts)
                    for facts in step
                ]
                best = heapq.nsmallest(limit, [*best, *ranked], key=lambda entry: entry[:2])
                if len(best) == limit:
                    threshold = -best[-1][0]
        return _with_codes([facts for _value, _id, facts in best])


def _marked_umkm(ids: list[int], *, firm: Firm, need: Need | None) -> dict[int, Umkm]:
    """The UMKM with their places, and whether the pair is already in touch (one query)."""
    pending = Interest.objects.pending().filter(umkm=OuterRef("pk"), firm=firm)
    pending = pending.filter(need=need) if need is not None else pending.filter(need__isnull=True)
    umkm = (
        Umkm.objects.filter(pk__in=ids)
        .select_related("province", "regency")
        .annotate(
            pending_interest=Subquery(pending.order_by("pk").values("direction")[:1]),
            is_matched=Exists(Match.objects.waiting().filter(umkm=OuterRef("pk"), firm=firm)),
        )
    )
    return {item.pk: item for item in umkm}


def recommend_umkm(
    *, firm: Firm, need: Need | None = None, limit: int = 20, nearby_only: bool = False
) -> list[UmkmRecommendation]:
    """The ``limit`` verified UMKM that fit the firm (or its ``need``) best, best first; with
    ``nearby_only``, only UMKM in a regency or province of the firm's sites or the need's
    places."""
    if limit <= 0:
        return []
    seeker = seeker_facts_for(firm=firm, need=need)
    scorer = MatchScorer(seeker, today=timezone.localdate())
    best = _Narrowing(seeker, scorer, nearby_only=nearby_only).best(limit)
    umkm = _marked_umkm([facts.id for facts in best], firm=firm, need=need)
    return [
        UmkmRecommendation(
            umkm=umkm[facts.id],
            score=scorer.score(facts),
            pending_interest=umkm[facts.id].pending_interest or "",
            is_matched=umkm[facts.id].is_matched,
        )
        for facts in best
    ]


# --- The other direction ---------------------------------------------------------------------


def _seekers() -> list[SeekerFacts]:
    """Every open need of a verified firm, and every verified firm in general (seven
    queries)."""
    firms = dict(Firm.objects.verified().values_list("pk", "is_exporter"))
    sectors, sites = defaultdict(list), defaultdict(list)
    for firm_id, section, code in Firm.sectors.through.objects.filter(
        firm__in=Firm.objects.verified()
    ).values_list("firm_id", "kblicode__section", "kblicode__code"):
        sectors[firm_id].append((section, code))
    for firm_id, *place in Firm.locations.through.objects.filter(
        firm__in=Firm.objects.verified()
    ).values_list("firm_id", "regency__code", "regency__name", "regency__province__code"):
        sites[firm_id].append(tuple(place))
    open_needs = Need.objects.open()
    needs = list(open_needs.values_list("pk", "firm_id", "volume", "unit", "period"))
    codes, wanted, required = defaultdict(list), defaultdict(list), defaultdict(list)
    for need_id, section, code in Need.kbli_codes.through.objects.filter(
        need__in=open_needs
    ).values_list("need_id", "kblicode__section", "kblicode__code"):
        codes[need_id].append((section, code))
    for need_id, *place in Need.locations.through.objects.filter(need__in=open_needs).values_list(
        "need_id", "regency__code", "regency__name", "regency__province__code"
    ):
        wanted[need_id].append(tuple(place))
    for need_id, kind in RequiredCertification.objects.filter(need__in=open_needs).values_list(
        "need_id", "kind"
    ):
        required[need_id].append(kind)
    seekers = [
        SeekerFacts(
            firm_id=firm_id,
            kbli=tuple(sorted(sectors[firm_id])),
            firm_places=_places(sites[firm_id]),
            firm_is_exporter=exporter,
        )
        for firm_id, exporter in firms.items()
    ]
    seekers += [
        SeekerFacts(
            firm_id=firm_id,
            need_id=need_id,
            kbli=tuple(sorted(codes[need_id])),
            firm_places=_places(sites[firm_id]),
            wanted_places=_places(wanted[need_id]),
            required_certifications=tuple(sorted(required[need_id])),
            volume=volume,
            unit=unit,
            period=period,
            firm_is_exporter=firms.get(firm_id, False),
        )
        for need_id, firm_id, volume, unit, period in needs
        if firm_id in firms
    ]
    return seekers


def recommend_for_umkm(*, umkm: Umkm, limit: int = 10) -> list[PartnerRecommendation]:
    """The ``limit`` open needs and verified firms that fit the UMKM best, best first.

    Needs and firms in general compete in one list, each on its own score: a firm may appear
    for one of its needs and again in general, when it also scores among the best on its own.
    Equal scores go to the lower firm id, the firm in general before its needs, then the lower
    need id.
    """
    if limit <= 0:
        return []
    facts = umkm_facts_for(umkm)
    today = timezone.localdate()
    scored = []
    for seeker in _seekers():
        scorer = MatchScorer(seeker, today=today)
        exact = Fraction(scorer.rank_value(facts), scorer.denominator)
        scored.append((-exact, seeker.firm_id, seeker.need_id or 0, seeker, scorer))
    top = heapq.nsmallest(limit, scored, key=lambda entry: entry[:3])
    firm_ids = {entry[3].firm_id for entry in top}
    need_ids = {entry[3].need_id for entry in top if entry[3].need_id}
    firms = {
        firm.pk: firm
        for firm in Firm.objects.filter(pk__in=firm_ids).annotate(
            pending_interest=Subquery(
                Interest.objects.pending()
                .filter(umkm=umkm, firm=OuterRef("pk"), need__isnull=True)
                .order_by("pk")
                .values("direction")[:1]
            ),
            is_matched=Exists(Match.objects.waiting().filter(umkm=umkm, firm=OuterRef("pk"))),
        )
    }
    needs = {
        need.pk: need
        for need in Need.objects.filter(pk__in=need_ids).annotate(
            pending_interest=Subquery(
                Interest.objects.pending()
                .filter(umkm=umkm, need=OuterRef("pk"))
                .order_by("pk")
                .values("direction")[:1]
            )
        )
    }
    recommendations = []
    for _exact, firm_id, need_id, _seeker, scorer in top:
        firm = firms[firm_id]
        need = needs[need_id] if need_id else None
        if need is not None:
            need.firm = firm
        recommendations.append(
            PartnerRecommendation(
                firm=firm,
                need=need,
                score=scorer.score(facts),
                pending_interest=(need or firm).pending_interest or "",
                is_matched=firm.is_matched,
            )
        )
    return recommendations
