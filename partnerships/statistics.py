"""The programme's public statistics: plain aggregates over the commitments, no personal data.

``programme_statistics()`` is everything the /statistics/ page shows; ``programme_headline()``
is its first block alone (committed, realised, firms, UMKM), which the home page shows too.
Both return frozen dataclasses of plain values (ints, Decimals, dates, strings): no model
instance, no name of a firm, an UMKM, an owner or a signatory.

What is counted:

- Every commitment that is not cancelled, from the statement of commitment on. Its value is
  split as BKPM's own figures are: pre-contract (only the statement is signed) and contract
  (the partnership agreement is signed: agreement, in progress or realised).
- Realised: the sum of the confirmed realisation (``Commitment.realised_value``) of those
  commitments, and its share of the value committed.
- Firms and UMKM taking part: distinct parties of those commitments.
- By province: the UMKM's province. By KBLI section: each commitment counts once, under the
  UMKM's main line of business, the section of its lowest KBLI code (sections follow the
  codes' order, so that is the first of its sections); an UMKM without a code is "not stated".
  By partnership pattern, and by the month the statement of commitment was signed (months
  with commitments, in order).
- Naik kelas: the UMKM recorded as having moved up a size class, each counted once, and how
  many moved from each class to each higher one.

Every figure is aggregated in the database (``values()``/``annotate()`` with ``Sum`` and
``Count``): the number of queries is fixed whatever the number of commitments, and nothing loops
over commitments in Python. Labels are in the active language: call these under the request's.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.formats import get_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from partnerships.business_size import BusinessSize
from partnerships.models import (
    Commitment,
    InvestmentType,
    KbliCode,
    KbliLevel,
    PartnershipPattern,
    SizeClassChange,
    Umkm,
)
from partnerships.models.commitments import CONTRACT_STAGES, CommitmentStage

SIZE_ORDER = [BusinessSize.MICRO, BusinessSize.SMALL, BusinessSize.MEDIUM, BusinessSize.LARGE]


@dataclass(frozen=True)
class Headline:
    """The programme in a few numbers; values in whole rupiah."""

    committed: int
    pre_contract: int
    contract: int
    realised: int
    # Realised as a percentage of committed, one decimal; None while nothing is committed.
    realised_percent: Decimal | None
    commitments: int
    firms: int
    pma_firms: int
    pmdn_firms: int
    umkm: int

    @property
    def is_empty(self) -> bool:
        return self.commitments == 0


@dataclass(frozen=True)
class Row:
    """One bar of a breakdown: ``key`` is stable (a province code, a section letter, a pattern,
    "2021-01"), ``label`` is what people read, in the active language."""

    key: str
    label: str
    commitments: int
    value: int


@dataclass(frozen=True)
class SizeMove:
    """How many distinct UMKM moved from one size class to a higher one."""

    from_label: str
    to_label: str
    umkm: int

    @property
    def label(self) -> str:
        return f"{self.from_label} → {self.to_label}"


@dataclass(frozen=True)
class NaikKelas:
    umkm: int
    moves: tuple[SizeMove, ...]


@dataclass(frozen=True)
class ProgrammeStatistics:
    as_of: date
    headline: Headline
    by_province: tuple[Row, ...]
    by_section: tuple[Row, ...]
    by_pattern: tuple[Row, ...]
    by_month: tuple[Row, ...]
    naik_kelas: NaikKelas

    @property
    def is_empty(self) -> bool:
        return self.headline.is_empty


def _counted():
    """The commitments the statistics count: all but the cancelled ones."""
    return Commitment.objects.not_cancelled()


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def programme_headline() -> Headline:
    """Committed (pre-contract and contract), realised, and who takes part: one query."""
    totals = _counted().aggregate(
        committed=Sum("value"),
        pre_contract=Sum("value", filter=Q(stage=CommitmentStage.STATEMENT)),
        contract=Sum("value", filter=Q(stage__in=[stage.value for stage in CONTRACT_STAGES])),
        realised=Sum("realised_value"),
        commitments=Count("pk"),
        firms=Count("firm", distinct=True),
        pma_firms=Count("firm", distinct=True, filter=Q(firm__investment_type=InvestmentType.PMA)),
        pmdn_firms=Count(
            "firm", distinct=True, filter=Q(firm__investment_type=InvestmentType.PMDN)
        ),
        umkm=Count("umkm", distinct=True),
    )
    # Sums of no rows are NULL; PostgreSQL returns Decimal for SUM(bigint): make both int.
    values = {name: int(value or 0) for name, value in totals.items()}
    return Headline(realised_percent=_percent(values["realised"], values["committed"]), **values)


def _largest_first(rows) -> tuple[Row, ...]:
    return tuple(sorted(rows, key=lambda row: (-row.value, row.label.casefold(), row.key)))


def _rows(queryset, key: str, label) -> tuple[Row, ...]:
    """Commitments and value per ``key`` (one GROUP BY), largest value first, then by label."""
    grouped = queryset.values(key).annotate(commitments=Count("pk"), total=Sum("value"))
    return _largest_first(
        Row(
            key="" if group[key] is None else str(group[key]),
            label=label(group[key]),
            commitments=group["commitments"],
            value=int(group["total"]),
        )
        for group in grouped.order_by()
    )


def _by_province() -> tuple[Row, ...]:
    grouped = (
        _counted()
        .values("umkm__province__code", "umkm__province__name")
        .annotate(commitments=Count("pk"), total=Sum("value"))
        .order_by()
    )
    return _largest_first(
        Row(
            key=group["umkm__province__code"],
            label=group["umkm__province__name"],
            commitments=group["commitments"],
            value=int(group["total"]),
        )
        for group in grouped
    )


def _main_section():
    """The UMKM's main KBLI section: the section of its lowest code (sections run in the
    codes' order, so the smallest letter among its codes); NULL when it has none."""
    codes = Umkm.kbli_codes.through.objects.filter(umkm_id=OuterRef("umkm_id"))
    return Subquery(codes.order_by("kblicode__section").values("kblicode__section")[:1])


