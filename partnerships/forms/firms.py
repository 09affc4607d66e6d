"""Forms of the firm representative's pages: the firm's profile, sectors, locations, invitations."""

from functools import reduce
from operator import and_

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerships.business_size import is_large_business
from partnerships.forms.identity import NpwpConfirmationMixin, clean_nib_value
from partnerships.forms.regions import ProvinceField, ProvinceRegencyMixin, RegencyField
from partnerships.forms.rupiah import RupiahField
from partnerships.models import (
    Firm,
    InvestmentType,
    KbliCode,
    KbliLevel,
    KbliVersion,
    Regency,
)
from partnerships.services.firm_profiles import PROFILE_FIELDS
from portal.accounts.models import UserManager

INDONESIA = "ID"


class FirmProfileForm(NpwpConfirmationMixin, forms.ModelForm):
    npwp_required = True

    # Wider than the model's columns: people type NIB and NPWP with dots and dashes.
    nib = forms.CharField(
        label=_("NIB"), max_length=30, help_text=_("Nomor Induk Berusaha from OSS: 13 digits.")
    )
    npwp = forms.CharField(
        label=_("NPWP"),
        max_length=30,
        help_text=_("16 digits, or the older 15 (01.234.567.8-901.000)."),
    )
    capital = RupiahField(
        label=_("Business capital (Rp)"),
        required=False,
        help_text=_("Excluding land and buildings. A PMDN gives its capital or its sales."),
    )
    annual_sales = RupiahField(label=_("Annual sales (Rp)"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    job_title = forms.CharField(
        label=_("Your job title"),
        max_length=150,
        help_text=_("Shown to UMKM beside your name, e.g. Procurement Manager."),
    )

    class Meta:
        model = Firm
        fields = PROFILE_FIELDS
        widgets = {
            "investment_type": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {"is_exporter": _("The firm exports")}

    field_order = [
        "name",
        "investment_type",
        "country",
        "nib",
        "npwp",
        "npwp_confirmed",
        "capital",
        "annual_sales",
        "is_exporter",
        "description",
        "website",
        "job_title",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].help_text = _(
            "For PMA: where the investor comes from. A PMDN is Indonesian."
        )
        # Radio buttons need no "---------" choice: one of the two must be picked.
        self.fields["investment_type"].choices = InvestmentType.choices
        if self.instance.npwp_check_overridden:
            self.fields["npwp_confirmed"].initial = True

    @property
    def show_npwp_confirmation(self) -> bool:
        """The box appears once the check digit has failed, or was overridden before."""
        if self.is_bound:
            return self.has_error("npwp", "npwp_checksum") or bool(self.data.get("npwp_confirmed"))
        return self.instance.npwp_check_overridden

    def clean_nib(self) -> str:
        return clean_nib_value(self.cleaned_data["nib"], current=self.instance)

    def clean(self):
        cleaned = super().clean()
        investment_type = cleaned.get("investment_type")
        if investment_type == InvestmentType.PMA:
            self._clean_pma(cleaned)
        elif investment_type == InvestmentType.PMDN:
            self._clean_pmdn(cleaned)
        return cleaned

    def _clean_pma(self, cleaned) -> None:
        # A PMA is a large business by law, whatever its figures; it must say where it is from.
        country = cleaned.get("country")
        if not country:
            self.add_error(
                "country",
                ValidationError(
                    _("Choose the country the foreign investor comes from."),
                    code="pma_country_required",
                ),
            )
        elif country == INDONESIA:
            self.add_error(
                "country",
                ValidationError(
                    _(
                        "A PMA is a foreign investment: choose the investor's country, or "
                        "choose PMDN for a domestic investment."
                    ),
                    code="pma_country_indonesia",
                ),
            )

    def _clean_pmdn(self, cleaned) -> None:
        country = cleaned.get("country")
        if country and country != INDONESIA:
            self.add_error(
                "country",
                ValidationError(
                    _(
                        "A PMDN is a domestic investment from Indonesia. If the investor comes "
                        "from abroad, choose PMA."
                    ),
                    code="pmdn_country_foreign",
                ),
            )
        else:
            cleaned["country"] = INDONESIA
        if "capital" not in cleaned or "annual_sales" not in cleaned:
            return  # an amount was mistyped; its own error says so
        capital, sales = cleaned["capital"], cleaned["annual_sales"]
        if capital is None and sales is None:
            self.add_error(
                "capital",
                ValidationError(
                    _(
                        "Give the business capital or the annual sales (or both): they show "
                        "that a PMDN is a large business."
                    ),
                    code="pmdn_figures_required",
                ),
            )
        elif not is_large_business(capital=capital, annual_sales=sales):
            self.add_error(
                "capital" if capital is not None else "annual_sales",
                ValidationError(
                    _(
                        "By PP 7/2021 a business with capital up to Rp10 miliar and annual "
                        "sales up to Rp50 miliar is an UMKM, not a large business. The "
                        "programme pairs large firms with UMKM: if this business is an UMKM, "
                        "register it as an UMKM instead."
                    ),
                    code="pmdn_not_large",
                ),
            )


def _search_words(query: str) -> list[str]:
    return [word for word in query.split() if word][:6]


class KbliSearchForm(forms.Form):
    """GET ?q=: a code prefix ("101", "10130") or words of the title ("roti kue")."""

    RESULT_LIMIT = 25

    q = forms.CharField(
        label=_("Search KBLI 2020 by code or words of its title"),
        max_length=100,
        required=False,
    )

    def results(self) -> tuple[list[KbliCode], bool]:
        """Up to RESULT_LIMIT five-digit subclasses, and whether there were more."""
        if not self.is_valid():
            return [], False
        query = self.cleaned_data["q"].strip()
        if not query:
            return [], False
        codes = KbliCode.objects.filter(version=KbliVersion.KBLI_2020, level=KbliLevel.SUBCLASS)
        if query.isdigit():
            codes = codes.filter(code__startswith=query)
        else:
            codes = codes.filter(
                reduce(
                    and_,
                    (
                        Q(title_id__icontains=word) | Q(title_en__icontains=word)
                        for word in _search_words(query)
                    ),
                )
            )
        found = list(codes.order_by("code")[: self.RESULT_LIMIT + 1])
        return found[: self.RESULT_LIMIT], len(found) > self.RESULT_LIMIT


class KbliChoiceForm(forms.Form):
    """One five-digit KBLI 2020 subclass, by its code (the Add and Remove buttons send it)."""

    code = forms.ModelChoiceField(
        queryset=KbliCode.objects.filter(version=KbliVersion.KBLI_2020, level=KbliLevel.SUBCLASS),
        to_field_name="code",
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Choose a five-digit KBLI 2020 code.")},
    )


class FirmLocationForm(ProvinceRegencyMixin, forms.Form):
    """A province, then one of its regencies or cities (the list follows the province)."""

    province = ProvinceField()
    regency = RegencyField()


class RegencyChoiceForm(forms.Form):
    """A regency by code: what a Remove button sends."""

    code = forms.ModelChoiceField(
        queryset=Regency.objects.all(), to_field_name="code", widget=forms.HiddenInput
    )


class FirmInvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Colleague's e-mail address"),
        help_text=_("They receive a link to join the firm on the portal."),
    )

    def clean_email(self) -> str:
        return UserManager.normalize_email(self.cleaned_data["email"])


class FirmInvitationAcceptForm(forms.Form):
    job_title = forms.CharField(label=_("Your job title"), max_length=150, required=False)
