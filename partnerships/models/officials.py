"""Which provinces a regional official (a DPMPTSP officer) looks after.

The role itself is a Django group (see partnerships.officials); this is the scope that binds a
regional official to one or more provinces.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerships.models.regions import Province


class OfficialProvince(models.Model):
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="official_provinces",
        verbose_name=_("official"),
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )

    class Meta:
        ordering = ["official", "province"]
        verbose_name = _("official's province")
        verbose_name_plural = _("officials' provinces")
        constraints = [
            models.UniqueConstraint(
                fields=["official", "province"], name="partnerships_officialprovince_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.official}: {self.province}"
