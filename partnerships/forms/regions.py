"""Province and regency fields whose regency list follows the chosen province.

Shared by every form that asks where something is. The API:

- ``ProvinceField()``: a province select whose values are Kemendagri codes ("31").
- ``RegencyField()`` / ``RegencyMultipleField()``: regency selects (values are regency ids);
  ``RegencyIdsField`` is the multiple one over any queryset.
- ``ProvinceRegencyMixin``: put it before ``forms.Form``/``forms.ModelForm`` in a form that has
  a province field and a regency field (single or multiple). It lists only the chosen
  province's regencies and refuses a regency of another province, with the error beside the
  regency field. Set ``province_field_name`` / ``regency_field_name`` if yours differ.
- ``REFRESH_REGENCIES`` and ``is_refresh(request)``: the name of the no-JavaScript "Show
  regencies of this province" submit button, and the check a view makes for it;
  ``form_with_typed_data(form_class, data, **kwargs)`` then gives the form again, filled with
  what was typed and without error messages (nothing is saved).
- ``province_from_code(value)`` and ``regencies_of(province)`` for views such as the JSON one.

With JavaScript, static/js/regions.js refills the regency select from the ``regencies_json``
URL when the province changes, and hides the refresh button.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from partnerships.models import Province, Regency

REFRESH_REGENCIES = "refresh_regencies"
_PROVINCE_CODE = re.compile(r"^\d{2}\Z")


def province_from_code(value) -> Province | None:
    """The province with this two-digit Kemendagri code, or None for anything else."""
    if isinstance(value, Province):
        return value
    value = str(value or "").strip()
    if not _PROVINCE_CODE.match(value):
        return None
    return Province.objects.filter(code=value).first()


def regencies_of(province: Province | None):
    if province is None:
        return Regency.objects.none()
    return Regency.objects.filter(province=province).order_by("name")


def is_refresh(request) -> bool:
    return request.method == "POST" and REFRESH_REGENCIES in request.POST


def form_with_typed_data(form_class, data, **kwargs):
    """The form as an unbound one that shows ``data`` (a QueryDict): no errors, nothing lost.

    Files cannot be kept: browsers never send a chosen file back to be shown again.
    """
    probe = form_class(**kwargs)
    initial = {}
    for name, field in probe.fields.items():
        key = probe.add_prefix(name)
        if isinstance(field, forms.BooleanField):
            initial[name] = key in data and data.get(key) not in ("", "false", "0", "off")
        elif isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            initial[name] = data.getlist(key)
        elif key in data:
            initial[name] = data.get(key)
    return form_class(initial=initial, **kwargs)


class ProvinceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Province"))
        kwargs.setdefault("empty_label", _("Choose the province"))
        super().__init__(
            queryset=Province.objects.order_by("name"),
            to_field_name="code",
            widget=forms.Select(
                attrs={
                    "data-regencies-url": reverse_lazy("regencies_json"),
                    "autocomplete": "address-level1",
                }
            ),
            **kwargs,
        )


class _RegencyChoices:
    # Validation accepts any regency so that one from another province gets a clear message
    # (from the mixin) rather than "select a valid choice"; only the options shown are limited.
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Regency or city"))
        super().__init__(queryset=Regency.objects.select_related("province"), **kwargs)


class RegencyField(_RegencyChoices, forms.ModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("empty_label", _("Choose the regency or city"))
        kwargs.setdefault("widget", forms.Select(attrs={"autocomplete": "address-level2"}))
        super().__init__(**kwargs)


class RegencyIdsField(forms.ModelMultipleChoiceField):
    """Regencies by id; an id no database column could hold is an invalid choice, not a 500."""

    _ID = re.compile(r"^\d{1,9}\Z")

    def _check_values(self, value):
        for pk in value:
            if not self._ID.match(str(pk)):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class RegencyMultipleField(_RegencyChoices, RegencyIdsField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.SelectMultiple(attrs={"size": 8}))
        super().__init__(**kwargs)


class ProvinceRegencyMixin:
    province_field_name = "province"
    regency_field_name = "regency"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        province_field = self.fields[self.province_field_name]
        regency_field = self.fields[self.regency_field_name]
        if not isinstance(province_field, ProvinceField):
            raise TypeError("The province field must be a ProvinceField.")
        instance = getattr(self, "instance", None)
        if not self.is_bound and instance is not None:
            province = getattr(instance, self.province_field_name, None) if instance.pk else None
            # A ModelForm's initial is the province's id; the select's values are codes.
            if province is not None and not isinstance(
                self.initial.get(self.province_field_name), str
            ):
                self.initial[self.province_field_name] = province
        self.province = self.selected_province()
        regency_field.widget.attrs["data-empty-label"] = str(
            _("Choose the regency or city")
            if self.province
            else _("Choose the province first, then the regency or city")
        )
        province_field.widget.attrs["data-regency-select"] = self[
            self.regency_field_name
        ].id_for_label
        options = [(regency.pk, regency.name) for regency in regencies_of(self.province)]
        if isinstance(regency_field, forms.ModelMultipleChoiceField):
            regency_field.widget.choices = options
        else:
            empty = ("", regency_field.widget.attrs["data-empty-label"])
            regency_field.widget.choices = [empty, *options]

    def selected_province(self) -> Province | None:
        name = self.province_field_name
        if self.is_bound:
            return province_from_code(self.data.get(self.add_prefix(name)))
        return province_from_code(self.get_initial_for_field(self.fields[name], name))

    def clean(self):
        cleaned = super().clean()
        province = cleaned.get(self.province_field_name)
        chosen = cleaned.get(self.regency_field_name)
        if province is None or not chosen:
            return cleaned
        regencies = (
            chosen if isinstance(chosen, list | tuple) or hasattr(chosen, "model") else [chosen]
        )
        outside = [regency.name for regency in regencies if regency.province_id != province.pk]
        if outside:
            self.add_error(
                self.regency_field_name,
                ValidationError(
                    _(
                        "%(regencies)s is not in %(province)s. Choose a regency or city of "
                        "that province, or change the province."
                    ),
                    code="regency_outside_province",
                    params={"regencies": ", ".join(outside), "province": province.name},
                ),
            )
        return cleaned
