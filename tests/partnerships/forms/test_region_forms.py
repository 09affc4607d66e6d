import pytest
from django import forms
from django.http import QueryDict

from partnerships.forms.regions import (
    ProvinceField,
    ProvinceRegencyMixin,
    RegencyField,
    RegencyMultipleField,
    form_with_typed_data,
    province_from_code,
)
from tests.partnerships.factories import regency

pytestmark = pytest.mark.django_db


class PlaceForm(ProvinceRegencyMixin, forms.Form):
    province = ProvinceField()
    regency = RegencyField()
    note = forms.CharField()
    urgent = forms.BooleanField(required=False)


class LocationsForm(ProvinceRegencyMixin, forms.Form):
    province = ProvinceField()
    regency_field_name = "locations"
    locations = RegencyMultipleField()


def test_it_lists_only_the_regencies_of_the_chosen_province():
    form = PlaceForm({"province": "31"})
    html = str(form["regency"])
    assert "Jakarta Selatan" in html
    assert "Kota Bandung" not in html


def test_without_a_province_it_asks_for_the_province_first():
    html = str(PlaceForm()["regency"])
    assert "Pilih provinsi terlebih dahulu" in html
    assert "Jakarta" not in html


def test_a_regency_of_another_province_is_an_error_beside_the_regency():
    form = PlaceForm({"province": "31", "regency": regency("3273").pk, "note": "x"})
    assert not form.is_valid()
    assert list(form.errors) == ["regency"]


def test_a_multiple_regency_field_is_checked_too():
    form = LocationsForm({"province": "32", "locations": [regency("3273").pk, regency("3174").pk]})
    assert not form.is_valid()
    assert "Jakarta Selatan" in str(form.errors["locations"])
    ok = LocationsForm({"province": "32", "locations": [regency("3273").pk]})
    assert ok.is_valid(), ok.errors


def test_the_refreshed_form_keeps_what_was_typed_without_errors():
    data = QueryDict(mutable=True)
    data.update({"province": "31", "note": "typed", "refresh_regencies": "1"})
    form = form_with_typed_data(PlaceForm, data)
    assert not form.is_bound
    assert 'value="typed"' in str(form["note"])
    assert "Jakarta Selatan" in str(form["regency"])
    assert "checked" not in str(form["urgent"])


@pytest.mark.parametrize("value", ["", "3", "311", "xx", None, "99"])
def test_province_from_code_is_none_for_anything_but_a_known_code(value):
    assert province_from_code(value) is None


def test_province_from_code_finds_a_province():
    assert province_from_code("31").code == "31"
