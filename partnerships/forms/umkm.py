"""The UMKM owner's forms: the profile, certifications, links and KBLI search."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from partnerships.forms.identity import NpwpConfirmationMixin, clean_nib_value
from partnerships.forms.regions import ProvinceField, ProvinceRegencyMixin, RegencyField
from partnerships.forms.rupiah import RupiahField
from partnerships.identifiers import digits_only, is_valid_nik
from partnerships.models import Certification, CertificationKind, Umkm, UmkmLink
from partnerships.services.umkm_profiles import PROFILE_FIELDS


class IndonesianPhoneField(PhoneNumberField):
    """Accepts 0812 3456 7890, 62812..., +62 812-3456-7890; stored as +6281234567890."""

    default_error_messages = {
        "invalid": _(
            "This is not a valid Indonesian phone number. Write it as you dial it, "
            "for example 0812 3456 7890."
        ),
    }

    def __init__(self, **kwargs):
        super().__init__(region="ID", **kwargs)

    def to_python(self, value):
        text = (value or "").strip() if isinstance(value, str) else value
        # "62812..." without the plus is how many people copy their WhatsApp number.
        if isinstance(text, str) and text.startswith("62") and digits_only(text).isdigit():
            text = "+" + text
        return super().to_python(text)


class UmkmProfileForm(ProvinceRegencyMixin, NpwpConfirmationMixin, forms.ModelForm):
    phone = IndonesianPhoneField(
        label=_("Phone or WhatsApp"),
        help_text=_("For example 0812 3456 7890. Firms only see it if you allow it below."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    province = ProvinceField()
    regency = RegencyField()
    capital = RupiahField(
        label=_("Business capital (Rp)"),
        help_text=_(
            "Your modal usaha in whole rupiah, without land and buildings. For example 150.000.000."
        ),
    )
    annual_sales = RupiahField(
        label=_("Sales in the last year (Rp)"),
        required=False,
        help_text=_(
            "Total sales of a full year, in whole rupiah. Leave it empty if your business has not "
            "traded a full year yet."
        ),
    )

    fieldsets = (
        (
            _("Business"),
            _("As written on your NIB from OSS."),
            (
                "name",
                "legal_form",
                "nib",
                "npwp",
                "npwp_confirmed",
                "year_founded",
                "employees",
                "description",
            ),
        ),
        (
            _("Owner and contact"),
            _("Your contacts are never shown publicly."),
            ("owner_name", "owner_nik", "phone", "email", "contacts_visible_to_firms"),
        ),
        (
            _("Location"),
            _("Where the business works. Firms look for partners near them."),
            ("province", "regency", "address"),
        ),
        (
            _("Capital and sales"),
            _("These decide your size class (micro, small or medium) under PP 7/2021."),
            ("capital", "annual_sales", "has_export_experience", "export_notes"),
        ),
    )

    class Meta:
        model = Umkm
        fields = PROFILE_FIELDS
        labels = {
            "name": _("Business name"),
            "nib": _("NIB"),
            "npwp": _("NPWP (optional)"),
            "owner_nik": _("Owner's NIK (optional)"),
            "email": _("Business e-mail"),
            "employees": _("Number of workers"),
            "has_export_experience": _("We have exported before"),
            "export_notes": _("Export experience (optional)"),
        }
        help_texts = {
            "name": _("The name customers know, e.g. “Keripik Tempe Bu Sri”."),
            "nib": _("Nomor Induk Berusaha: the 13 digits on your OSS certificate."),
            "npwp": _("The tax number of the business or of the owner: 15 or 16 digits."),
            "owner_nik": _("The 16 digits on the owner's KTP. Only officials see it."),
            "year_founded": _("For example 2015."),
            "employees": _("Everyone who works in the business, the owner included."),
            "description": _("What you make or do, for whom, and how much. A few sentences."),
            "contacts_visible_to_firms": _(
                "Off: firms contact you through the portal. On: verified firms also see your "
                "phone and e-mail."
            ),
            "address": _("Street, number, village (desa/kelurahan) and district (kecamatan)."),
        }
        widgets = {
            "nib": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "npwp": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "owner_nik": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "year_founded": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "employees": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "address": forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "owner_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "name": forms.TextInput(attrs={"autocomplete": "organization"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # People type dots, dashes and spaces between the digits; the clean methods drop them
        # and check the length themselves, with a clearer message.
        for name in ("nib", "npwp", "owner_nik"):
            field = self.fields[name]
            field.max_length = None
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ]
            field.widget.attrs.pop("maxlength", None)
        self.fields["year_founded"].widget.attrs["max"] = timezone.localdate().year
        # The model allows blanks only for an erased record; an owner must give all three.
        for name in ("phone", "email", "address"):
            self.fields[name].required = True
        self.fields["npwp_confirmed"].help_text = _(
            "Tick this only after comparing the number with the NPWP card."
        )
        if not self.is_bound and self.instance.pk and self.instance.npwp_check_overridden:
            self.initial.setdefault("npwp_confirmed", True)

    @property
    def show_npwp_confirmation(self) -> bool:
        """The box appears once the check digit failed, or when the owner already ticked it."""
        if self.is_bound:
            return bool(
                self.data.get(self.add_prefix("npwp_confirmed"))
                or self.has_error("npwp", "npwp_checksum")
            )
        return bool(self.get_initial_for_field(self.fields["npwp_confirmed"], "npwp_confirmed"))

    def fieldset_list(self):
        """[(legend, help text, bound fields)] for the template, in the order of ``fieldsets``."""
        hidden = set() if self.show_npwp_confirmation else {"npwp_confirmed"}
        return [
            (legend, help_text, [self[name] for name in names if name not in hidden])
            for legend, help_text, names in self.fieldsets
        ]

    def clean_nib(self) -> str:
        return clean_nib_value(
            self.cleaned_data.get("nib", ""), current=self.instance if self.instance.pk else None
        )

    def clean_owner_nik(self) -> str:
        nik = digits_only(self.cleaned_data.get("owner_nik", ""))
        if nik and not is_valid_nik(nik):
            raise ValidationError(
                _(
                    "This NIK is not valid: a NIK has 16 digits, starting with the region code "
                    "and the date of birth. Check it against the KTP, or leave it empty."
                ),
                code="invalid_nik",
            )
        return nik

    def clean_year_founded(self) -> int:
        year = self.cleaned_data["year_founded"]
        this_year = timezone.localdate().year
        if year > this_year:
            raise ValidationError(
                _("The year founded cannot be after this year (%(year)s)."),
                code="future_year",
                params={"year": this_year},
            )
        if year < 1900:
            raise ValidationError(_("Write the year with four digits, e.g. 2015."), code="year")
        return year

    def clean_employees(self) -> int:
        employees = self.cleaned_data["employees"]
        if employees < 1:
            raise ValidationError(
                _("Count everyone who works in the business, the owner included."),
                code="employees",
            )
        return employees

    def profile_data(self) -> dict:
        """What the service stores: the model fields, without the confirmation box."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CertificationForm(forms.ModelForm):
    class Meta:
        model = Certification
        fields = ("kind", "other_name", "number", "expires_on")
        labels = {"kind": _("Certificate"), "expires_on": _("Valid until (optional)")}
        help_texts = {
            "number": _("As printed on the certificate."),
            "expires_on": _("Leave it empty if the certificate does not expire."),
        }
        widgets = {"expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, umkm: Umkm, **kwargs):
        super().__init__(*args, **kwargs)
        self.umkm = umkm

    def clean_expires_on(self):
        expires_on = self.cleaned_data.get("expires_on")
        # An expired certificate would mislead firms that filter by it; it can be added
        # again once renewed.
        if expires_on and expires_on < timezone.localdate():
            raise ValidationError(
                _("This certificate expired on %(date)s. Add it again when it has been renewed."),
                code="expired",
                params={"date": date_format(expires_on, "DATE_FORMAT")},
            )
        return expires_on

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == CertificationKind.OTHER:
            if not cleaned.get("other_name", "").strip():
                self.add_error(
                    "other_name",
                    ValidationError(
                        _("Write the name of the certificate, e.g. “Organik Indonesia”."),
                        code="required",
                    ),
                )
        elif kind:
            cleaned["other_name"] = ""
        number = cleaned.get("number", "").strip()
        if kind and number:
            duplicates = Certification.objects.filter(umkm=self.umkm, kind=kind, number=number)
            if self.instance.pk:
                duplicates = duplicates.exclude(pk=self.instance.pk)
            if duplicates.exists():
                self.add_error(
                    "number",
                    ValidationError(
                        _("You have already added this certificate."), code="duplicate"
                    ),
                )
        return cleaned

    def validate_unique(self):
        # The umkm is not a form field; clean() checks the same constraint with it.
        pass


http_url_validator = URLValidator(
    schemes=["http", "https"],
    message=_("Write a web address that starts with http:// or https://."),
)


class UmkmLinkForm(forms.ModelForm):
    url = forms.URLField(
        label=_("Address (URL)"),
        max_length=500,
        assume_scheme="https",
        validators=[http_url_validator],
        help_text=_("For example https://shopee.co.id/tokosaya or https://instagram.com/tokosaya."),
        widget=forms.URLInput(attrs={"inputmode": "url", "autocomplete": "url"}),
    )

    class Meta:
        model = UmkmLink
        fields = ("kind", "url")
        labels = {"kind": _("Kind of link")}

    def __init__(self, *args, umkm: Umkm, **kwargs):
        super().__init__(*args, **kwargs)
        self.umkm = umkm

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if UmkmLink.objects.filter(umkm=self.umkm, url=url).exists():
            raise ValidationError(_("You have already added this address."), code="duplicate")
        return url

    def validate_unique(self):
        pass


class KbliSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search by code or words"),
        max_length=100,
        required=False,
        help_text=_("For example “keripik”, “bakery”, “10792” or “107”."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
