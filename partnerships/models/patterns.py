"""The partnership patterns (pola kemitraan) of PP 7/2021, article 106.

Needs ask for one, and commitments record the one the parties signed.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnershipPattern(models.TextChoices):
    NUCLEUS_PLASMA = "inti_plasma", _("nucleus-plasma (inti-plasma)")
    SUBCONTRACTING = "subkontrak", _("subcontracting (subkontrak)")
    FRANCHISE = "waralaba", _("franchise (waralaba)")
    GENERAL_TRADE = "perdagangan_umum", _("general trade (perdagangan umum)")
    DISTRIBUTION_AGENCY = (
        "distribusi_keagenan",
        _("distribution and agency (distribusi dan keagenan)"),
    )
    SUPPLY_CHAIN = "rantai_pasok", _("supply chain (rantai pasok)")
    PROFIT_SHARING = "bagi_hasil", _("profit sharing (bagi hasil)")
    JOINT_OPERATION = "kerja_sama_operasional", _("joint operation (kerja sama operasional)")
    JOINT_VENTURE = "usaha_patungan", _("joint venture (usaha patungan)")
    OUTSOURCING = "penyumberluaran", _("outsourcing (penyumberluaran)")
    OTHER = "lainnya", _("another form of partnership (bentuk kemitraan lainnya)")
