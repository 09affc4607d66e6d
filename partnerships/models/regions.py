"""Indonesia's provinces and regencies/cities, with Kemendagri codes (reference data)."""

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    code = models.CharField(_("Kemendagri code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        constraints = [
            models.CheckConstraint(
                condition=Exact(Length("code"), 2), name="partnerships_province_code_two_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RegencyKind(models.TextChoices):
    KABUPATEN = "kabupaten", _("regency (kabupaten)")
    KOTA = "kota", _("city (kota)")


class Regency(models.Model):
    """A kabupaten or kota. Its code is the province's two digits and two more ("3174")."""

    code = models.CharField(_("Kemendagri code"), max_length=4, unique=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="regencies", verbose_name=_("province")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=RegencyKind.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("regency or city")
        verbose_name_plural = _("regencies and cities")
        constraints = [
            models.CheckConstraint(
                condition=Exact(Length("code"), 4), name="partnerships_regency_code_four_digits"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=RegencyKind.values),
                name="partnerships_regency_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name
