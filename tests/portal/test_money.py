from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from portal.money import format_rupiah, format_rupiah_words

TEN_QUADRILLION = 10**16


@pytest.mark.parametrize(
    ("amount", "indonesian", "english"),
    [
        (0, "Rp0", "Rp0"),
        (1_500_000, "Rp1.500.000", "Rp1,500,000"),
        (1_500_000_000_000, "Rp1.500.000.000.000", "Rp1,500,000,000,000"),
        (Decimal("1234.5"), "Rp1.234,50", "Rp1,234.50"),
        (-2_000_000, "-Rp2.000.000", "-Rp2,000,000"),
    ],
)
def test_amounts_in_full(amount, indonesian, english):
    assert format_rupiah(amount, "id") == indonesian
    assert format_rupiah(amount, "en") == english


@pytest.mark.parametrize(
    ("amount", "indonesian", "english"),
    [
        (1_500_000_000_000, "Rp1,5 triliun", "Rp1.5 trillion"),
        (250_000_000_000, "Rp250 miliar", "Rp250 billion"),
        (3_250_000, "Rp3,25 juta", "Rp3.25 million"),
        (25_400_000_000_000, "Rp25,4 triliun", "Rp25.4 trillion"),
        (999_999, "Rp999.999", "Rp999,999"),
        (999_999_999_999, "Rp1 triliun", "Rp1 trillion"),
    ],
)
def test_large_amounts_in_words(amount, indonesian, english):
    assert format_rupiah_words(amount, "id") == indonesian
    assert format_rupiah_words(amount, "en") == english


def test_floats_are_refused():
    with pytest.raises(TypeError):
        format_rupiah(1.5)
    with pytest.raises(TypeError):
        format_rupiah_words(1.5)


@given(st.integers(min_value=-TEN_QUADRILLION, max_value=TEN_QUADRILLION))
def test_an_amount_in_full_reads_back_exactly(amount):
    text = format_rupiah(amount, "id")
    assert int(text.replace("Rp", "").replace(".", "")) == amount


@given(st.integers(min_value=0, max_value=TEN_QUADRILLION))
def test_an_amount_in_words_is_within_half_a_percent(amount):
    text = format_rupiah_words(amount, "id").removeprefix("Rp")
    number, _, word = text.partition(" ")
    scale = {"": 1, "juta": 10**6, "miliar": 10**9, "triliun": 10**12}[word]
    shown = Decimal(number.replace(".", "").replace(",", ".")) * scale
    assert abs(shown - amount) <= Decimal(amount) / 200


def test_the_template_filters_follow_the_active_language():
    template = Template("{% load rupiah %}{{ value|rupiah }} / {{ value|rupiah_words }}")
    with translation.override("id"):
        assert (
            template.render(Context({"value": 1_500_000_000})) == "Rp1.500.000.000 / Rp1,5 miliar"
        )
    with translation.override("en"):
        assert (
            template.render(Context({"value": 1_500_000_000})) == "Rp1,500,000,000 / Rp1.5 billion"
        )
