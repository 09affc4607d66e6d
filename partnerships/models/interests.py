"""Interest: one side asks to meet the other, about one of the firm's needs or in general.

The other side accepts (the pair becomes a Match and joins the queue for the monthly
sessions) or declines; the sender may withdraw while it is pending; unanswered, it expires.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.models.firms import Firm
from partnerships.models.matches import Match
from partnerships.models.needs import Need
from partnerships.models.umkm import Umkm

MESSAGE_MAX_LENGTH = 500
DECLINE_REASON_MAX_LENGTH = 500


class InterestDirection(models.TextChoices):
    FROM_FIRM = "from_firm", _("from the firm to the UMKM")
    FROM_UMKM = "from_umkm", _("from the UMKM to the firm")


class InterestState(models.TextChoices):
    PENDING = "pending", _("waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")
    EXPIRED = "expired", _("expired")


class InterestQuerySet(models.QuerySet):
    def pending(self):
        """Pending and not past its expiry (the expiry job may not have run yet)."""
        return self.filter(state=InterestState.PENDING, expires_at__gt=timezone.now())


class Interest(models.Model):
    umkm = models.ForeignKey(
        Umkm, on_delete=models.CASCADE, related_name="interests", verbose_name=_("UMKM")
    )
    firm = models.ForeignKey(
        Firm, on_delete=models.CASCADE, related_name="interests", verbose_name=_("firm")
    )
    need = models.ForeignKey(
        Need,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interests",
        verbose_name=_("about the need"),
        help_text=_("Empty: interest in the other party in general."),
    )
    direction = models.CharField(_("direction"), max_length=10, choices=InterestDirection.choices)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    message = models.CharField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=InterestState.choices,
        default=InterestState.PENDING,
        db_index=True,
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    reminded_at = models.DateTimeField(_("receiver reminded at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    decline_reason = models.CharField(
        _("reason for declining"), max_length=DECLINE_REASON_MAX_LENGTH, blank=True
    )
    match = models.ForeignKey(
        Match,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interests",
        verbose_name=_("match"),
    )

    objects = InterestQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "pk"]
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        indexes = [
            models.Index(fields=["state", "expires_at"], name="partnerships_interest_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(direction__in=InterestDirection.values),
                name="partnerships_interest_direction_valid",
            ),
            models.CheckConstraint(
                condition=Q(state__in=InterestState.values),
                name="partnerships_interest_state_valid",
            ),
            # One open interest per pair and need, whichever side sent it: a double click or
            # a second submit cannot store a second one.
            models.UniqueConstraint(
                fields=["umkm", "firm", "need"],
                condition=Q(state=InterestState.PENDING, need__isnull=False),
                name="partnerships_interest_one_pending_per_need",
            ),
            models.UniqueConstraint(
                fields=["umkm", "firm"],
                condition=Q(state=InterestState.PENDING, need__isnull=True),
                name="partnerships_interest_one_pending_in_general",
            ),
            models.CheckConstraint(
                condition=~Q(message=""), name="partnerships_interest_has_message"
            ),
            # SQLite does not enforce a varchar's length; the limit holds on both databases.
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("message"), MESSAGE_MAX_LENGTH)
                & LessThanOrEqual(Length("decline_reason"), DECLINE_REASON_MAX_LENGTH),
                name="partnerships_interest_texts_within_limits",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("sent_at")),
                name="partnerships_interest_expires_after_sending",
            ),
            models.CheckConstraint(
                condition=Q(state=InterestState.PENDING) | Q(answered_at__isnull=False),
                name="partnerships_interest_answer_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state=InterestState.ACCEPTED) | Q(match__isnull=False),
                name="partnerships_interest_acceptance_has_match",
            ),
            models.CheckConstraint(
                condition=Q(state=InterestState.DECLINED) | Q(decline_reason=""),
                name="partnerships_interest_reason_only_when_declined",
            ),
        ]

    def __str__(self) -> str:
        about = f" ({self.need})" if self.need_id else ""
        if self.direction == InterestDirection.FROM_FIRM:
            return f"{self.firm} → {self.umkm}{about}"
        return f"{self.umkm} → {self.firm}{about}"

    @property
    def is_pending(self) -> bool:
        return self.state == InterestState.PENDING and self.expires_at > timezone.now()
