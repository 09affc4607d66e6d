import datetime

import pytest
from django.utils import timezone, translation

from partnerships.forms.rupiah import RupiahField, parse_rupiah
from partnerships.forms.umkm import CertificationForm, UmkmLinkForm, UmkmProfileForm
from partnerships.models import CertificationKind, LinkKind
from tests.partnerships.factories import (
    NPWP_WITH_BAD_CHECK_DIGIT,
    VALID_NIK,
    VALID_NPWP,
    make_firm,
    make_umkm,
    umkm_form_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def profile_form(instance=None, **overrides) -> UmkmProfileForm:
    return UmkmProfileForm(umkm_form_data(**overrides), instance=instance)


def error_codes(form, field) -> set[str]:
    return {error.code for error in form.errors.as_data().get(field, [])}


class TestProfileForm:
    def test_it_accepts_a_complete_profile_and_normalises_what_was_typed(self):
        form = profile_form(nib="1234.5678.90123", capital="Rp 1.500.000", annual_sales="")
        assert form.is_valid(), form.errors
        data = form.profile_data()
        assert data["nib"] == "1234567890123"
        assert data["capital"] == 1_500_000
        assert data["annual_sales"] is None
        assert data["phone"].as_e164 == "+6281234567890"
        assert data["regency"].code == "3372"

    @pytest.mark.parametrize("typed", ["0812 3456 7890", "6281234567890", "+62 812-3456-7890"])
    def test_it_stores_every_way_of_writing_a_phone_number_as_plus_62(self, typed):
        form = profile_form(phone=typed)
        assert form.is_valid(), form.errors
        assert form.cleaned_data["phone"].as_e164 == "+6281234567890"

    @pytest.mark.parametrize("typed", ["12", "0812", "phone me", "0812 3456 7890 1234 5"])
    def test_it_refuses_a_bad_phone_number_with_a_clear_message(self, typed):
        form = profile_form(phone=typed)
        assert not form.is_valid()
        assert "not a valid Indonesian phone number" in str(form.errors["phone"])

    @pytest.mark.parametrize("nib", ["123456789012", "12345678901234", "12345abc67890"])
    def test_it_refuses_an_nib_that_is_not_thirteen_digits(self, nib):
        form = profile_form(nib=nib)
        assert not form.is_valid()
        assert error_codes(form, "nib") == {"nib_length"}

    def test_it_refuses_an_nib_already_registered_by_an_umkm(self):
        make_umkm(nib="1234567890123")
        form = profile_form(nib="1234567890123")
        assert not form.is_valid()
        assert error_codes(form, "nib") == {"nib_taken"}

    def test_it_refuses_an_nib_already_registered_by_a_firm(self):
        make_firm(nib="1234567890123")
        form = profile_form(nib="1234567890123")
        assert not form.is_valid()
        assert error_codes(form, "nib") == {"nib_taken"}

    def test_it_lets_an_umkm_keep_its_own_nib(self):
        umkm = make_umkm(nib="1234567890123")
        assert profile_form(instance=umkm, nib="1234567890123").is_valid()

    @pytest.mark.parametrize("field", ["capital", "annual_sales"])
    def test_it_refuses_a_negative_amount_beside_the_field(self, field):
        form = profile_form(**{field: "-5.000.000"})
        assert not form.is_valid()
        assert error_codes(form, field) == {"negative"}

    @pytest.mark.parametrize("field", ["capital", "annual_sales"])
    @pytest.mark.parametrize("typed", ["lima juta", "1,5", "12abc", "1.50.000"])
    def test_it_refuses_an_amount_that_is_not_a_number(self, field, typed):
        form = profile_form(**{field: typed})
        assert not form.is_valid()
        assert error_codes(form, field) == {"invalid"}

    def test_it_requires_capital_but_not_annual_sales(self):
        form = profile_form(capital="", annual_sales="")
        assert not form.is_valid()
        assert "capital" in form.errors
        assert "annual_sales" not in form.errors

    def test_it_refuses_a_regency_outside_the_chosen_province(self):
        form = profile_form(province="32")  # Jawa Barat; Surakarta is in Jawa Tengah
        assert not form.is_valid()
        assert error_codes(form, "regency") == {"regency_outside_province"}
        assert "Kota Surakarta is not in Jawa Barat" in str(form.errors["regency"])

    def test_it_refuses_an_npwp_of_the_wrong_length(self):
        form = profile_form(npwp="01.300.066.6-091")
        assert not form.is_valid()
        assert error_codes(form, "npwp") == {"npwp_length"}

    def test_it_accepts_a_correct_npwp_in_its_printed_format(self):
        form = profile_form(npwp="01.300.066.6-091.000")
        assert form.is_valid(), form.errors
        assert form.cleaned_data["npwp"] == VALID_NPWP
        assert form.npwp_check_overridden is False

    def test_an_npwp_with_a_failed_check_digit_needs_the_confirmation_box(self):
        form = profile_form(npwp=NPWP_WITH_BAD_CHECK_DIGIT)
        assert not form.is_valid()
        assert error_codes(form, "npwp") == {"npwp_checksum"}
        assert form.show_npwp_confirmation

        confirmed = profile_form(npwp=NPWP_WITH_BAD_CHECK_DIGIT, npwp_confirmed="on")
        assert confirmed.is_valid(), confirmed.errors
        assert confirmed.npwp_check_overridden is True

    def test_the_confirmation_box_is_hidden_until_needed(self):
        assert not UmkmProfileForm().show_npwp_confirmation
        names = [f.name for _, _, fields in UmkmProfileForm().fieldset_list() for f in fields]
        assert "npwp_confirmed" not in names

    def test_a_kept_npwp_stays_confirmed_when_the_profile_is_edited_again(self):
        umkm = make_umkm(npwp=NPWP_WITH_BAD_CHECK_DIGIT, npwp_check_overridden=True)
        assert UmkmProfileForm(instance=umkm).show_npwp_confirmation

    def test_it_accepts_a_valid_nik_and_refuses_an_invalid_one(self):
        assert profile_form(owner_nik=VALID_NIK).is_valid()
        form = profile_form(owner_nik="9971011708450001")
        assert not form.is_valid()
        assert error_codes(form, "owner_nik") == {"invalid_nik"}

    def test_it_refuses_a_year_founded_in_the_future_or_before_1900(self):
        next_year = timezone.localdate().year + 1
        assert error_codes(profile_form(year_founded=str(next_year)), "year_founded") == {
            "future_year"
        }
        assert "year_founded" in profile_form(year_founded="1899").errors

    def test_it_shows_stored_amounts_with_thousands_dots(self):
        umkm = make_umkm(capital=1_500_000)
        assert 'value="1.500.000"' in str(UmkmProfileForm(instance=umkm)["capital"])

    def test_it_selects_the_stored_province_by_its_code(self):
        umkm = make_umkm()
        html = str(UmkmProfileForm(instance=umkm)["province"])
        assert '<option value="32" selected>' in html


class TestRupiah:
    @pytest.mark.parametrize(
        ("typed", "amount"),
        [
            ("1.500.000", 1_500_000),
            ("Rp 1.500.000", 1_500_000),
            ("Rp1.500.000,00", 1_500_000),
            ("1500000", 1_500_000),
            ("1,500,000", 1_500_000),
            ("0", 0),
        ],
    )
    def test_it_reads_rupiah_as_people_write_them(self, typed, amount):
        assert parse_rupiah(typed) == amount
        assert RupiahField().clean(typed) == amount

    def test_empty_is_none_when_optional(self):
        assert RupiahField(required=False).clean("  ") is None


class TestCertificationForm:
    def form(self, umkm, **data):
        return CertificationForm(
            {"kind": CertificationKind.HALAL, "number": "ID00110012345", **data}, umkm=umkm
        )

    def test_other_needs_a_name(self):
        form = self.form(make_umkm(), kind=CertificationKind.OTHER)
        assert not form.is_valid()
        assert "other_name" in form.errors

    def test_a_named_kind_drops_a_stray_other_name(self):
        form = self.form(make_umkm(), other_name="Organik")
        assert form.is_valid(), form.errors
        assert form.cleaned_data["other_name"] == ""

    def test_it_refuses_an_expired_certificate(self):
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        form = self.form(make_umkm(), expires_on=yesterday.isoformat())
        assert not form.is_valid()
        assert "expired" in str(form.errors["expires_on"])

    def test_it_refuses_the_same_certificate_twice(self):
        umkm = make_umkm()
        umkm.certifications.create(kind=CertificationKind.HALAL, number="ID00110012345")
        form = self.form(umkm)
        assert not form.is_valid()
        assert "number" in form.errors


class TestLinkForm:
    @pytest.mark.parametrize(
        "url", ["javascript:alert(1)", "ftp://files.example.test/", "data:text/html,hi"]
    )
    def test_it_accepts_only_web_addresses(self, url):
        form = UmkmLinkForm({"kind": LinkKind.WEBSITE, "url": url}, umkm=make_umkm())
        assert not form.is_valid()
        assert "url" in form.errors

    def test_it_adds_https_to_a_bare_domain(self):
        form = UmkmLinkForm({"kind": LinkKind.WEBSITE, "url": "tokosaya.id"}, umkm=make_umkm())
        assert form.is_valid(), form.errors
        assert form.cleaned_data["url"] == "https://tokosaya.id"
