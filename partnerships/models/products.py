"""What an UMKM makes or does, with a photo that firms see in the directory."""

import secrets

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from partnerships.models.umkm import Umkm


def product_photo_path(product: "Product", filename: str) -> str:
    # Random names: photos are served only through a view that checks who may see them.
    return f"products/{secrets.token_hex(16)}.{filename.rsplit('.', 1)[-1].lower()}"


class Product(models.Model):
    umkm = models.ForeignKey(
        Umkm, on_delete=models.CASCADE, related_name="products", verbose_name=_("UMKM")
    )
    name = models.CharField(_("product or service"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    photo = models.ImageField(_("photo"), upload_to=product_photo_path, blank=True)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=product_photo_path, blank=True)
    unit = models.CharField(
        _("unit"), max_length=30, help_text=_("How it is counted: kg, pcs, liter, box, order…")
    )
    monthly_capacity = models.PositiveIntegerField(
        _("capacity per month"), validators=[MinValueValidator(1)]
    )
    minimum_order = models.PositiveIntegerField(
        _("minimum order"), default=1, validators=[MinValueValidator(1)]
    )
    price_min = models.BigIntegerField(
        _("lowest price per unit (Rp)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    price_max = models.BigIntegerField(
        _("highest price per unit (Rp)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_capacity__gte=1), name="partnerships_product_capacity_positive"
            ),
            models.CheckConstraint(
                condition=Q(minimum_order__gte=1), name="partnerships_product_minimum_positive"
            ),
            models.CheckConstraint(
                condition=Q(price_min__isnull=True) | Q(price_min__gte=0),
                name="partnerships_product_price_min_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(price_min__isnull=True)
                | Q(price_max__isnull=True)
                | Q(price_min__lte=F("price_max")),
                name="partnerships_product_price_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name
