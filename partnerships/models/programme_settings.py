"""Settings of the programme that officials change in the admin, without a deployment."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

DEFAULT_INTEREST_VALIDITY_DAYS = 14
DEFAULT_INTEREST_REMINDER_DAYS = 3


class ProgrammeSettings(models.Model):
    """One row (primary key 1): read it with ``ProgrammeSettings.current()``."""

    interest_validity_days = models.PositiveSmallIntegerField(
        _("days an interest waits for an answer"),
        default=DEFAULT_INTEREST_VALIDITY_DAYS,
        validators=[MinValueValidator(2), MaxValueValidator(90)],
        help_text=_("A pending interest expires after this many days (2 to 90)."),
    )
    interest_reminder_days = models.PositiveSmallIntegerField(
        _("remind this many days before expiry"),
        default=DEFAULT_INTEREST_REMINDER_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(89)],
        help_text=_(
            "The receiver of a pending interest gets one reminder this many days before it "
            "expires. Fewer days than the waiting period."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("programme settings")
        verbose_name_plural = _("programme settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(pk=1), name="partnerships_programmesettings_single_row"
            ),
            models.CheckConstraint(
                condition=Q(interest_validity_days__gte=2, interest_validity_days__lte=90),
                name="partnerships_programmesettings_validity_range",
            ),
            models.CheckConstraint(
                condition=Q(interest_reminder_days__gte=1)
                & Q(interest_reminder_days__lt=F("interest_validity_days")),
                name="partnerships_programmesettings_reminder_before_expiry",
            ),
        ]

    def __str__(self) -> str:
        return str(_("programme settings"))

    @classmethod
    def current(cls) -> "ProgrammeSettings":
        settings, _created = cls.objects.get_or_create(pk=1)
        return settings
