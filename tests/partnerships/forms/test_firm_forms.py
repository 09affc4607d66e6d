import pytest

from partnerships.forms.firms import FirmLocationForm, FirmProfileForm, KbliSearchForm
from partnerships.models import InvestmentType
from tests.partnerships.factories import (
    NPWP_WITH_BAD_CHECK_DIGIT,
    VALID_NPWP,
    make_firm,
    make_umkm,
    next_nib,
)

pytestmark = pytest.mark.django_db

MILIAR = 1_000_000_000


def profile_data(**overrides) -> dict:
    return {
        "name": "PT Sinar Jaya Logam",
        "investment_type": InvestmentType.PMDN,
        "country": "",
        "nib": next_nib(),
        "npwp": VALID_NPWP,
        "capital": "25.000.000.000",
        "annual_sales": "",
        "is_exporter": "on",
        "description": "Pengecoran logam untuk industri otomotif.",
        "website": "https://sinarjaya.example.id",
        "job_title": "Direktur Pengadaan",
        **overrides,
    }


def test_a_large_pmdn_is_accepted_as_indonesian():
    form = FirmProfileForm(profile_data())
    assert form.is_valid(), form.errors
    assert form.cleaned_data["country"] == "ID"
    assert form.cleaned_data["capital"] == 25 * MILIAR
    assert form.cleaned_data["annual_sales"] is None


def test_a_pma_without_a_country_is_refused():
    form = FirmProfileForm(profile_data(investment_type=InvestmentType.PMA, capital=""))
    assert form.has_error("country", "pma_country_required")


def test_a_pma_needs_no_figures_because_it_is_always_large():
    form = FirmProfileForm(
        profile_data(investment_type=InvestmentType.PMA, country="JP", capital="")
    )
    assert form.is_valid(), form.errors


def test_a_pma_from_indonesia_is_refused():
    form = FirmProfileForm(profile_data(investment_type=InvestmentType.PMA, country="ID"))
    assert form.has_error("country", "pma_country_indonesia")


def test_a_pmdn_with_a_foreign_country_is_refused():
    form = FirmProfileForm(profile_data(country="SG"))
    assert form.has_error("country", "pmdn_country_foreign")


def test_a_pmdn_must_give_capital_or_sales():
    form = FirmProfileForm(profile_data(capital="", annual_sales=""))
    assert form.has_error("capital", "pmdn_figures_required")


@pytest.mark.parametrize(
    ("capital", "sales", "field"),
    [
        ("10.000.000.000", "", "capital"),  # exactly Rp10 miliar is still medium
        ("", "50.000.000.000", "annual_sales"),
        ("2.000.000.000", "40.000.000.000", "capital"),
    ],
)
def test_a_pmdn_the_size_of_an_umkm_is_told_to_register_as_one(capital, sales, field):
    form = FirmProfileForm(profile_data(capital=capital, annual_sales=sales))
    assert form.has_error(field, "pmdn_not_large")
    assert "UMKM" in str(form.errors[field])


@pytest.mark.parametrize(
    ("capital", "sales"),
    [("10.000.000.001", ""), ("", "50.000.000.001"), ("1.000.000", "Rp 60.000.000.000")],
)
def test_a_pmdn_above_either_ceiling_is_large(capital, sales):
    assert FirmProfileForm(profile_data(capital=capital, annual_sales=sales)).is_valid()


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("Rp 15.000.000.000", 15 * MILIAR),
        ("15000000000", 15 * MILIAR),
        ("Rp15.000.000.000", 15 * MILIAR),
    ],
)
def test_capital_is_read_as_people_write_it(typed, amount):
    form = FirmProfileForm(profile_data(capital=typed))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["capital"] == amount


@pytest.mark.parametrize(
    ("field", "typed", "code"),
    [
        ("capital", "-15.000.000.000", "negative"),
        ("capital", "lima belas miliar", "invalid"),
        ("annual_sales", "Rp -1", "negative"),
        ("annual_sales", "12,5 M", "invalid"),
    ],
)
def test_a_bad_amount_gets_an_error_beside_its_field_and_is_kept(field, typed, code):
    form = FirmProfileForm(profile_data(**{field: typed}))
    assert form.has_error(field, code)
    assert form[field].value() == typed


def test_an_nib_registered_by_an_umkm_is_refused():
    umkm = make_umkm()
    form = FirmProfileForm(profile_data(nib=umkm.nib))
    assert form.has_error("nib", "nib_taken")


def test_a_firm_keeps_its_own_nib_when_editing():
    firm = make_firm()
    form = FirmProfileForm(profile_data(nib=firm.nib), instance=firm)
    assert form.is_valid(), form.errors


def test_an_nib_of_the_wrong_length_is_refused():
    assert FirmProfileForm(profile_data(nib="123")).has_error("nib", "nib_length")


def test_a_firm_must_give_its_npwp():
    assert FirmProfileForm(profile_data(npwp="")).has_error("npwp", "required")


def test_an_npwp_typed_with_dots_and_dashes_is_stored_as_digits():
    form = FirmProfileForm(profile_data(npwp="01.300.066.6-091.000"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["npwp"] == VALID_NPWP
    assert form.npwp_check_overridden is False


def test_an_npwp_with_a_failed_check_digit_asks_for_confirmation():
    form = FirmProfileForm(profile_data(npwp=NPWP_WITH_BAD_CHECK_DIGIT))
    assert form.has_error("npwp", "npwp_checksum")
    assert form.show_npwp_confirmation


def test_a_confirmed_npwp_with_a_failed_check_digit_is_kept_and_flagged():
    form = FirmProfileForm(profile_data(npwp=NPWP_WITH_BAD_CHECK_DIGIT, npwp_confirmed="on"))
    assert form.is_valid(), form.errors
    assert form.npwp_check_overridden is True


def test_an_npwp_of_the_wrong_length_is_refused():
    assert FirmProfileForm(profile_data(npwp="12345")).has_error("npwp", "npwp_length")


def test_a_regency_outside_the_chosen_province_is_refused():
    bogor = "3201"
    form = FirmLocationForm({"province": "31", "regency": _regency_pk(bogor)})
    assert form.has_error("regency", "regency_outside_province")


def test_the_regency_list_follows_the_chosen_province():
    form = FirmLocationForm({"province": "31"})
    names = [label for value, label in form.fields["regency"].widget.choices if value]
    assert "Kota Administrasi Jakarta Selatan" in names
    assert "Kabupaten Bogor" not in names


def _regency_pk(code: str) -> int:
    from partnerships.models import Regency

    return Regency.objects.get(code=code).pk


class TestKbliSearch:
    def test_it_finds_subclasses_by_code_prefix(self):
        results, more = KbliSearchForm({"q": "1071"}).results()
        assert [kbli.code for kbli in results][:1] == ["10710"]
        assert all(len(kbli.code) == 5 for kbli in results)
        assert more is False

    def test_it_finds_subclasses_by_every_word_of_the_title(self):
        results, _ = KbliSearchForm({"q": "roti kue"}).results()
        assert "10710" in [kbli.code for kbli in results]

    def test_it_says_when_there_are_more_results_than_it_shows(self):
        results, more = KbliSearchForm({"q": "1"}).results()
        assert len(results) == KbliSearchForm.RESULT_LIMIT
        assert more is True

    def test_an_empty_query_finds_nothing(self):
        assert KbliSearchForm({"q": "  "}).results() == ([], False)
