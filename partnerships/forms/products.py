"""The form for an UMKM's product or service, with its photo."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from partnerships.forms.rupiah import RupiahField
from partnerships.models import Product
from partnerships.photos import MAX_UPLOAD_MB, PhotoError, ProcessedPhoto, process_photo


class ProductForm(forms.ModelForm):
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        # Only a hint for the phone's file picker; the content is what gets checked.
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=_("Remove the current photo"), required=False)
    price_min = RupiahField(
        label=_("Lowest price per unit (Rp, optional)"),
        required=False,
        help_text=_("In whole rupiah, for example 25.000."),
    )
    price_max = RupiahField(
        label=_("Highest price per unit (Rp, optional)"),
        required=False,
        help_text=_("Leave it empty if there is one price."),
    )

    class Meta:
        model = Product
        fields = (
            "name",
            "description",
            "unit",
            "monthly_capacity",
            "minimum_order",
            "price_min",
            "price_max",
        )
        labels = {
            "name": _("Name of the product or service"),
            "description": _("Description (optional)"),
            "monthly_capacity": _("How many units you can make per month"),
            "minimum_order": _("Smallest order you accept (units)"),
        }
        help_texts = {
            "name": _("For example “Keripik tempe original 250 g”."),
            "description": _("Ingredients, size, packaging, what makes it good."),
            "monthly_capacity": _("Counted in the unit above."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "monthly_capacity": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
            "minimum_order": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.processed_photo: ProcessedPhoto | None = None
        self.fields["photo"].help_text = _(
            "A JPEG, PNG or WebP picture of at most %(mb)s MB. A clear photo helps firms."
        ) % {"mb": MAX_UPLOAD_MB}
        if not (self.instance.pk and self.instance.photo):
            del self.fields["remove_photo"]

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        try:
            self.processed_photo = process_photo(upload)
        except PhotoError as error:
            raise ValidationError(error.message, code=error.code) from None
        return upload

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("price_min"), cleaned.get("price_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "price_max",
                ValidationError(
                    _("The highest price cannot be lower than the lowest price."),
                    code="price_range",
                ),
            )
        return cleaned

    def full_clean(self):
        super().full_clean()
        # After the model's own checks too, so that every error reaches this.
        if self.is_bound and self._errors and self.files.get(self.add_prefix("photo")):
            # Browsers never send a chosen file back: say so, or the owner thinks it is kept.
            self.add_error(
                "photo",
                ValidationError(
                    _(
                        "Please choose the photo again: a chosen file cannot be kept after "
                        "an error."
                    ),
                    code="choose_again",
                ),
            )

    def product_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
