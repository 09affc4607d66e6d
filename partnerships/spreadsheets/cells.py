"""Reading the cells of the spreadsheets officials keep, and writing cells that are safe to open.

Pure functions over plain values, no database: a cell arrives as text (CSV, or a text cell of
an XLSX file), as a number (an XLSX number cell: openpyxl gives an int, or a float even for a
whole number) or as a date (an XLSX date cell: a datetime). Each reader returns the value or
raises CellError with a translated sentence that says what is wrong and how to write it.

Money stays exact: a float is accepted only when it is a whole number of rupiah, and below
2**53 every whole float converts to int exactly (the largest value allowed is 10**14).
"""

import datetime
import math
import re
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from partnerships.forms.rupiah import parse_rupiah
from partnerships.identifiers import digits_only
from partnerships.models import PartnershipPattern

NIB_DIGITS = 13

# What makes a spreadsheet read a text cell as a formula (OWASP's CSV injection list): a cell
# starting with one of these is written with a leading apostrophe, which keeps it text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


class CellError(ValueError):
    """A cell that cannot be read; ``message`` is the translated sentence to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def guard_formula(value, *, typed_cells: bool = False):
    """``value`` made safe for a spreadsheet: text that a spreadsheet would run as a formula
    (it starts, after any spaces, with = + - @, a tab or a carriage return) gets a leading
    apostrophe; everything else (numbers, dates, other text) is returned as it is.

    ``typed_cells``: the file keeps each cell's type (XLSX), so a text cell is never evaluated
    and only a leading "=", which would be written as a formula, needs the apostrophe.
    """
    triggers = ("=",) if typed_cells else FORMULA_TRIGGERS
    if isinstance(value, str) and value.lstrip(" ").startswith(triggers):
        return "'" + value
    return value


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value) -> str:
    """A cell as text: a whole number without ".0", everything trimmed, None as ""."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return str(value).strip()


def header_key(header) -> str:
    """A column header as a key: "NIB UMKM", "nib-umkm" and " nib_umkm " are all "nib_umkm"."""
    text = cell_text(header).lower()
    return re.sub(r"[\s\-_.]+", "_", text).strip("_")


# --- NIB ---------------------------------------------------------------------------------------


def parse_nib(value) -> str:
    """13 digits, from text ("9120 0012 3456 7", dots and dashes allowed) or a number cell.

    A number cell has lost any leading zero, so a shorter whole number is padded back to 13
    digits; text is taken as typed.
    """
    if isinstance(value, bool):
        raise CellError(_("An NIB has exactly 13 digits."))
    if isinstance(value, float):
        if not (math.isfinite(value) and value.is_integer() and value >= 0):
            raise CellError(_("An NIB has exactly 13 digits."))
        value = int(value)
    if isinstance(value, int):
        text = str(value)
        if value < 0 or len(text) > NIB_DIGITS:
            raise CellError(_("An NIB has exactly 13 digits."))
        return text.zfill(NIB_DIGITS)
    text = digits_only(cell_text(value))
    if not text.isascii() or not text.isdigit() or len(text) != NIB_DIGITS:
        raise CellError(
            _("“%(value)s” is not an NIB: an NIB has exactly 13 digits.")
            % {"value": cell_text(value)}
        )
    return text


# --- money -------------------------------------------------------------------------------------


