"""Builders for the firm tests, on top of the shared factories: firms with representatives."""

from django.utils import timezone

from partnerships.models import Firm, FirmRepresentative, InvestmentType, VerificationState
from portal.accounts.models import Role, User
from tests.partnerships import factories
from tests.partnerships.factories import (
    NPWP_WITH_BAD_CHECK_DIGIT,
    VALID_NPWP,
    make_umkm,
    next_nib,
)

__all__ = [
    "NPWP_WITH_BAD_CHECK_DIGIT",
    "VALID_NPWP",
    "make_firm",
    "make_representative",
    "make_umkm",
    "make_user",
    "make_verified_firm",
    "next_nib",
]


def make_user(email: str | None = None, *, role: str = Role.FIRM_REPRESENTATIVE, **fields) -> User:
    """An account; a firm representative (still without a firm) unless told otherwise."""
    return factories.make_user(role=role, email=email, **fields)


def make_firm(**fields) -> Firm:
    """A PMA from Japan: a large business whatever its figures."""
    values = {
        "name": "PT Astra Otoparts Tbk",
        "investment_type": InvestmentType.PMA,
        "country": "JP",
        "capital": None,
        "description": "Suku cadang kendaraan bermotor.",
        **fields,
    }
    return factories.make_firm(**values)


def make_verified_firm(official, **fields) -> Firm:
    now = timezone.now()
    return make_firm(
        verification_state=VerificationState.VERIFIED,
        submitted_at=now,
        reviewed_at=now,
        reviewed_by=official,
        **fields,
    )


def make_representative(firm: Firm | None = None, user: User | None = None, **fields):
    """The FirmRepresentative row (the shared factory gives only the account)."""
    return FirmRepresentative.objects.create(
        firm=firm or make_firm(),
        user=user or make_user(),
        job_title=fields.pop("job_title", "Procurement Manager"),
        **fields,
    )
