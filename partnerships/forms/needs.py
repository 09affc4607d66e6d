"""The form a firm representative fills in to post or change a partnership need.

Works without JavaScript: KBLI codes are typed (any level, two to five digits, separated by
commas or spaces) and shown back with their titles; locations are the firm's own operating
locations as checkboxes plus a multiple select of every regency, grouped by province.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships.forms.regions import RegencyIdsField
from partnerships.forms.rupiah import RupiahField
from partnerships.models import (
    CertificationKind,
    Firm,
    KbliCode,
    KbliVersion,
    Need,
    NeedPeriod,
    Regency,
)
from partnerships.services.needs import NEED_FIELDS
from partnerships.services.umkm_profiles import UNLICENSABLE_KBLI_SUBCLASSES

MAX_KBLI_CODES = 20
MAX_LOCATIONS = 100
MAX_VOLUME = 10**12
_SEPARATORS = re.compile(r"[\s,;]+")
_KBLI_CODE = re.compile(r"^\d{2,5}\Z")


def split_kbli_codes(text: str) -> list[str]:
    """The typed codes in order, without repeats ("10792, 10794 10792" → two codes)."""
    seen: dict[str, None] = {}
    for token in _SEPARATORS.split(text or ""):
        if token:
            seen.setdefault(token, None)
    return list(seen)


def known_kbli_codes(codes: list[str]) -> dict[str, KbliCode]:
    found = KbliCode.objects.filter(
        version=KbliVersion.KBLI_2020, code__in=[code for code in codes if _KBLI_CODE.match(code)]
    )
    return {kbli.code: kbli for kbli in found}


def regency_choices_by_province() -> list[tuple[str, list[tuple[int, str]]]]:
    """Every regency and city, grouped by province (the select's optgroups); one query."""
    groups: dict[str, list[tuple[int, str]]] = {}
    regencies = Regency.objects.select_related("province").order_by("province__name", "name")
    for regency in regencies:
        groups.setdefault(regency.province.name, []).append((regency.pk, regency.name))
    return list(groups.items())


class NeedForm(forms.ModelForm):
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you need, the quality you expect, how and where it is delivered."),
    )
    kbli = forms.CharField(
        label=_("KBLI 2020 codes"),
        max_length=300,
        required=False,
        help_text=_(
            "Codes of any level, two to five digits, separated by commas or spaces, e.g. "
            "“10792, 1079, 46”. A shorter code covers everything under it. Leave it empty if "
            "any line of business will do."
        ),
    )
    nearby_locations = RegencyIdsField(
        label=_("Around the firm's own locations"),
        queryset=Regency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_locations = RegencyIdsField(
        label=_("Other regencies and cities"),
        queryset=Regency.objects.select_related("province"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_(
            "Hold Ctrl (or Cmd on a Mac) to choose more than one. Choose no location at all "
            "if supply may come from anywhere in Indonesia."
        ),
    )
    volume = forms.IntegerField(
        label=_("Volume"),
        min_value=1,
        max_value=MAX_VOLUME,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"min_value": _("The volume must be a whole number above zero.")},
    )
    estimated_value = RupiahField(
        label=_("Estimated value (Rp)"),
        required=False,
        help_text=_("In whole rupiah. Leave it empty if it is not known yet."),
    )
    certifications = forms.MultipleChoiceField(
        label=_("Certifications the partners must hold"),
        choices=CertificationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The need closes itself the day after."),
    )

    class Meta:
        model = Need
        fields = NEED_FIELDS
        widgets = {"period": forms.RadioSelect}

    field_order = [
        "title",
        "description",
        "kbli",
        "nearby_locations",
        "other_locations",
        "volume",
        "unit",
        "period",
        "estimated_value",
        "certifications",
        "pattern",
        "deadline",
    ]

    def __init__(self, *args, firm: Firm, **kwargs):
        super().__init__(*args, **kwargs)
        self.firm = firm
        self.fields["period"].choices = NeedPeriod.choices
        own = list(firm.locations.select_related("province").order_by("province__name", "name"))
        self.own_locations = own
        nearby = self.fields["nearby_locations"]
        nearby.queryset = Regency.objects.filter(pk__in=[regency.pk for regency in own])
        nearby.widget.choices = [
            (regency.pk, f"{regency.name}, {regency.province.name}") for regency in own
        ]
        self.fields["other_locations"].widget.choices = regency_choices_by_province()
        need = self.instance
        if need.pk and not self.is_bound:
            own_ids = {regency.pk for regency in own}
            chosen = list(need.locations.all())
            self.initial["nearby_locations"] = [r.pk for r in chosen if r.pk in own_ids]
            self.initial["other_locations"] = [r.pk for r in chosen if r.pk not in own_ids]
            self.initial["kbli"] = ", ".join(kbli.code for kbli in need.kbli_codes.order_by("code"))
            self.initial["certifications"] = list(
                need.required_certifications.values_list("kind", flat=True)
            )

    # --- KBLI -------------------------------------------------------------------------------

    def clean_kbli(self) -> list[KbliCode]:
        codes = split_kbli_codes(self.cleaned_data["kbli"])
        if len(codes) > MAX_KBLI_CODES:
            raise ValidationError(
                _("Choose at most %(limit)d KBLI codes; a shorter code covers more."),
                code="too_many",
                params={"limit": MAX_KBLI_CODES},
            )
        malformed = [code for code in codes if not _KBLI_CODE.match(code)]
        if malformed:
            raise ValidationError(
                _("These are not KBLI codes of two to five digits: %(codes)s."),
                code="malformed",
                params={"codes": ", ".join(malformed)},
            )
        refused = [code for code in codes if code in UNLICENSABLE_KBLI_SUBCLASSES]
        if refused:
            raise ValidationError(
                _("KBLI %(codes)s cannot be licensed through OSS, so it cannot be chosen here."),
                code="unlicensable",
                params={"codes": ", ".join(refused)},
            )
        known = known_kbli_codes(codes)
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise ValidationError(
                _("There is no KBLI 2020 code %(codes)s."),
                code="unknown",
                params={"codes": ", ".join(unknown)},
            )
        return sorted(known.values(), key=lambda kbli: kbli.code)

    def kbli_preview(self) -> list[KbliCode]:
        """The recognised codes of what is typed (or saved), to show with their titles."""
        if self.is_bound:
            cleaned = getattr(self, "cleaned_data", {}).get("kbli")
            if isinstance(cleaned, list):
                return cleaned
            text = self.data.get(self.add_prefix("kbli"), "")
        else:
            text = self.initial.get("kbli", "")
        codes = split_kbli_codes(str(text))[:MAX_KBLI_CODES]
        known = known_kbli_codes(codes)
        return [known[code] for code in codes if code in known]

    # --- the rest ---------------------------------------------------------------------------

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise ValidationError(_("The deadline cannot be in the past."), code="past")
        return deadline

    def clean_title(self) -> str:
        return self.cleaned_data["title"].strip()

    def clean_unit(self) -> str:
        return self.cleaned_data["unit"].strip()

    def clean(self):
        cleaned = super().clean()
        if "nearby_locations" in cleaned and "other_locations" in cleaned:
            locations = {
                regency.pk: regency
                for regency in [*cleaned["nearby_locations"], *cleaned["other_locations"]]
            }
            if len(locations) > MAX_LOCATIONS:
                self.add_error(
                    "other_locations",
                    ValidationError(
                        _(
                            "Choose at most %(limit)d regencies and cities, or none at all "
                            "for anywhere in Indonesia."
                        ),
                        code="too_many",
                        params={"limit": MAX_LOCATIONS},
                    ),
                )
            cleaned["locations"] = list(locations.values())
        return cleaned

    def need_parts(self) -> dict:
        """The keyword arguments of need_create/need_update besides the need's fields."""
        return {
            "kbli_codes": self.cleaned_data["kbli"],
            "locations": self.cleaned_data["locations"],
            "certifications": self.cleaned_data["certifications"],
        }
