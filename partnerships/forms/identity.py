"""Fields and checks shared by the UMKM and firm profile forms: NIB, NPWP."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from partnerships.identifiers import check_npwp, digits_only
from partnerships.models import Firm, Umkm


def clean_nib_value(value: str, *, current: Umkm | Firm | None = None) -> str:
    """13 digits, and unique across the portal (UMKM and firms share one NIB space)."""
    nib = digits_only(value)
    if not nib.isdigit() or len(nib) != 13:
        raise ValidationError(
            _("An NIB has exactly 13 digits; you typed %(count)s."),
            code="nib_length",
            params={"count": len(nib)},
        )
    umkm_taken = Umkm.objects.filter(nib=nib)
    firm_taken = Firm.objects.filter(nib=nib)
    if isinstance(current, Umkm) and current.pk:
        umkm_taken = umkm_taken.exclude(pk=current.pk)
    if isinstance(current, Firm) and current.pk:
        firm_taken = firm_taken.exclude(pk=current.pk)
    if umkm_taken.exists() or firm_taken.exists():
        raise ValidationError(
            _(
                "This NIB is already registered on the portal. If it is yours, write to the "
                "portal's officials so they can help."
            ),
            code="nib_taken",
        )
    return nib


class NpwpConfirmationMixin(forms.Form):
    """Adds the "this NPWP is correct" box that appears when the check digit fails.

    The form's model field must be called ``npwp``; the model keeps whether the owner
    overrode the check (``npwp_check_overridden``) so officials can look at it.
    """

    npwp_confirmed = forms.BooleanField(
        label=_("The NPWP above is correct even though its check digit does not match"),
        required=False,
    )
    npwp_required = False

    def clean_npwp(self) -> str:
        value = self.cleaned_data.get("npwp", "")
        if not digits_only(value):
            if self.npwp_required:
                raise ValidationError(_("Enter the NPWP."), code="required")
            return ""
        check = check_npwp(value)
        if not check.is_well_formed:
            raise ValidationError(
                _("An NPWP has 16 digits (or 15 for the older format)."), code="npwp_length"
            )
        return check.number

    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("npwp")
        overridden = False
        if number and not check_npwp(number).checksum_ok:
            if cleaned.get("npwp_confirmed"):
                overridden = True
            else:
                self.add_error(
                    "npwp",
                    ValidationError(
                        _(
                            "The check digit of this NPWP does not match: please compare it "
                            "with the NPWP card. If it is right, tick the box below to keep it."
                        ),
                        code="npwp_checksum",
                    ),
                )
        self.npwp_check_overridden = overridden
        return cleaned
