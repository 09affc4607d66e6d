"""The need form: KBLI codes typed at any level, locations, amounts, the deadline; hostile input
gives errors beside the fields, never a server error."""

from datetime import timedelta

import pytest
from django.utils import timezone

from partnerships.forms.needs import NeedForm
from tests.partnerships.factories import make_firm, make_need, regency
from tests.partnerships.factories_needs import need_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def firm():
    return make_firm(locations=["3215", "3273"])


def form_with(firm, **overrides) -> NeedForm:
    return NeedForm(need_form_data(**overrides), firm=firm)


def test_a_complete_need_is_valid_and_normalised(firm):
    form = form_with(
        firm,
        kbli=" 1702;17021  46 1702",
        nearby_locations=[str(regency("3215").pk)],
        other_locations=[str(regency("3215").pk), str(regency("3171").pk)],
        estimated_value="Rp 1.500.000",
    )
    assert form.is_valid(), form.errors
    assert [kbli.code for kbli in form.cleaned_data["kbli"]] == ["1702", "17021", "46"]
    assert sorted(r.code for r in form.cleaned_data["locations"]) == ["3171", "3215"]
    assert form.cleaned_data["estimated_value"] == 1_500_000
    assert form.cleaned_data["certifications"] == ["sni"]


def test_unknown_kbli_codes_are_named(firm):
    form = form_with(firm, kbli="17021, 99999, 04")
    assert not form.is_valid()
    assert "99999" in str(form.errors["kbli"])
    assert "04" in str(form.errors["kbli"])


def test_malformed_kbli_codes_are_named(firm):
    form = form_with(firm, kbli="17021, C, 1070x")
    assert not form.is_valid()
    assert "1070x" in str(form.errors["kbli"])


def test_unlicensable_kbli_codes_are_refused(firm):
    form = form_with(firm, kbli="92000")
    assert not form.is_valid()
    assert "92000" in str(form.errors["kbli"])


def test_the_recognised_codes_are_shown_back_with_their_titles_even_with_errors(firm):
    form = form_with(firm, kbli="17021 99999", volume="0")
    assert not form.is_valid()
    assert [kbli.code for kbli in form.kbli_preview()] == ["17021"]
    assert form["kbli"].value() == "17021 99999"  # nothing typed is lost


def test_an_existing_need_shows_its_parts(firm):
    need = make_need(firm, kbli=["17021", "46"], locations=["3215", "3171"], certifications=["sni"])
    form = NeedForm(instance=need, firm=firm)
    assert form.initial["kbli"] == "17021, 46"
    assert form.initial["nearby_locations"] == [regency("3215").pk]
    assert form.initial["other_locations"] == [regency("3171").pk]
    assert form.initial["certifications"] == ["sni"]


def test_the_firms_own_locations_are_offered_as_checkboxes(firm):
    form = NeedForm(firm=firm)
    labels = [label for _, label in form.fields["nearby_locations"].widget.choices]
    assert len(labels) == 2
    assert f"{regency('3215').name}, Jawa Barat" in labels
    groups = dict(form.fields["other_locations"].widget.choices)
    assert "Jawa Barat" in groups


def test_a_regency_of_another_firm_cannot_be_ticked_as_nearby(firm):
    form = form_with(firm, nearby_locations=[str(regency("3171").pk)])
    assert not form.is_valid()
    assert "nearby_locations" in form.errors


def test_no_location_means_anywhere(firm):
    form = form_with(firm, other_locations=[])
    assert form.is_valid(), form.errors
    assert form.cleaned_data["locations"] == []


def test_it_rejects_a_past_deadline(firm):
    yesterday = timezone.localdate() - timedelta(days=1)
    form = form_with(firm, deadline=yesterday.isoformat())
    assert not form.is_valid()
    assert form.has_error("deadline", "past")


def test_it_accepts_a_deadline_of_today(firm):
    assert form_with(firm, deadline=timezone.localdate().isoformat()).is_valid()


@pytest.mark.parametrize("volume", ["0", "-3", "1.5", "9" * 400, "1e309", "abc"])
def test_it_rejects_a_volume_that_is_not_a_positive_whole_number(firm, volume):
    form = form_with(firm, volume=volume)
    assert not form.is_valid()
    assert "volume" in form.errors


@pytest.mark.parametrize("value", ["-1", "Rp -5.000", "9" * 400, "satu juta"])
def test_it_rejects_a_negative_or_absurd_value(firm, value):
    form = form_with(firm, estimated_value=value)
    assert not form.is_valid()
    assert "estimated_value" in form.errors


def test_the_value_is_optional(firm):
    form = form_with(firm, estimated_value="")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["estimated_value"] is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "x" * 10_000),
        ("title", "Kemasan\x00"),
        ("description", "\x00"),
        ("description", "d" * 10_000),
        ("unit", "u" * 100),
        ("kbli", "1" * 10_000),
        ("kbli", "\x00"),
        ("pattern", "nonsense"),
        ("period", "\x00"),
        ("deadline", "99999-01-01"),
        ("deadline", "\x00"),
        ("other_locations", ["99999999999999999999999"]),
        ("other_locations", ["abc"]),
        ("nearby_locations", ["-1"]),
        ("certifications", ["mystery"]),
    ],
)
def test_hostile_input_gives_field_errors(firm, field, value):
    form = form_with(firm, **{field: value})
    assert not form.is_valid()
    assert field in form.errors
