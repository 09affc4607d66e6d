"""The domain's models, one module per concept; import them from here."""

from partnerships.models.firms import (
    Firm,
    FirmInvitation,
    FirmRepresentative,
    InvestmentType,
)
from partnerships.models.kbli import KbliCode, KbliLevel, KbliVersion
from partnerships.models.products import Product
from partnerships.models.regions import Province, Regency, RegencyKind
from partnerships.models.umkm import (
    Certification,
    CertificationKind,
    LegalForm,
    LinkKind,
    Umkm,
    UmkmLink,
)
from partnerships.models.verification import VerificationState

__all__ = [
    "Certification",
    "CertificationKind",
    "Firm",
    "FirmInvitation",
    "FirmRepresentative",
    "InvestmentType",
    "KbliCode",
    "KbliLevel",
    "KbliVersion",
    "LegalForm",
    "LinkKind",
    "Product",
    "Province",
    "Regency",
    "RegencyKind",
    "Umkm",
    "UmkmLink",
    "VerificationState",
]
