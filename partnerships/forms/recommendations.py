"""The switches of the recommendation pages: which of the firm's open needs, and only UMKM near
the firm's sites. GET forms: a bad value is reported and ignored, never an error page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerships.models import Firm, Need


class NearbyForm(forms.Form):
    near = forms.BooleanField(
        label=_("Only UMKM near our sites (same regency or province)"), required=False
    )

    def nearby_only(self) -> bool:
        return self.is_valid() and self.cleaned_data["near"]


class RecommendationForm(NearbyForm):
    need = forms.ModelChoiceField(
        label=_("Recommend UMKM for"),
        queryset=Need.objects.none(),
        required=False,
        empty_label=_("Our firm in general"),
    )

    field_order = ["need", "near"]

    def __init__(self, *args, firm: Firm, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = (
            Need.objects.open().filter(firm=firm).order_by("deadline", "pk")
        )

    def chosen_need(self) -> Need | None:
        """The open need chosen, or None (the firm in general) when none or a bad one was."""
        return self.cleaned_data.get("need") if self.is_valid() else None

    def nearby_only(self) -> bool:
        # A bad need does not undo the switch: each field counts on its own.
        self.is_valid()
        return bool(getattr(self, "cleaned_data", {}).get("near"))
