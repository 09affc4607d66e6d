"""Needs (kebutuhan kemitraan): what a firm wants from UMKM partners."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partnerships.models.firms import Firm, FirmRepresentative
from partnerships.models.kbli import KbliCode
from partnerships.models.patterns import PartnershipPattern
from partnerships.models.regions import Regency
from partnerships.models.umkm import CertificationKind
from partnerships.models.verification import VerificationState


class NeedState(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed by the firm")
    REMOVED = "removed", _("removed by an official")


class NeedPeriod(models.TextChoices):
    MONTH = "month", _("per month")
    YEAR = "year", _("per year")
    TOTAL = "total", _("in total")


class NeedQuerySet(models.QuerySet):
    def open(self):
        """Open and not past the deadline (a need closes itself the day after it), of a
        verified firm: what the public lists show."""
        return self.filter(
            state=NeedState.OPEN,
            deadline__gte=timezone.localdate(),
            firm__verification_state=VerificationState.VERIFIED,
        )

    def visible_to(self, user):
        """Open needs for everyone; a firm's own needs in every state to its representatives;
        everything to officials."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        open_needs = Q(pk__in=self.model.objects.open().values("pk"))
        if user.is_authenticated:
            own_firm = FirmRepresentative.objects.filter(user=user).values("firm")
            return self.filter(open_needs | Q(firm__in=own_firm))
        return self.filter(open_needs)

    def with_listing(self):
        return self.select_related("firm").prefetch_related(
            "kbli_codes", "locations__province", "required_certifications"
        )


class Need(models.Model):
    firm = models.ForeignKey(
        Firm, on_delete=models.CASCADE, related_name="needs", verbose_name=_("firm")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    kbli_codes = models.ManyToManyField(
        KbliCode, related_name="needs", blank=True, verbose_name=_("KBLI codes")
    )
    locations = models.ManyToManyField(
        Regency,
        related_name="needs",
        blank=True,
        verbose_name=_("where supply is wanted"),
        help_text=_("Empty: from anywhere in Indonesia."),
    )
    volume = models.PositiveBigIntegerField(_("volume"))
    unit = models.CharField(_("unit"), max_length=30, help_text=_("kg, pcs, liter, ton, set…"))
    period = models.CharField(
        _("per"),
        max_length=10,
        choices=NeedPeriod.choices,
        default=NeedPeriod.MONTH,
    )
    estimated_value = models.BigIntegerField(
        _("estimated value (Rp)"),
        null=True,
        blank=True,
        help_text=_("In whole rupiah. Leave empty if it is not known yet."),
    )
    pattern = models.CharField(
        _("partnership pattern"), max_length=25, choices=PartnershipPattern.choices
    )
    deadline = models.DateField(_("deadline"))
    state = models.CharField(
        _("state"), max_length=10, choices=NeedState.choices, default=NeedState.OPEN, db_index=True
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    removal_reason = models.TextField(_("reason for removal"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("posted by"),
    )
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Title, description and KBLI titles in one text, kept by services.needs; PostgreSQL
    # indexes it for full-text search (see migration 0006).
    search_text = models.TextField(_("search document"), blank=True, editable=False)

    objects = NeedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        constraints = [
            models.CheckConstraint(
                condition=Q(volume__gt=0), name="partnerships_need_volume_positive"
            ),
            models.CheckConstraint(
                condition=Q(estimated_value__isnull=True) | Q(estimated_value__gte=0),
                name="partnerships_need_value_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(pattern__in=PartnershipPattern.values),
                name="partnerships_need_pattern_valid",
            ),
            models.CheckConstraint(
                condition=Q(state__in=NeedState.values), name="partnerships_need_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(period__in=NeedPeriod.values),
                name="partnerships_need_period_valid",
            ),
            models.CheckConstraint(
                condition=Q(state=NeedState.OPEN) | Q(closed_at__isnull=False),
                name="partnerships_need_closing_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state=NeedState.REMOVED) | ~Q(removal_reason=""),
                name="partnerships_need_removal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state == NeedState.OPEN and self.deadline >= timezone.localdate()


class RequiredCertification(models.Model):
    need = models.ForeignKey(
        Need,
        on_delete=models.CASCADE,
        related_name="required_certifications",
        verbose_name=_("need"),
    )
    kind = models.CharField(_("certification"), max_length=10, choices=CertificationKind.choices)

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("required certification")
        verbose_name_plural = _("required certifications")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CertificationKind.values),
                name="partnerships_requiredcertification_kind_valid",
            ),
            models.UniqueConstraint(
                fields=["need", "kind"], name="partnerships_requiredcertification_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()
