"""Business size classes of PP 7/2021 (Pasal 35), as a plain function over rupiah amounts.

Capital (modal usaha, excluding land and buildings) decides for a business that registers
before it has traded a year; annual sales (hasil penjualan tahunan) decide for a business
already trading (Pasal 35 ayat 3 and 5). Both figures are kept; the classification says which
one decided.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

MILIAR = 1_000_000_000


class BusinessSize(models.TextChoices):
    MICRO = "micro", _("micro")
    SMALL = "small", _("small")
    MEDIUM = "medium", _("medium")
    LARGE = "large", _("large (not an UMKM)")


class SizeCriterion(models.TextChoices):
    CAPITAL = "capital", _("business capital")
    ANNUAL_SALES = "annual_sales", _("annual sales")


# Upper bounds, inclusive ("paling banyak"), in rupiah; above the last bound a business is large.
CAPITAL_CEILINGS = (
    (BusinessSize.MICRO, 1 * MILIAR),
    (BusinessSize.SMALL, 5 * MILIAR),
    (BusinessSize.MEDIUM, 10 * MILIAR),
)
ANNUAL_SALES_CEILINGS = (
    (BusinessSize.MICRO, 2 * MILIAR),
    (BusinessSize.SMALL, 15 * MILIAR),
    (BusinessSize.MEDIUM, 50 * MILIAR),
)


@dataclass(frozen=True)
class SizeClassification:
    size: BusinessSize
    criterion: SizeCriterion
    amount: int
    # The bracket the amount fell in: (exclusive lower bound, inclusive upper bound or None).
    lower: int
    upper: int | None

    @property
    def is_umkm(self) -> bool:
        return self.size != BusinessSize.LARGE


def classify_business(*, capital: int, annual_sales: int | None) -> SizeClassification:
    """Classify by annual sales when the business reports them, else by capital."""
    if annual_sales is not None:
        criterion, amount, ceilings = (
            SizeCriterion.ANNUAL_SALES,
            annual_sales,
            ANNUAL_SALES_CEILINGS,
        )
    else:
        criterion, amount, ceilings = SizeCriterion.CAPITAL, capital, CAPITAL_CEILINGS
    if isinstance(amount, float) or amount < 0:
        raise ValueError("Amounts are whole, non-negative rupiah.")
    lower = 0
    for size, ceiling in ceilings:
        if amount <= ceiling:
            return SizeClassification(size, criterion, amount, lower, ceiling)
        lower = ceiling
    return SizeClassification(BusinessSize.LARGE, criterion, amount, lower, None)


def is_large_business(*, capital: int | None, annual_sales: int | None) -> bool:
    """True when either figure is above the medium ceiling (used for firms' PMDN check)."""
    return (capital is not None and capital > CAPITAL_CEILINGS[-1][1]) or (
        annual_sales is not None and annual_sales > ANNUAL_SALES_CEILINGS[-1][1]
    )


def describe_classification(classification: SizeClassification) -> str:
    """ "Small: annual sales of Rp3.000.000.000, above Rp2 miliar up to Rp15 miliar.\""""
    from django.utils.text import capfirst
    from django.utils.translation import gettext

    from portal.money import format_rupiah, format_rupiah_words

    params = {
        "size": capfirst(classification.size.label),
        "criterion": classification.criterion.label,
        "amount": format_rupiah(classification.amount),
        "lower": format_rupiah_words(classification.lower),
        "upper": format_rupiah_words(classification.upper) if classification.upper else "",
    }
    if classification.upper is None:
        text = gettext("%(size)s: %(criterion)s of %(amount)s, above %(lower)s (PP 7/2021).")
    elif classification.lower == 0:
        text = gettext("%(size)s: %(criterion)s of %(amount)s, up to %(upper)s (PP 7/2021).")
    else:
        text = gettext(
            "%(size)s: %(criterion)s of %(amount)s, above %(lower)s up to %(upper)s (PP 7/2021)."
        )
    return text % params
