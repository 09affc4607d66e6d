"""PP 7/2021 Pasal 35 size classes, at every boundary, without a database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerships.business_size import (
    MILIAR,
    BusinessSize,
    SizeCriterion,
    classify_business,
    describe_classification,
    is_large_business,
)

ORDER = [BusinessSize.MICRO, BusinessSize.SMALL, BusinessSize.MEDIUM, BusinessSize.LARGE]


@pytest.mark.parametrize(
    ("capital", "size"),
    [
        (0, BusinessSize.MICRO),
        (1 * MILIAR, BusinessSize.MICRO),
        (1 * MILIAR + 1, BusinessSize.SMALL),
        (5 * MILIAR, BusinessSize.SMALL),
        (5 * MILIAR + 1, BusinessSize.MEDIUM),
        (10 * MILIAR, BusinessSize.MEDIUM),
        (10 * MILIAR + 1, BusinessSize.LARGE),
    ],
)
def test_capital_decides_for_a_business_not_yet_trading(capital, size):
    result = classify_business(capital=capital, annual_sales=None)
    assert result.size == size
    assert result.criterion == SizeCriterion.CAPITAL


@pytest.mark.parametrize(
    ("sales", "size"),
    [
        (0, BusinessSize.MICRO),
        (2 * MILIAR, BusinessSize.MICRO),
        (2 * MILIAR + 1, BusinessSize.SMALL),
        (15 * MILIAR, BusinessSize.SMALL),
        (15 * MILIAR + 1, BusinessSize.MEDIUM),
        (50 * MILIAR, BusinessSize.MEDIUM),
        (50 * MILIAR + 1, BusinessSize.LARGE),
    ],
)
def test_annual_sales_decide_for_a_business_already_trading(sales, size):
    # A large capital does not matter once the business reports its sales.
    result = classify_business(capital=20 * MILIAR, annual_sales=sales)
    assert result.size == size
    assert result.criterion == SizeCriterion.ANNUAL_SALES


def test_it_refuses_negative_and_float_amounts():
    with pytest.raises(ValueError, match="non-negative"):
        classify_business(capital=-1, annual_sales=None)
    with pytest.raises(ValueError, match="non-negative"):
        classify_business(capital=0, annual_sales=1.5)


@given(st.integers(min_value=0, max_value=10**15), st.integers(min_value=0, max_value=10**15))
def test_a_larger_amount_never_gives_a_smaller_class(a, b):
    low, high = sorted((a, b))
    assert ORDER.index(classify_business(capital=low, annual_sales=None).size) <= ORDER.index(
        classify_business(capital=high, annual_sales=None).size
    )
    assert ORDER.index(classify_business(capital=0, annual_sales=low).size) <= ORDER.index(
        classify_business(capital=0, annual_sales=high).size
    )


@given(st.integers(min_value=0, max_value=10**15))
def test_the_amount_lies_in_the_bracket_it_reports(amount):
    result = classify_business(capital=amount, annual_sales=None)
    assert result.lower < amount or amount == 0
    assert result.upper is None or amount <= result.upper
    assert result.is_umkm == (result.size != BusinessSize.LARGE)


def test_a_firm_is_large_when_either_figure_is_above_the_medium_ceiling():
    assert is_large_business(capital=10 * MILIAR + 1, annual_sales=None)
    assert is_large_business(capital=None, annual_sales=50 * MILIAR + 1)
    assert not is_large_business(capital=10 * MILIAR, annual_sales=50 * MILIAR)
    assert not is_large_business(capital=None, annual_sales=None)


def test_the_description_names_the_criterion_and_the_bracket(settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"):
        text = describe_classification(classify_business(capital=0, annual_sales=3 * MILIAR))
    assert text == (
        "Small: annual sales of Rp3.000.000.000, above Rp2 miliar up to Rp15 miliar (PP 7/2021)."
    )
