import pytest

from partnerships.models import FirmRepresentative, InvestmentType, KbliCode, Regency
from partnerships.models import VerificationState as State
from partnerships.services.firm_profiles import (
    FirmProfileError,
    firm_location_add,
    firm_location_remove,
    firm_profile_save,
    firm_sector_add,
    firm_sector_remove,
)
from tests.partnerships.factories import (
    PMA_FROM_JAPAN,
    VALID_NPWP,
    make_firm,
    make_representative,
    next_nib,
)

pytestmark = pytest.mark.django_db


def cleaned(firm=None, **overrides) -> dict:
    values = {
        "name": "PT Sinar Jaya Logam",
        "investment_type": InvestmentType.PMDN,
        "country": "ID",
        "nib": next_nib(),
        "npwp": VALID_NPWP,
        "capital": 25_000_000_000,
        "annual_sales": None,
        "is_exporter": True,
        "description": "Pengecoran logam.",
        "website": "",
        "job_title": "Direktur",
    }
    if firm is not None:
        values.update({field: getattr(firm, field) for field in values if hasattr(firm, field)})
    return {**values, **overrides}


def test_the_first_save_creates_the_firm_with_its_first_representative(firm_representative):
    firm = firm_profile_save(
        representative_user=firm_representative,
        firm=None,
        data=cleaned(),
        npwp_check_overridden=False,
    )
    assert firm.verification_state == State.DRAFT
    assert firm.capital == 25_000_000_000
    representative = FirmRepresentative.objects.get(user=firm_representative)
    assert representative.firm == firm
    assert representative.job_title == "Direktur"


def test_a_person_who_already_represents_a_firm_cannot_create_another():
    representative = make_representative()
    with pytest.raises(FirmProfileError):
        firm_profile_save(
            representative_user=representative.user,
            firm=None,
            data=cleaned(),
            npwp_check_overridden=False,
        )


@pytest.mark.parametrize(
    "change",
    [
        {"name": "PT Sinar Jaya Logam Baru"},
        {"nib": "9999999999999"},
        {"investment_type": InvestmentType.PMDN, "country": "ID", "capital": 20_000_000_000},
    ],
)
def test_changing_a_verified_firms_legal_identity_sends_it_back_for_verification(official, change):
    firm = make_firm(state=State.VERIFIED, official=official, **PMA_FROM_JAPAN)
    representative = make_representative(firm)
    saved = firm_profile_save(
        representative_user=representative.user,
        firm=firm,
        data=cleaned(firm, **change),
        npwp_check_overridden=False,
    )
    firm.refresh_from_db()
    assert saved.verification_state == firm.verification_state == State.SUBMITTED
    assert firm.reviewed_by is None
    assert firm.reviewed_at is None
    assert firm.submitted_at is not None


def test_other_edits_keep_a_firm_verified(official):
    firm = make_firm(state=State.VERIFIED, official=official, **PMA_FROM_JAPAN)
    representative = make_representative(firm)
    firm_profile_save(
        representative_user=representative.user,
        firm=firm,
        data=cleaned(firm, description="Kini juga membuat cetakan plastik.", job_title="CEO"),
        npwp_check_overridden=False,
    )
    firm.refresh_from_db()
    representative.refresh_from_db()
    assert firm.verification_state == State.VERIFIED
    assert firm.reviewed_by == official
    assert firm.description == "Kini juga membuat cetakan plastik."
    assert representative.job_title == "CEO"


def test_sectors_are_added_and_removed():
    firm = make_representative().firm
    bakery = KbliCode.objects.get(code="10710")
    firm_sector_add(firm=firm, kbli=bakery)
    firm_sector_add(firm=firm, kbli=bakery)
    assert list(firm.sectors.all()) == [bakery]
    firm_sector_remove(firm=firm, kbli=bakery)
    assert not firm.sectors.exists()


def test_a_sector_must_be_a_five_digit_subclass():
    firm = make_representative().firm
    with pytest.raises(ValueError, match="five-digit"):
        firm_sector_add(firm=firm, kbli=KbliCode.objects.get(code="10"))


def test_locations_are_added_and_removed():
    firm = make_representative().firm
    bogor = Regency.objects.get(code="3201")
    firm_location_add(firm=firm, regency=bogor)
    assert list(firm.locations.all()) == [bogor]
    firm_location_remove(firm=firm, regency=bogor)
    assert not firm.locations.exists()
