from decimal import Decimal

from django import template
from django.utils.translation import get_language

from portal.money import format_rupiah, format_rupiah_words

register = template.Library()


@register.filter
def rupiah(amount: int | Decimal | None) -> str:
    """{{ value|rupiah }}: Rp1.500.000."""
    return "" if amount is None else format_rupiah(amount, get_language() or "id")


@register.filter
def rupiah_words(amount: int | Decimal | None) -> str:
    """{{ value|rupiah_words }}: Rp1,5 triliun."""
    return "" if amount is None else format_rupiah_words(amount, get_language() or "id")
