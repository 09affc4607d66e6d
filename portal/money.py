"""Rupiah written the Indonesian way: "Rp1.500.000" in full and "Rp1,5 triliun" in words.

Amounts are int or Decimal, never float: the arithmetic here is exact.
"""

from decimal import ROUND_HALF_UP, Decimal

# (size, Indonesian word, English word), largest first.
SCALES = (
    (10**12, "triliun", "trillion"),
    (10**9, "miliar", "billion"),
    (10**6, "juta", "million"),
)

SEPARATORS = {"id": (".", ","), "en": (",", ".")}


def _separators(language: str) -> tuple[str, str]:
    return SEPARATORS["en" if language.startswith("en") else "id"]


def _group(digits: str, thousands: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return thousands.join(groups)


def _number(value: Decimal, language: str, *, pad_fraction: bool) -> str:
    thousands, decimal_mark = _separators(language)
    whole, _, fraction = f"{value:f}".partition(".")
    fraction = fraction.rstrip("0")
    text = _group(whole, thousands)
    if fraction:
        # Money in full shows sen as two digits (",50"); a scaled figure drops zeros ("1,5").
        text += decimal_mark + (fraction.ljust(2, "0")[:2] if pad_fraction else fraction)
    return text


def _checked(amount: int | Decimal) -> Decimal:
    if isinstance(amount, float):
        raise TypeError("Rupiah amounts are int or Decimal, never float.")
    return Decimal(amount)


def format_rupiah(amount: int | Decimal, language: str = "id") -> str:
    """Rp1.500.000 (Indonesian) or Rp1,500,000 (English); sen only when there are any."""
    value = _checked(amount)
    sign = "-" if value < 0 else ""
    value = abs(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{sign}Rp{_number(value, language, pad_fraction=True)}"


def format_rupiah_words(amount: int | Decimal, language: str = "id") -> str:
    """Rp1,5 triliun, Rp250 miliar, Rp3,25 juta; below a million, the full amount."""
    value = _checked(amount)
    sign = "-" if value < 0 else ""
    value = abs(value)
    english = language.startswith("en")
    for index, (size, word_id, word_en) in enumerate(SCALES):
        if value < size:
            continue
        scaled = (value / size).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        # 999,999 miliar rounds to 1.000 miliar: say 1 triliun instead.
        if index > 0 and scaled >= 1000:
            size, word_id, word_en = SCALES[index - 1]
            scaled = (value / size).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        number = _number(scaled, language, pad_fraction=False)
        return f"{sign}Rp{number} {word_en if english else word_id}"
    return sign + format_rupiah(value, language)
