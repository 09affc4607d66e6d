"""Reading the cells officials type (no database): NIBs, rupiah, patterns, dates, and the guard
that keeps the cells we write from running as formulas."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from partnerships.models import MAX_COMMITMENT_VALUE, PartnershipPattern
from partnerships.spreadsheets.cells import (
    CellError,
    a_year_later_less_a_day,
    guard_formula,
    header_key,
    parse_date,
    parse_nib,
    parse_pattern,
    parse_value,
)
from portal.money import format_rupiah


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


class TestValues:
    @pytest.mark.parametrize(
        ("cell", "value"),
        [
            ("1.500.000.000", 1_500_000_000),
            ("Rp 1.500.000.000", 1_500_000_000),
            ("Rp1.500.000.000,00", 1_500_000_000),
            ("1500000000", 1_500_000_000),
            ("1,500,000,000", 1_500_000_000),
            (" 250.000.000 ", 250_000_000),
            ("1500000000.0", 1_500_000_000),
            (1_500_000_000, 1_500_000_000),
            (1_500_000_000.0, 1_500_000_000),
            (Decimal("1500000000"), 1_500_000_000),
            ("-1.000", -1000),
            (-5.0, -5),
        ],
    )
    def test_whole_rupiah_are_read_as_written(self, cell, value):
        assert parse_value(cell) == value
        assert isinstance(parse_value(cell), int)

    @pytest.mark.parametrize(
        ("cell", "message"),
        [
            ("1,5", "“1,5” has a fraction of a rupiah"),
            ("1.5", "“1.5” has a fraction of a rupiah"),
            (1_500_000_000.5, "1500000000.5 has a fraction of a rupiah"),
            (Decimal("0.25"), "0.25 has a fraction of a rupiah"),
            ("satu juta", "“satu juta” is not an amount"),
            ("1.50.000", "“1.50.000” is not an amount"),
            (float("nan"), "Write the value in whole rupiah"),
            (float("inf"), "Write the value in whole rupiah"),
            (True, "Write the value in whole rupiah"),
        ],
    )
    def test_anything_else_is_refused_with_a_reason(self, cell, message):
        with pytest.raises(CellError) as refused:
            parse_value(cell)
        assert refused.value.message.startswith(message)

    @given(st.integers(min_value=1, max_value=MAX_COMMITMENT_VALUE))
    def test_every_amount_written_the_indonesian_way_reads_back_exactly(self, amount):
        assert parse_value(format_rupiah(amount)) == amount
        assert parse_value(format_rupiah(amount).removeprefix("Rp")) == amount

    @given(st.integers(min_value=1, max_value=MAX_COMMITMENT_VALUE))
    def test_every_whole_number_cell_converts_exactly(self, amount):
        assert parse_value(float(amount)) == amount


class TestNibs:
    @pytest.mark.parametrize(
        ("cell", "nib"),
        [
            ("9120001234567", "9120001234567"),
            ("9120 0012 3456 7", "9120001234567"),
            ("9120.0012.3456.7", "9120001234567"),
            (9120001234567, "9120001234567"),
            (9120001234567.0, "9120001234567"),
            (120001234567, "0120001234567"),  # a number cell lost the leading zero
        ],
    )
    def test_13_digits_are_read(self, cell, nib):
        assert parse_nib(cell) == nib

    @pytest.mark.parametrize(
        "cell",
        ["12345", "91200012345678", "abcdefghijklm", 1.5, -9120001234567, True, "٩١٢٠٠٠١٢٣٤٥٦٧"],
    )
    def test_anything_else_is_refused(self, cell):
        with pytest.raises(CellError):
            parse_nib(cell)


class TestPatterns:
    @pytest.mark.parametrize(
        ("cell", "pattern"),
        [
            ("rantai_pasok", PartnershipPattern.SUPPLY_CHAIN),
            ("Rantai Pasok", PartnershipPattern.SUPPLY_CHAIN),
            ("rantai-pasok", PartnershipPattern.SUPPLY_CHAIN),
            ("supply chain", PartnershipPattern.SUPPLY_CHAIN),
            ("SUPPLY CHAIN (RANTAI PASOK)", PartnershipPattern.SUPPLY_CHAIN),
            ("inti-plasma", PartnershipPattern.NUCLEUS_PLASMA),
            ("Subkontrak", PartnershipPattern.SUBCONTRACTING),
            ("distribusi dan keagenan", PartnershipPattern.DISTRIBUTION_AGENCY),
            ("franchise", PartnershipPattern.FRANCHISE),
            ("Bentuk kemitraan lainnya", PartnershipPattern.OTHER),
        ],
    )
    def test_a_code_or_a_label_in_either_language_is_read(self, cell, pattern):
        assert parse_pattern(cell) == pattern

    def test_every_pattern_reads_from_its_code_and_both_labels(self):
        for pattern in PartnershipPattern:
            assert parse_pattern(pattern.value) == pattern
            for language in ("en", "id"):
                with translation.override(language):
                    assert parse_pattern(str(pattern.label)) == pattern

    def test_an_unknown_pattern_lists_the_codes(self):
        with pytest.raises(CellError) as refused:
            parse_pattern("barter")
        assert "rantai_pasok" in refused.value.message


class TestDates:
    @pytest.mark.parametrize(
        "cell",
        [
            "18/01/2021",
            "18-1-2021",
            "18.01.2021",
            "2021-01-18",
            "2021/01/18",
            "2021-01-18 00:00:00",
            "18 Januari 2021",
            "18 januari 2021",
            "18 Jan 2021",
            "18 January 2021",
            datetime.date(2021, 1, 18),
            datetime.datetime(2021, 1, 18, tzinfo=datetime.UTC),
        ],
    )
    def test_the_ways_indonesia_writes_a_date_are_read(self, cell):
        assert parse_date(cell) == datetime.date(2021, 1, 18)

    @pytest.mark.parametrize("cell", ["17 Agustus 1945", "17 Agt 1945", "17/08/1945"])
    def test_indonesian_month_names_and_abbreviations(self, cell):
        assert parse_date(cell) == datetime.date(1945, 8, 17)

    @pytest.mark.parametrize(
        "cell", ["31/02/2021", "01/18/2021", "18/01/21", "kemarin", "18 Brumaire 2021", 44214]
    )
    def test_anything_else_is_refused(self, cell):
        with pytest.raises(CellError) as refused:
            parse_date(cell)
        assert "is not a date" in refused.value.message

    @pytest.mark.parametrize(
        ("start", "end"),
        [
            (datetime.date(2021, 1, 18), datetime.date(2022, 1, 17)),
            (datetime.date(2021, 1, 1), datetime.date(2021, 12, 31)),
            (datetime.date(2020, 2, 29), datetime.date(2021, 2, 27)),
        ],
    )
    def test_the_default_period_is_a_year_less_a_day(self, start, end):
        assert a_year_later_less_a_day(start) == end


class TestFormulaGuard:
    @pytest.mark.parametrize("text", ["=1+1", "+62 812", "-2", "@SUM(A1)", "\tx", "\rx", "  =1"])
    def test_text_a_spreadsheet_would_run_gets_an_apostrophe(self, text):
        assert guard_formula(text) == "'" + text

    @pytest.mark.parametrize("value", ["PT Maju", "1.500.000", "", 1500, -5, Decimal("1.5"), None])
    def test_everything_else_is_left_alone(self, value):
        assert guard_formula(value) == value

    def test_typed_cells_need_it_only_before_an_equals_sign(self):
        assert guard_formula("=1+1", typed_cells=True) == "'=1+1"
        assert guard_formula("+62 812", typed_cells=True) == "+62 812"

    @given(st.text())
    def test_a_guarded_text_never_starts_a_formula(self, text):
        guarded = guard_formula(text)
        assert not guarded.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r"))
        assert guarded.removeprefix("'") == text or guarded == text


@pytest.mark.parametrize(
    ("header", "key"),
    [("NIB UMKM", "nib_umkm"), (" nib-umkm ", "nib_umkm"), ("No.", "no"), (None, "")],
)
def test_headers_are_compared_loosely(header, key):
    assert header_key(header) == key
