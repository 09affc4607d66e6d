"""Indonesian business identifiers, checked with python-stdnum where it knows them."""

import re
from dataclasses import dataclass

from stdnum import exceptions as stdnum_errors
from stdnum.id import nik, npwp

_SEPARATORS = re.compile(r"[\s.\-/]")


def digits_only(value: str) -> str:
    """Drop the dots, dashes, slashes and spaces people type between digit groups."""
    return _SEPARATORS.sub("", value or "")


@dataclass(frozen=True)
class NpwpCheck:
    number: str  # digits only
    is_well_formed: bool  # 15 or 16 digits
    checksum_ok: bool


def check_npwp(value: str) -> NpwpCheck:
    """The 16-digit NPWP, or the older 15 digits whose ninth digit is a Luhn check digit.

    A failed check digit is reported rather than refused: typing mistakes are likely, but so
    are older numbers that the check does not fit, and the owner may confirm the number.
    """
    number = digits_only(value)
    if not number.isdigit() or len(number) not in (15, 16):
        return NpwpCheck(number, is_well_formed=False, checksum_ok=False)
    try:
        npwp.validate(number)
    except stdnum_errors.InvalidChecksum:
        return NpwpCheck(number, is_well_formed=True, checksum_ok=False)
    except stdnum_errors.ValidationError:
        # A 16-digit NPWP that is a NIK with an impossible province or date is also reported.
        return NpwpCheck(number, is_well_formed=True, checksum_ok=False)
    return NpwpCheck(number, is_well_formed=True, checksum_ok=True)


def is_valid_nik(value: str) -> bool:
    return nik.is_valid(digits_only(value))


def is_valid_nib(value: str) -> bool:
    number = digits_only(value)
    return len(number) == 13 and number.isdigit()