def parse_value(value) -> int:
    """Whole rupiah from "1.500.000.000", "Rp 1.500.000.000", "1500000000" or a number cell.

    Fractions are refused ("1,5": the value is written in whole rupiah); so are negative
    amounts. Whether the amount is in range is the commitment's rule, checked elsewhere.
    """
    if isinstance(value, bool):
        raise CellError(_("Write the value in whole rupiah, for example 1.500.000.000."))
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        number = Decimal(value) if isinstance(value, float) else value
        if not number.is_finite():
            raise CellError(_("Write the value in whole rupiah, for example 1.500.000.000."))
        if number != number.to_integral_value():
            raise CellError(
                _("%(value)s has a fraction of a rupiah: write the value in whole rupiah.")
                % {"value": cell_text(value)}
            )
        return int(number)
    text = cell_text(value)
    compact = re.sub(r"[\s\u00a0\u202f]", "", text)
    unsigned = re.sub(r"^rp\.?", "", compact, flags=re.IGNORECASE)
    if unsigned.startswith("-"):
        try:
            return -parse_value(unsigned[1:])
        except CellError:
            pass
    try:
        return parse_rupiah(text)
    except ValueError:
        pass
    if whole := re.fullmatch(r"(\d+)[.,]0", unsigned):  # "1500000000.0", from a float
        return int(whole.group(1))
    if re.fullmatch(r"\d+[.,]\d+", unsigned):
        raise CellError(
            _(
                "“%(value)s” has a fraction of a rupiah: write the value in whole rupiah, "
                "with dots between thousands (1.500.000.000)."
            )
            % {"value": text}
        )
    raise CellError(
        _(
            "“%(value)s” is not an amount: write the value in whole rupiah, for example "
            "1.500.000.000."
        )
        % {"value": text}
    )


# --- partnership pattern ----------------------------------------------------------------------


def _pattern_key(text: str) -> str:
    return re.sub(r"[\s\-_]+", " ", text.lower()).strip()


def _pattern_aliases() -> dict[str, str]:
    """Every way of writing a pattern that is accepted, keyed as _pattern_key writes it: the
    code ("rantai_pasok"), the English and Indonesian labels in full, and each part of a label
    ("supply chain", "rantai pasok")."""
    aliases: dict[str, str] = {}
    for pattern in PartnershipPattern:
        aliases[_pattern_key(pattern.value)] = pattern.value
        for language in ("en", "id"):
            with translation.override(language):
                label = str(pattern.label)
            aliases[_pattern_key(label)] = pattern.value
            outside, _bracket, inside = label.partition("(")
            for part in (outside, inside.rstrip(")")):
                if part.strip():
                    aliases.setdefault(_pattern_key(part), pattern.value)
    return aliases


def parse_pattern(value) -> str:
    """The pattern's code from its code or its label in Indonesian or English, any case."""
    text = cell_text(value)
    found = _pattern_aliases().get(_pattern_key(text))
    if found is None:
        raise CellError(
            _("“%(value)s” is not a partnership pattern of PP 7/2021. Write one of: %(patterns)s.")
            % {"value": text, "patterns": ", ".join(PartnershipPattern.values)}
        )
    return found


# --- dates -------------------------------------------------------------------------------------

MONTHS = {
    # Indonesian
    "januari": 1,
    "februari": 2,
    "pebruari": 2,
    "maret": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "agustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "nopember": 11,
    "desember": 12,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "okt": 10,
    "des": 12,
    # English
    "january": 1,
    "february": 2,
    "march": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "october": 10,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_ISO = re.compile(r"(\d{4})[\-/](\d{1,2})[\-/](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_WORDS = re.compile(r"(\d{1,2})\s+([^\W\d_]+)\.?,?\s+(\d{4})")


def parse_date(value) -> datetime.date:
    """A date from a date cell, "18/01/2021" (day first, as Indonesia writes it), "2021-01-18"
    or "18 Januari 2021" (Indonesian or English month names, in full or short)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    day = month = year = None
    if match := _DAY_FIRST.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _WORDS.fullmatch(text):
        month = MONTHS.get(match.group(2).lower())
        day, year = int(match.group(1)), int(match.group(3))
    if month is not None:
        try:
            return datetime.date(year, month, day)
        except ValueError:
            pass
    raise CellError(
        _(
            "“%(value)s” is not a date: write it like 18/01/2021, 2021-01-18 or 18 Januari 2021 "
            "(or use a date cell)."
        )
        % {"value": text}
    )


def a_year_later_less_a_day(start: datetime.date) -> datetime.date:
    """The default end of a period: one year after ``start`` less a day (18 January 2021 to
    17 January 2022; a period starting on 29 February ends on 27 February)."""
    try:
        anniversary = start.replace(year=start.year + 1)
    except ValueError:  # 29 February: the next year's last day of February
        anniversary = start.replace(year=start.year + 1, day=28)
    return anniversary - datetime.timedelta(days=1)
