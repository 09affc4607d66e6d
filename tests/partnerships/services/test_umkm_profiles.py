from datetime import date

import pytest

from partnerships.business_size import BusinessSize, SizeCriterion
from partnerships.models import KbliCode, Umkm, VerificationState
from partnerships.recommendations import NEVER_EXPIRES
from partnerships.services.umkm_profiles import (
    PROFILE_FIELDS,
    UNLICENSABLE_KBLI_SUBCLASSES,
    KbliChoiceError,
    kbli_search,
    umkm_certification_create,
    umkm_certification_delete,
    umkm_certification_update,
    umkm_kbli_add,
    umkm_kbli_remove,
    umkm_profile_save,
)
from tests.partnerships.factories import make_full_umkm, make_owner, make_umkm, regency

pytestmark = pytest.mark.django_db


def data_of(umkm: Umkm, **changes) -> dict:
    return {name: getattr(umkm, name) for name in PROFILE_FIELDS} | changes


def test_it_creates_the_owners_umkm_with_its_size_class():
    owner = make_owner()
    template = make_umkm()
    data = data_of(template, nib="1112223334445", capital=750_000_000, annual_sales=None)
    umkm = umkm_profile_save(owner=owner, umkm=None, data=data, npwp_check_overridden=False)
    assert umkm.owner == owner
    assert (umkm.size_class, umkm.size_criterion) == (BusinessSize.MICRO, SizeCriterion.CAPITAL)


def test_it_updates_the_size_class_when_sales_change():
    umkm = make_umkm()
    saved = umkm_profile_save(
        owner=umkm.owner,
        umkm=umkm,
        data=data_of(umkm, annual_sales=3_000_000_000),
        npwp_check_overridden=False,
    )
    saved.refresh_from_db()
    assert (saved.size_class, saved.size_criterion) == (
        BusinessSize.SMALL,
        SizeCriterion.ANNUAL_SALES,
    )


def test_a_second_first_save_updates_instead_of_creating_another():
    umkm = make_umkm()
    umkm_profile_save(
        owner=umkm.owner, umkm=None, data=data_of(umkm, name="Baru"), npwp_check_overridden=False
    )
    assert Umkm.objects.filter(owner=umkm.owner).count() == 1
    assert Umkm.objects.get(owner=umkm.owner).name == "Baru"


@pytest.mark.parametrize(
    "change", [{"nib": "5556667778889"}, {"name": "Nama Lain"}, {"legal_form": "pt"}]
)
def test_changing_the_legal_identity_of_a_verified_profile_sends_it_back(change):
    umkm = make_umkm(state=VerificationState.VERIFIED)
    umkm_profile_save(
        owner=umkm.owner, umkm=umkm, data=data_of(umkm, **change), npwp_check_overridden=False
    )
    umkm.refresh_from_db()
    assert umkm.verification_state == VerificationState.SUBMITTED
    assert umkm.reviewed_at is None


def test_other_edits_keep_a_verified_profile_verified():
    umkm = make_umkm(state=VerificationState.VERIFIED)
    umkm_profile_save(
        owner=umkm.owner,
        umkm=umkm,
        data=data_of(umkm, description="Lebih renyah.", regency=regency("3204")),
        npwp_check_overridden=False,
    )
    umkm.refresh_from_db()
    assert umkm.verification_state == VerificationState.VERIFIED
    assert umkm.description == "Lebih renyah."


def test_the_npwp_override_is_kept_only_with_an_npwp():
    umkm = make_umkm()
    umkm_profile_save(
        owner=umkm.owner, umkm=umkm, data=data_of(umkm, npwp=""), npwp_check_overridden=True
    )
    umkm.refresh_from_db()
    assert umkm.npwp_check_overridden is False


def test_another_owner_cannot_save_over_an_umkm():
    umkm = make_umkm()
    with pytest.raises(Umkm.DoesNotExist):
        umkm_profile_save(
            owner=make_owner(), umkm=umkm, data=data_of(umkm), npwp_check_overridden=False
        )


class TestKbli:
    def test_it_searches_subclasses_by_code_prefix(self):
        count, codes = kbli_search("1079")
        assert count == len(codes) > 0
        assert all(code.code.startswith("1079") and len(code.code) == 5 for code in codes)

    def test_it_searches_by_every_word_of_the_title(self):
        _, codes = kbli_search("kue basah")
        assert "10792" in [code.code for code in codes]

    def test_it_limits_the_results_and_counts_all_matches(self):
        count, codes = kbli_search("1", limit=30)
        assert count > 30
        assert len(codes) == 30

    def test_it_never_offers_unlicensable_codes(self):
        assert not [c for c in kbli_search("9")[1] if c.code in UNLICENSABLE_KBLI_SUBCLASSES]
        assert kbli_search("92000") == (0, [])

    def test_an_empty_search_finds_nothing(self):
        assert kbli_search("  ") == (0, [])

    def test_it_adds_and_removes_a_code(self):
        umkm = make_umkm()
        umkm_kbli_add(umkm=umkm, code="10792")
        umkm_kbli_add(umkm=umkm, code="10792")
        assert list(umkm.kbli_codes.values_list("code", flat=True)) == ["10792"]
        umkm_kbli_remove(umkm=umkm, code="10792")
        assert not umkm.kbli_codes.exists()

    @pytest.mark.parametrize("code", ["1079", "107921", "C", "abcde", "", "99999", "92000"])
    def test_it_refuses_anything_but_a_licensable_five_digit_code(self, code):
        with pytest.raises(KbliChoiceError):
            umkm_kbli_add(umkm=make_umkm(), code=code)

    def test_the_excluded_codes_exist_in_the_reference_data(self):
        assert KbliCode.objects.filter(code__in=UNLICENSABLE_KBLI_SUBCLASSES).count() == 3


def test_the_row_keeps_each_certified_kinds_last_valid_day_as_certifications_change():
    """Recommendations match required certifications on ``Umkm.certified_until``."""
    umkm = make_full_umkm()  # halal until 31 May 2027
    sni = umkm_certification_create(
        umkm=umkm, data={"kind": "sni", "number": "SNI-1", "expires_on": None}
    )
    umkm.refresh_from_db()
    assert umkm.certified_until == {"halal": "2027-05-31", "sni": NEVER_EXPIRES}

    umkm_certification_update(certification=sni, data={"expires_on": date(2026, 1, 31)})
    umkm.refresh_from_db()
    assert umkm.certified_until == {"halal": "2027-05-31", "sni": "2026-01-31"}

    umkm_certification_delete(certification=sni)
    umkm.refresh_from_db()
    assert umkm.certified_until == {"halal": "2027-05-31"}


def test_the_row_keeps_the_kbli_prefixes_as_codes_change():
    umkm = make_full_umkm()  # 10761 and 46206
    umkm_kbli_remove(umkm=umkm, code="46206")
    umkm.refresh_from_db()
    assert umkm.kbli_prefixes == " 1 10 107 1076 10761 C "
