"""Claim codes: how the owner of an UMKM that an official registered takes over its account.

Only a digest of the code is stored; the official prints or reads out the code once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerships.models.umkm import Umkm


class ClaimCode(models.Model):
    umkm = models.ForeignKey(
        Umkm, on_delete=models.CASCADE, related_name="claim_codes", verbose_name=_("UMKM")
    )
    code_digest = models.CharField(max_length=64, unique=True, editable=False)
    sent_to_email = models.EmailField(
        _("sent to e-mail"), blank=True, help_text=_("Empty when the code was printed or phoned.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("claimed by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("claim code")
        verbose_name_plural = _("claim codes")
        constraints = [
            models.UniqueConstraint(
                fields=["umkm"],
                condition=Q(claimed_at__isnull=True, revoked_at__isnull=True),
                name="partnerships_claimcode_one_live_per_umkm",
            ),
            models.CheckConstraint(
                condition=Q(claimed_at__isnull=True) | Q(revoked_at__isnull=True),
                name="partnerships_claimcode_claimed_or_revoked",
            ),
        ]

    def __str__(self) -> str:
        return str(self.umkm)