def _by_section() -> tuple[Row, ...]:
    english = (get_language() or "").startswith("en")
    titles = {
        code["code"]: (code["title_en"] if english and code["title_en"] else code["title_id"])
        for code in KbliCode.objects.filter(level=KbliLevel.SECTION)
        .order_by("version")
        .values("code", "title_id", "title_en")
    }

    def label(section: str | None) -> str:
        if not section:
            return _("not stated")
        title = titles.get(section)
        return f"{section} · {title}" if title else section

    queryset = _counted().annotate(main_section=_main_section())
    return _rows(queryset, "main_section", label)


def _by_pattern() -> tuple[Row, ...]:
    def label(pattern: str) -> str:
        try:
            return str(PartnershipPattern(pattern).label)
        except ValueError:
            return pattern

    return _rows(_counted(), "pattern", label)


def _by_month() -> tuple[Row, ...]:
    year_month = get_format("YEAR_MONTH_FORMAT")
    grouped = (
        _counted()
        .annotate(month=TruncMonth("statement_signed_on"))
        .values("month")
        .annotate(commitments=Count("pk"), total=Sum("value"))
        .order_by("month")
    )
    return tuple(
        Row(
            key=f"{group['month']:%Y-%m}",
            label=format_date(group["month"], year_month),
            commitments=group["commitments"],
            value=int(group["total"]),
        )
        for group in grouped
    )


def _naik_kelas() -> NaikKelas:
    moved = SizeClassChange.objects.aggregate(umkm=Count("umkm", distinct=True))["umkm"]
    grouped = (
        SizeClassChange.objects.values("from_class", "to_class")
        .annotate(umkm=Count("umkm", distinct=True))
        .order_by()
    )

    def order(size: str) -> int:
        return SIZE_ORDER.index(size) if size in SIZE_ORDER else len(SIZE_ORDER)

    def label(size: str) -> str:
        try:
            return str(BusinessSize(size).label)
        except ValueError:
            return size

    moves = sorted(grouped, key=lambda move: (order(move["from_class"]), order(move["to_class"])))
    return NaikKelas(
        umkm=moved,
        moves=tuple(
            SizeMove(
                from_label=label(move["from_class"]),
                to_label=label(move["to_class"]),
                umkm=move["umkm"],
            )
            for move in moves
        ),
    )


def programme_statistics() -> ProgrammeStatistics:
    """Everything /statistics/ shows, in eight queries whatever the number of commitments."""
    return ProgrammeStatistics(
        as_of=timezone.localdate(),
        headline=programme_headline(),
        by_province=_by_province(),
        by_section=_by_section(),
        by_pattern=_by_pattern(),
        by_month=_by_month(),
        naik_kelas=_naik_kelas(),
    )
