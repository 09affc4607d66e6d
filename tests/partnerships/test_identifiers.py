"""NPWP, NIK and NIB checks (python-stdnum), without a database."""

import pytest

from partnerships.identifiers import check_npwp, digits_only, is_valid_nib, is_valid_nik


def test_it_drops_the_separators_people_type():
    assert digits_only("01.312.166.0-091.000") == "013121660091000"


@pytest.mark.parametrize("number", ["01.312.166.0-091.000", "0013121660091000"])
def test_a_well_formed_npwp_passes_its_check(number):
    check = check_npwp(number)
    assert check.is_well_formed
    assert check.checksum_ok


def test_an_old_npwp_with_a_wrong_ninth_digit_fails_only_its_check():
    check = check_npwp("013121650091000")
    assert check.is_well_formed
    assert not check.checksum_ok


@pytest.mark.parametrize("number", ["12345", "01312166009100012", "abcdefghijklmno"])
def test_an_npwp_of_the_wrong_length_is_not_well_formed(number):
    assert not check_npwp(number).is_well_formed


def test_nik_and_nib():
    assert is_valid_nik("3171011708450001")
    assert not is_valid_nik("9971011708450001")
    assert is_valid_nib("1234567890123")
    assert not is_valid_nib("123456789012")
