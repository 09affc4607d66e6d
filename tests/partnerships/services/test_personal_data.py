import json

import pytest
from allauth.account.models import EmailAddress
from django.core.files.storage import default_storage

from partnerships.models import (
    Certification,
    Firm,
    FirmInvitation,
    FirmRepresentative,
    Product,
    Umkm,
    VerificationState,
)
from partnerships.services.personal_data import (
    account_delete,
    account_deletion_plan,
    firm_is_on_public_record,
    personal_data_export,
    umkm_erase_personal_data,
    umkm_is_on_public_record,
)
from portal.accounts.models import User
from tests.partnerships.factories import (
    PMA_FROM_JAPAN,
    make_firm,
    make_full_umkm,
    make_invitation,
    make_owner,
    make_representative,
    make_umkm,
)
from tests.partnerships.factories_commitments import make_commitment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_a_temporary_directory(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


class TestExport:
    def test_it_holds_the_account_and_its_addresses(self):
        owner = make_owner("dewi@contoh.test", name="Dewi Lestari")
        EmailAddress.objects.create(user=owner, email="dewi.kedua@contoh.test")

        data = personal_data_export(user=owner)

        assert data["account"]["name"] == "Dewi Lestari"
        assert data["account"]["email"] == "dewi@contoh.test"
        assert data["account"]["role"] == "umkm_owner"
        assert data["account"]["date_joined"] == owner.date_joined.isoformat()
        assert data["email_addresses"] == [
            {"email": "dewi@contoh.test", "verified": True, "primary": True},
            {"email": "dewi.kedua@contoh.test", "verified": False, "primary": False},
        ]
        assert data["umkm"] is None
        assert data["firm"] is None

    def test_it_holds_the_whole_umkm_profile(self):
        umkm = make_full_umkm(name="Kopi Tanjung Pura")

        data = personal_data_export(user=umkm.owner)["umkm"]

        assert data["name"] == "Kopi Tanjung Pura"
        assert data["nib"] == umkm.nib
        assert data["owner_nik"] == "3215014501850003"
        assert data["phone"] == "+6281234567890"
        assert data["email"] == umkm.email
        assert data["address"] == "Jl. Tuparev No. 12, Karawang"
        assert data["capital"] == 250_000_000
        assert isinstance(data["capital"], int)
        assert data["annual_sales"] == 1_200_000_000
        assert data["verification_state"] == "draft"
        assert data["regency"] == {"code": "3215", "name": umkm.regency.name}
        assert {"version": "2020", "code": "10761", "title": "Industri Pengolahan Kopi"} in data[
            "kbli_codes"
        ]
        assert data["certifications"][0]["number"] == "ID32110000123450521"
        assert data["certifications"][0]["expires_on"] == "2027-05-31"
        assert data["links"][0]["url"] == "https://shopee.co.id/kopitanjungpura"
        product = data["products"][0]
        assert product["name"] == "Kopi robusta sangrai"
        assert product["price_min"] == 120_000
        assert product["photo"].startswith("products/")
        assert product["photo"].endswith(".png")

    def test_its_queries_do_not_grow_with_the_profile(self, django_assert_num_queries):
        umkm = make_full_umkm()
        for number in range(3):
            Product.objects.create(umkm=umkm, name=f"Kopi {number}", unit="kg", monthly_capacity=10)
        # user's addresses, invitations, UMKM, its codes, certifications, links, products, firm
        with django_assert_num_queries(8):
            personal_data_export(user=umkm.owner)

    def test_it_is_plain_json(self):
        umkm = make_full_umkm()
        text = json.dumps(personal_data_export(user=umkm.owner))
        assert "Kopi robusta sangrai" in text
        # No bytes of the photo, only its name.
        assert "PNG" not in text

    def test_it_holds_nobody_elses_data(self):
        mine = make_full_umkm(name="Kopi Tanjung Pura")
        theirs = make_full_umkm(name="Keripik Singkong Bu Ani", owner_nik="3215016607900001")

        text = json.dumps(personal_data_export(user=mine.owner))

        assert "Keripik Singkong Bu Ani" not in text
        assert theirs.owner.email not in text
        assert theirs.email not in text
        assert theirs.nib not in text
        assert "3215016607900001" not in text

    def test_a_representative_gets_the_firm_colleagues_names_and_their_invitations(self):
        firm = make_firm(name="PT Sinar Karawang Industri", locations=["3215"], **PMA_FROM_JAPAN)
        me = make_representative(firm, name="Hendra Wijaya").user
        colleague = make_representative(firm, name="Rina Kusuma").user
        make_invitation(firm, me, "baru@sinar.test")
        make_invitation(firm, colleague, "lain@sinar.test")

        data = personal_data_export(user=me)

        assert data["firm"]["name"] == "PT Sinar Karawang Industri"
        assert data["firm"]["country"] == "JP"
        assert data["firm"]["locations"][0]["code"] == "3215"
        assert data["firm"]["representatives"] == ["Hendra Wijaya", "Rina Kusuma"]
        assert data["firm"]["my_membership"]["job_title"] == "Procurement"
        assert [i["email"] for i in data["firm_invitations_sent"]] == ["baru@sinar.test"]
        text = json.dumps(data)
        assert colleague.email not in text
        assert "lain@sinar.test" not in text


class TestDeletingAnUmkmOwner:
    def test_the_account_and_the_umkm_with_its_products_go(
        self, django_capture_on_commit_callbacks
    ):
        umkm = make_full_umkm()
        owner = umkm.owner
        product = umkm.products.get()
        photos = [product.photo.name, product.thumbnail.name]
        assert all(default_storage.exists(name) for name in photos)

        with django_capture_on_commit_callbacks(execute=True):
            account_delete(user=owner)

        assert not User.objects.filter(pk=owner.pk).exists()
        assert not EmailAddress.objects.filter(user_id=owner.pk).exists()
        assert not Umkm.objects.filter(pk=umkm.pk).exists()
        assert not Product.objects.exists()
        assert not Certification.objects.exists()
        assert not any(default_storage.exists(name) for name in photos)

    def test_photos_stay_if_the_deletion_is_rolled_back(self, django_capture_on_commit_callbacks):
        umkm = make_full_umkm()
        product = umkm.products.get()
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            account_delete(user=umkm.owner)
        assert callbacks
        assert default_storage.exists(product.photo.name)

    def test_other_people_are_untouched(self):
        mine = make_umkm()
        theirs = make_umkm(name="Keripik Singkong Bu Ani")
        account_delete(user=mine.owner)
        assert Umkm.objects.get() == theirs
        assert User.objects.filter(pk=theirs.owner_id).exists()

    def test_an_umkm_on_the_public_record_stays_without_personal_data(self):
        umkm = make_full_umkm(name="Kopi Tanjung Pura")
        make_commitment(umkm=umkm)
        owner = umkm.owner

        account_delete(user=owner)

        assert not User.objects.filter(pk=owner.pk).exists()
        kept = Umkm.objects.get(pk=umkm.pk)
        assert kept.name == "Kopi Tanjung Pura"
        assert kept.owner is None
        assert kept.owner_name == ""
        assert kept.owner_nik == ""
        assert kept.products.count() == 1


class TestErasure:
    def test_it_keeps_the_business_and_blanks_the_person(self):
        umkm = make_full_umkm(name="Kopi Tanjung Pura", contacts_visible_to_firms=True)

        umkm_erase_personal_data(umkm=umkm)

        umkm.refresh_from_db()
        assert umkm.name == "Kopi Tanjung Pura"
        assert umkm.nib
        assert umkm.owner is None
        assert umkm.owner_name == ""
        assert umkm.owner_nik == ""
        assert not umkm.phone
        assert umkm.email == ""
        assert umkm.address == ""
        assert umkm.contacts_visible_to_firms is False
        # An individual business's NPWP is the owner's own.
        assert umkm.npwp == ""
        assert umkm.kbli_codes.count() == 2
        assert umkm.products.count() == 1

    def test_a_company_keeps_its_own_tax_number(self):
        umkm = make_umkm(legal_form="cv", npwp="012345678901234")
        umkm_erase_personal_data(umkm=umkm)
        umkm.refresh_from_db()
        assert umkm.npwp == "012345678901234"

    def test_the_erased_umkm_exports_and_shows_without_error(self):
        umkm = make_umkm()
        owner = umkm.owner
        umkm_erase_personal_data(umkm=umkm)
        umkm.refresh_from_db()
        assert str(umkm) == umkm.name
        assert personal_data_export(user=owner)["umkm"] is None

    def test_an_umkm_without_commitments_is_not_on_the_public_record(self):
        assert umkm_is_on_public_record(make_umkm()) is False

    def test_an_umkm_with_signed_commitments_is_on_the_public_record(self):
        umkm = make_umkm()
        make_commitment(umkm=umkm)
        assert umkm_is_on_public_record(umkm) is True

    def test_an_unverified_firm_with_signed_commitments_is_on_the_public_record(self):
        firm = make_firm(state=VerificationState.SUBMITTED)
        assert firm_is_on_public_record(firm) is False
        make_commitment(firm=firm)
        assert firm_is_on_public_record(firm) is True


class TestDeletingAFirmRepresentative:
    def test_the_last_representative_of_an_unverified_firm_takes_the_firm(self):
        firm = make_firm(state=VerificationState.SUBMITTED)
        rep = make_representative(firm)
        make_invitation(firm, rep.user, "baru@sinar.test")

        account_delete(user=rep.user)

        assert not Firm.objects.filter(pk=firm.pk).exists()
        assert not FirmInvitation.objects.exists()

    def test_a_verified_firm_stays_without_its_last_representative(self):
        firm = make_firm(state=VerificationState.VERIFIED)
        rep = make_representative(firm)

        account_delete(user=rep.user)

        assert Firm.objects.filter(pk=firm.pk).exists()
        assert not FirmRepresentative.objects.exists()

    def test_a_firm_with_other_representatives_stays(self):
        firm = make_firm()
        leaving = make_representative(firm)
        staying = make_representative(firm)
        make_invitation(firm, leaving.user, "baru@sinar.test")

        account_delete(user=leaving.user)

        assert list(firm.representatives.all()) == [staying]
        # The invitation stays open; who sent it is forgotten.
        assert FirmInvitation.objects.get().invited_by is None


class TestDeletionPlan:
    def test_it_tells_an_owner_the_umkm_goes(self):
        umkm = make_umkm()
        plan = account_deletion_plan(user=umkm.owner)
        assert plan.umkm == umkm
        assert plan.umkm_kept is False
        assert plan.firm is None

    def test_it_tells_an_owner_on_the_public_record_the_umkm_stays(self):
        umkm = make_umkm()
        make_commitment(umkm=umkm)
        assert account_deletion_plan(user=umkm.owner).umkm_kept is True

    def test_it_tells_the_last_representative_of_an_unverified_firm_the_firm_goes(self):
        firm = make_firm()
        rep = make_representative(firm)
        plan = account_deletion_plan(user=rep.user)
        assert plan.firm == firm
        assert plan.firm_kept is False
        make_representative(firm)
        assert account_deletion_plan(user=rep.user).firm_kept is True
