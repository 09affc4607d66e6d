"""The form on which an owner types the claim code an official gave them."""

from django import forms
from django.utils.translation import gettext_lazy


class ClaimCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Claim code"),
        max_length=40,
        help_text=gettext_lazy("As on the paper or in the message, e.g. KMT-ABCD-EFGH."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].replace("\x00", "").strip()
