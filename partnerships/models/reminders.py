"""Reminder e-mails that officials send to parties who have something waiting."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    INCOMPLETE_PROFILE = "incomplete_profile", _("incomplete profile")
    PENDING_INTERESTS = "pending_interests", _("interests waiting for an answer")


class Reminder(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("about"), max_length=20, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(_("sent at"))
    # The Jakarta date of sent_at: the constraint below keeps it to one message a day.
    sent_on = models.DateField(_("sent on"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )

    class Meta:
        ordering = ["-sent_at", "pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "sent_on"], name="partnerships_reminder_once_a_day"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values), name="partnerships_reminder_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} ({self.sent_on})"
