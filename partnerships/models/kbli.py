"""KBLI, Indonesia's standard business classification, at its five levels (reference data).

Codes are stored with the edition they belong to: KBLI 2020 now, and KBLI 2025 can be loaded
beside it without clashing.
"""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class KbliVersion(models.TextChoices):
    KBLI_2020 = "2020", _("KBLI 2020")


class KbliLevel(models.TextChoices):
    SECTION = "section", _("section (kategori)")
    DIVISION = "division", _("division (golongan pokok)")
    GROUP = "group", _("group (golongan)")
    CLASS = "class", _("class (subgolongan)")
    SUBCLASS = "subclass", _("subclass (kelompok)")


# A section is one letter; the numeric levels are 2, 3, 4 and 5 digits long.
CODE_LENGTH = {
    KbliLevel.SECTION: 1,
    KbliLevel.DIVISION: 2,
    KbliLevel.GROUP: 3,
    KbliLevel.CLASS: 4,
    KbliLevel.SUBCLASS: 5,
}


class KbliCode(models.Model):
    version = models.CharField(
        _("edition"), max_length=4, choices=KbliVersion.choices, default=KbliVersion.KBLI_2020
    )
    code = models.CharField(_("code"), max_length=5)
    level = models.CharField(_("level"), max_length=8, choices=KbliLevel.choices)
    title_id = models.CharField(_("title (Indonesian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    # Every code's section letter, so "everything under C" is one indexed lookup.
    section = models.CharField(_("section"), max_length=1, db_index=True)

    class Meta:
        ordering = ["version", "code"]
        verbose_name = _("KBLI code")
        verbose_name_plural = _("KBLI codes")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"], name="partnerships_kbli_unique_code"
            ),
            models.CheckConstraint(
                condition=Q(
                    *[
                        Q(level=level) & Q(Exact(Length("code"), length))
                        for level, length in CODE_LENGTH.items()
                    ],
                    _connector=Q.OR,
                ),
                name="partnerships_kbli_code_fits_level",
            ),
            models.CheckConstraint(
                condition=Q(level=KbliLevel.SECTION, parent__isnull=True)
                | (~Q(level=KbliLevel.SECTION) & Q(parent__isnull=False)),
                name="partnerships_kbli_only_sections_lack_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        """The title in the active language; only sections and divisions have English ones."""
        if self.title_en and (get_language() or "").startswith("en"):
            return self.title_en
        return self.title_id
