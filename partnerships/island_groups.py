"""Indonesia's island groups, by the Kemendagri code of a province.

Pure: codes in, groups out. Match scoring counts an UMKM on the same island group as a firm's
site as nearer than one across the sea, and gives a small boost to UMKM outside Java, where
most large firms already buy. Kemendagri numbers provinces by region, so each group is a range
of two-digit codes (new provinces get the next free code in their range, as the Papua
provinces of 2022 did: 93 to 96).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IslandGroup(models.TextChoices):
    SUMATERA = "sumatera", _("Sumatera")
    JAWA = "jawa", _("Jawa")
    BALI_NUSA_TENGGARA = "bali_nusa_tenggara", _("Bali and Nusa Tenggara")
    KALIMANTAN = "kalimantan", _("Kalimantan")
    SULAWESI = "sulawesi", _("Sulawesi")
    MALUKU = "maluku", _("Maluku")
    PAPUA = "papua", _("Papua")


# The first and last province code of each group, both included.
PROVINCE_CODE_RANGES: dict[IslandGroup, tuple[int, int]] = {
    IslandGroup.SUMATERA: (11, 21),  # Aceh .. Kepulauan Riau
    IslandGroup.JAWA: (31, 36),  # DKI Jakarta .. Banten
    IslandGroup.BALI_NUSA_TENGGARA: (51, 53),
    IslandGroup.KALIMANTAN: (61, 65),
    IslandGroup.SULAWESI: (71, 76),
    IslandGroup.MALUKU: (81, 82),
    IslandGroup.PAPUA: (91, 97),
}


def _as_number(province_code: str) -> int | None:
    code = (province_code or "").strip()
    if len(code) != 2 or not code.isascii() or not code.isdigit():
        return None
    return int(code)


def island_group_of(province_code: str) -> IslandGroup | None:
    """The island group of the province coded ``province_code`` ("32" -> Jawa); None for a
    code that is no province's."""
    number = _as_number(province_code)
    if number is None:
        return None
    for group, (first, last) in PROVINCE_CODE_RANGES.items():
        if first <= number <= last:
            return group
    return None


def is_java(province_code: str) -> bool:
    return island_group_of(province_code) == IslandGroup.JAWA


def province_codes_in(group: IslandGroup) -> list[str]:
    """Every code the group's range allows, whether or not a province has it yet: enough
    for a database lookup by code."""
    first, last = PROVINCE_CODE_RANGES[group]
    return [f"{number:02d}" for number in range(first, last + 1)]
