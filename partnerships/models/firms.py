"""Large firms (PMA: foreign investment; PMDN: domestic) and the people who represent them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from partnerships.models.kbli import KbliCode
from partnerships.models.regions import Regency
from partnerships.models.umkm import nib_validator
from partnerships.models.verification import Verifiable, VerifiableQuerySet


class InvestmentType(models.TextChoices):
    PMA = "pma", _("PMA (foreign investment)")
    PMDN = "pmdn", _("PMDN (domestic investment)")


class FirmQuerySet(VerifiableQuerySet):
    def own_by(self, user) -> Q:
        # A subquery rather than a join, so a firm with several representatives is listed once.
        return Q(pk__in=FirmRepresentative.objects.filter(user=user).values("firm"))

    def with_profile(self):
        return self.prefetch_related("sectors", "locations__province", "representatives__user")


class Firm(Verifiable):
    name = models.CharField(_("company name"), max_length=200)
    investment_type = models.CharField(
        _("investment type"), max_length=4, choices=InvestmentType.choices
    )
    country = CountryField(
        _("country of origin"), blank=True, help_text=_("For PMA: where the investor comes from.")
    )
    nib = models.CharField(
        _("NIB"),
        max_length=13,
        unique=True,
        validators=[nib_validator],
        help_text=_("Nomor Induk Berusaha from OSS: 13 digits."),
    )
    npwp = models.CharField(_("NPWP"), max_length=16)
    npwp_check_overridden = models.BooleanField(
        _("NPWP kept despite a failed check digit"), default=False
    )
    capital = models.BigIntegerField(
        _("business capital (Rp)"),
        null=True,
        blank=True,
        help_text=_("Excluding land and buildings. Needed for PMDN."),
    )
    annual_sales = models.BigIntegerField(_("annual sales (Rp)"), null=True, blank=True)
    sectors = models.ManyToManyField(
        KbliCode, related_name="firms", blank=True, verbose_name=_("sectors (KBLI)")
    )
    locations = models.ManyToManyField(
        Regency,
        related_name="firms",
        blank=True,
        verbose_name=_("operating locations"),
        help_text=_("Regencies and cities where the firm has plants or projects."),
    )
    is_exporter = models.BooleanField(_("exports"), default=False)
    description = models.TextField(_("description"))
    website = models.URLField(_("website"), blank=True)

    objects = FirmQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(Verifiable.Meta):
        ordering = ["name", "pk"]
        verbose_name = _("firm")
        verbose_name_plural = _("firms")
        constraints = [
            *Verifiable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(nib__regex=r"^[0-9]{13}$"), name="partnerships_firm_nib_13_digits"
            ),
            models.CheckConstraint(
                condition=Q(investment_type__in=InvestmentType.values),
                name="partnerships_firm_investment_type_valid",
            ),
            models.CheckConstraint(
                condition=~Q(investment_type=InvestmentType.PMA) | ~Q(country=""),
                name="partnerships_firm_pma_has_country",
            ),
            models.CheckConstraint(
                condition=(Q(capital__isnull=True) | Q(capital__gte=0))
                & (Q(annual_sales__isnull=True) | Q(annual_sales__gte=0)),
                name="partnerships_firm_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FirmRepresentative(models.Model):
    """A person who acts for a firm; a person represents at most one firm."""

    firm = models.ForeignKey(
        Firm, on_delete=models.CASCADE, related_name="representatives", verbose_name=_("firm")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="firm_representative",
        verbose_name=_("person"),
    )
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        verbose_name = _("firm representative")
        verbose_name_plural = _("firm representatives")

    def __str__(self) -> str:
        return f"{self.user} ({self.firm})"


class FirmInvitation(models.Model):
    """A representative's invitation for a colleague to join the same firm."""

    firm = models.ForeignKey(
        Firm, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("firm")
    )
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("firm invitation")
        verbose_name_plural = _("firm invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["firm", "email"],
                condition=Q(accepted_at__isnull=True),
                name="partnerships_firminvitation_one_open_per_email",
            ),
        ]

    def __str__(self) -> str:
        return self.email
