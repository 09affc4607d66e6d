"""The domain's models, one module per concept; import them from here."""

from partnerships.models.kbli import KbliCode, KbliLevel, KbliVersion
from partnerships.models.regions import Province, Regency, RegencyKind

__all__ = ["KbliCode", "KbliLevel", "KbliVersion", "Province", "Regency", "RegencyKind"]
