"""UMKM: the micro, small and medium businesses that register to partner with large firms."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from partnerships.business_size import BusinessSize, SizeCriterion, classify_business
from partnerships.models.kbli import KbliCode
from partnerships.models.regions import Province, Regency
from partnerships.models.verification import Verifiable, VerifiableQuerySet

nib_validator = RegexValidator(r"^\d{13}\Z", _("An NIB has exactly 13 digits."), code="nib_length")


class LegalForm(models.TextChoices):
    INDIVIDUAL = "individual", _("individual business (perorangan)")
    CV = "cv", _("limited partnership (CV)")
    FIRMA = "firma", _("general partnership (Firma)")
    PT_PERORANGAN = "pt_perorangan", _("sole-owner limited company (PT Perorangan)")
    PT = "pt", _("limited company (PT)")
    COOPERATIVE = "cooperative", _("cooperative (koperasi)")
    OTHER = "other", _("other")


class UmkmQuerySet(VerifiableQuerySet):
    def own_by(self, user) -> Q:
        return Q(owner=user)

    def with_profile(self):
        return self.select_related("province", "regency", "owner").prefetch_related(
            "kbli_codes", "certifications", "links", "products"
        )


class Umkm(Verifiable):
    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="umkm",
        verbose_name=_("owner's account"),
    )
    name = models.CharField(_("business name"), max_length=200)
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices)
    nib = models.CharField(
        _("NIB"),
        max_length=13,
        unique=True,
        validators=[nib_validator],
        help_text=_("Nomor Induk Berusaha from OSS: 13 digits."),
    )
    npwp = models.CharField(_("NPWP"), max_length=16, blank=True)
    npwp_check_overridden = models.BooleanField(
        _("NPWP kept despite a failed check digit"),
        default=False,
        help_text=_("The owner confirmed an NPWP whose check digit does not match."),
    )
    owner_name = models.CharField(_("owner's name"), max_length=150)
    owner_nik = models.CharField(_("owner's NIK"), max_length=16, blank=True)
    # Blank only once erased (an account deleted while the UMKM stays on the public record);
    # the profile form requires all three.
    phone = PhoneNumberField(_("phone"), region="ID", blank=True)
    email = models.EmailField(_("business e-mail"), blank=True)
    contacts_visible_to_firms = models.BooleanField(
        _("show my contacts to verified firms"),
        default=False,
        help_text=_(
            "Off: firms reach you through the portal. On: verified firm representatives see "
            "your phone and e-mail."
        ),
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    regency = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="+", verbose_name=_("regency or city")
    )
    address = models.TextField(_("address"), blank=True)
    kbli_codes = models.ManyToManyField(
        KbliCode, related_name="umkm", blank=True, verbose_name=_("KBLI codes")
    )
    description = models.TextField(_("description"))
    year_founded = models.PositiveSmallIntegerField(
        _("year founded"), validators=[MinValueValidator(1900)]
    )
    employees = models.PositiveIntegerField(_("employees"), validators=[MaxValueValidator(100_000)])
    capital = models.BigIntegerField(
        _("business capital (Rp)"),
        validators=[MinValueValidator(0)],
        help_text=_("Modal usaha, excluding land and buildings, in whole rupiah."),
    )
    annual_sales = models.BigIntegerField(
        _("annual sales (Rp)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Leave empty if the business has not traded a full year yet."),
    )
    size_class = models.CharField(
        _("size class"), max_length=10, choices=BusinessSize.choices, db_index=True
    )
    size_criterion = models.CharField(
        _("size decided by"), max_length=15, choices=SizeCriterion.choices
    )
    has_export_experience = models.BooleanField(_("has exported"), default=False)
    export_notes = models.CharField(
        _("export experience"),
        max_length=300,
        blank=True,
        help_text=_("Where to and what, e.g. “coffee beans to Japan since 2019”."),
    )

    is_assisted = models.BooleanField(
        _("registered with an official's help"),
        default=False,
        help_text=_("An official entered this profile on the owner's behalf."),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
        help_text=_("The official who entered an assisted registration."),
    )
    # Name, description, products, KBLI titles and places in one text, kept by
    # services.search_documents; PostgreSQL indexes it for full-text search (migration 0006).
    search_text = models.TextField(_("search document"), blank=True, editable=False)
    # The tokens of its KBLI codes (match_scoring.kbli_prefixes) as " C 1 10 107 1079 10792 ",
    # kept by services.search_documents beside the search document, so recommendations test
    # KBLI fit on the row (and PostgreSQL from the place index, migration 0016) instead of
    # joining the codes of every UMKM of a place.
    kbli_prefixes = models.TextField(_("KBLI prefixes"), blank=True, default="", editable=False)
    # Per certification kind, the last day one is valid (recommendations.certified_until_of),
    # kept by services.search_documents too, so "holds every required kind valid today" is a
    # condition on the row as well.
    certified_until = models.JSONField(
        _("certified until"), blank=True, default=dict, editable=False
    )
    # Per unit, the monthly capacity of its products (recommendations.capacity_by_unit_of),
    # kept likewise, so a need's capacity part is known from the row.
    capacity_by_unit = models.JSONField(
        _("monthly capacity by unit"), blank=True, default=dict, editable=False
    )

    objects = UmkmQuerySet.as_manager()
    # The owner's personal data stays out of the history, so erasing it erases it everywhere.
    history = HistoricalRecords(
        excluded_fields=[
            "owner_name",
            "owner_nik",
            "phone",
            "email",
            "address",
            "search_text",
            "kbli_prefixes",
            "certified_until",
            "capacity_by_unit",
        ]
    )

    class Meta(Verifiable.Meta):
        ordering = ["name", "pk"]
        verbose_name = _("UMKM")
        verbose_name_plural = _("UMKM")
        constraints = [
            *Verifiable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(nib__regex=r"^[0-9]{13}$"), name="partnerships_umkm_nib_13_digits"
            ),
            models.CheckConstraint(
                condition=Q(capital__gte=0), name="partnerships_umkm_capital_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(annual_sales__isnull=True) | Q(annual_sales__gte=0),
                name="partnerships_umkm_sales_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(size_class__in=BusinessSize.values),
                name="partnerships_umkm_size_class_valid",
            ),
            models.CheckConstraint(
                condition=Q(legal_form__in=LegalForm.values),
                name="partnerships_umkm_legal_form_valid",
            ),
            models.CheckConstraint(
                condition=Q(year_founded__gte=1900), name="partnerships_umkm_year_founded_plausible"
            ),
            # Four eyes: whoever entered an assisted registration does not also decide on it.
            models.CheckConstraint(
                condition=Q(reviewed_by__isnull=True)
                | Q(registered_by__isnull=True)
                | ~Q(reviewed_by=F("registered_by")),
                name="partnerships_umkm_four_eyes",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def size(self):
        return classify_business(capital=self.capital, annual_sales=self.annual_sales)


class CertificationKind(models.TextChoices):
    HALAL = "halal", _("halal")
    SNI = "sni", _("SNI")
    BPOM = "bpom", _("BPOM")
    PIRT = "pirt", _("PIRT")
    ISO_9001 = "iso9001", _("ISO 9001")
    OTHER = "other", _("other")


class Certification(models.Model):
    umkm = models.ForeignKey(
        Umkm, on_delete=models.CASCADE, related_name="certifications", verbose_name=_("UMKM")
    )
    kind = models.CharField(_("certification"), max_length=10, choices=CertificationKind.choices)
    other_name = models.CharField(
        _("name of the certification"),
        max_length=100,
        blank=True,
        help_text=_("Only for “other”, e.g. “Organik Indonesia”."),
    )
    number = models.CharField(_("certificate number"), max_length=100)
    expires_on = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Empty if it does not expire.")
    )

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CertificationKind.values),
                name="partnerships_certification_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(kind=CertificationKind.OTHER) | ~Q(other_name=""),
                name="partnerships_certification_other_is_named",
            ),
            models.UniqueConstraint(
                fields=["umkm", "kind", "number"], name="partnerships_certification_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.number}"

    @property
    def label(self) -> str:
        return self.other_name if self.kind == CertificationKind.OTHER else self.get_kind_display()


class LinkKind(models.TextChoices):
    WEBSITE = "website", _("website")
    MARKETPLACE = "marketplace", _("marketplace shop")
    SOCIAL_MEDIA = "social", _("social media")


class UmkmLink(models.Model):
    umkm = models.ForeignKey(
        Umkm, on_delete=models.CASCADE, related_name="links", verbose_name=_("UMKM")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=LinkKind.choices)
    url = models.URLField(_("address (URL)"), max_length=500)

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("link")
        verbose_name_plural = _("links")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=LinkKind.values), name="partnerships_umkmlink_kind_valid"
            ),
            models.UniqueConstraint(fields=["umkm", "url"], name="partnerships_umkmlink_unique"),
        ]

    def __str__(self) -> str:
        return self.url
