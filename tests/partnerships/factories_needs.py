"""Helpers of the needs tests: what a representative posts, and a firm with its people."""

from datetime import timedelta

from django.utils import timezone

from partnerships.models import Firm, NeedPeriod, PartnershipPattern
from partnerships.models import VerificationState as State
from tests.partnerships.factories import make_firm, make_representative, regency


def need_data(**overrides) -> dict:
    """The cleaned data of a need (what services take)."""
    return {
        "title": "Kemasan karton untuk pabrik Karawang",
        "description": "Karton lipat tiga lapis, dicetak dua warna.",
        "volume": 20_000,
        "unit": "pcs",
        "period": NeedPeriod.MONTH,
        "estimated_value": 150_000_000,
        "pattern": PartnershipPattern.SUPPLY_CHAIN,
        "deadline": timezone.localdate() + timedelta(days=45),
        **overrides,
    }


def need_form_data(**overrides) -> dict:
    """What a representative posts on the need form, as the browser sends it (all strings)."""
    data = {
        "title": "Kemasan karton untuk pabrik Karawang",
        "description": "Karton lipat tiga lapis, dicetak dua warna.",
        "kbli": "17021, 1702",
        "nearby_locations": [],
        "other_locations": [str(regency("3215").pk)],
        "volume": "20000",
        "unit": "pcs",
        "period": NeedPeriod.MONTH,
        "estimated_value": "150.000.000",
        "certifications": ["sni"],
        "pattern": PartnershipPattern.SUPPLY_CHAIN,
        "deadline": (timezone.localdate() + timedelta(days=45)).isoformat(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def make_firm_with_representative(state: str = State.VERIFIED, **fields) -> tuple[Firm, object]:
    """A firm operating in Karawang and one of its representatives' accounts."""
    firm = make_firm(state=state, locations=["3215"], **fields)
    return firm, make_representative(firm).user
