"""Pairs of UMKM that may be the same business registered twice, for officials to review."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.models.umkm import Umkm


class DuplicateState(models.TextChoices):
    PENDING = "pending", _("to review")
    MERGED = "merged", _("merged")
    DISTINCT = "distinct", _("different businesses")


class DuplicateCandidate(models.Model):
    # The lower primary key first, so a pair is stored once whichever way it was found.
    first = models.ForeignKey(
        Umkm, on_delete=models.CASCADE, related_name="+", verbose_name=_("first UMKM")
    )
    second = models.ForeignKey(
        Umkm, on_delete=models.CASCADE, related_name="+", verbose_name=_("second UMKM")
    )
    similarity = models.FloatField(_("name similarity"))
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=DuplicateState.choices,
        default=DuplicateState.PENDING,
        db_index=True,
    )
    found_at = models.DateTimeField(_("found at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-similarity", "pk"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="partnerships_duplicate_ordered_pair"
            ),
            models.UniqueConstraint(
                fields=["first", "second"], name="partnerships_duplicate_unique_pair"
            ),
            models.CheckConstraint(
                condition=Q(state__in=DuplicateState.values),
                name="partnerships_duplicate_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(state=DuplicateState.PENDING) | Q(decided_at__isnull=False),
                name="partnerships_duplicate_decision_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first} / {self.second}"
