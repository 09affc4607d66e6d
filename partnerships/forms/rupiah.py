"""A form field for whole-rupiah amounts as people type them: "1.500.000" or "Rp 1.500.000"."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.money import format_rupiah

# Digits with optional thousands dots (Indonesian) or commas (English), and optional zero sen.
_GROUPED = re.compile(r"^\d{1,3}(?:([.,])\d{3})?(?:\1\d{3})*(?:[.,]00)?\Z")
_PLAIN = re.compile(r"^\d+(?:[.,]00)?\Z")
_SPACES = re.compile(r"[\s\u00a0\u202f]")
MAX_AMOUNT = 10**15  # a quadrillion rupiah: far above any UMKM, below BigIntegerField's limit


def parse_rupiah(text: str) -> int:
    """Whole rupiah from typed text; raises ValueError for anything that is not an amount."""
    value = _SPACES.sub("", text or "")
    value = re.sub(r"^rp\.?", "", value, flags=re.IGNORECASE)
    if value.startswith("-"):
        raise ValueError("negative")
    if not (_GROUPED.match(value) or _PLAIN.match(value)):
        raise ValueError("not an amount")
    # A trailing ",00" or ".00" is sen, which whole rupiah do not have.
    value = re.sub(r"[.,]00\Z", "", value)
    return int(re.sub(r"[.,]", "", value))


class RupiahInput(forms.TextInput):
    def __init__(self, attrs=None):
        # A numeric keypad on phones; text input so "1.500.000" can be typed as it is written.
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int):
            return format_rupiah(value).removeprefix("Rp")
        return super().format_value(value)


class RupiahField(forms.Field):
    widget = RupiahInput
    default_error_messages = {
        "invalid": _("Write the amount in whole rupiah, in digits, for example 1.500.000."),
        "negative": _("The amount cannot be negative."),
        "too_big": _("This amount is too large; please check the number of zeros."),
    }

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if _SPACES.sub("", text).removeprefix("Rp").removeprefix("rp").startswith("-"):
            raise ValidationError(self.error_messages["negative"], code="negative")
        try:
            amount = parse_rupiah(text)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if amount > MAX_AMOUNT:
            raise ValidationError(self.error_messages["too_big"], code="too_big")
        return amount
