import re

import pytest

from partnerships.models import Certification, CertificationKind, Umkm, VerificationState
from tests.partnerships.factories import (
    NPWP_WITH_BAD_CHECK_DIGIT,
    make_firm,
    make_owner,
    make_representative,
    make_umkm,
    umkm_form_data,
    verify,
)
from tests.partnerships.views.umkm_pages import en, page

pytestmark = pytest.mark.django_db

OWNER_PAGES = [
    ("umkm_profile_edit", ()),
    ("umkm_kbli", ()),
    ("umkm_certifications", ()),
    ("umkm_links", ()),
    ("umkm_products", ()),
    ("umkm_product_add", ()),
]


@pytest.fixture
def owner_client(client):
    owner = make_owner()
    client.force_login(owner)
    client.owner = owner
    return client


class TestAccess:
    @pytest.mark.parametrize(("name", "args"), OWNER_PAGES)
    def test_anonymous_people_are_sent_to_sign_in(self, client, name, args):
        response = client.get(en(name, *args))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]

    @pytest.mark.parametrize(("name", "args"), OWNER_PAGES)
    def test_a_firm_representative_is_forbidden(self, client, name, args):
        client.force_login(make_representative().user)
        assert client.get(en(name, *args)).status_code == 403

    def test_a_person_without_a_role_is_forbidden(self, client, outsider):
        client.force_login(outsider)
        assert client.get(en("umkm_profile_edit")).status_code == 403

    @pytest.mark.parametrize("name", ["umkm_kbli", "umkm_certifications", "umkm_products"])
    def test_before_the_profile_exists_the_other_pages_lead_to_it(self, owner_client, name):
        response = owner_client.get(en(name))
        assert response.status_code == 302
        assert response["Location"].endswith("/dashboard/umkm/profile/")

    def test_an_owner_cannot_reach_another_owners_certification(self, owner_client):
        make_umkm(owner=owner_client.owner)
        theirs = make_umkm().certifications.create(kind=CertificationKind.SNI, number="1")
        assert owner_client.get(en("umkm_certification_edit", theirs.pk)).status_code == 404
        response = owner_client.post(en("umkm_certification_delete", theirs.pk))
        assert response.status_code == 404
        assert Certification.objects.filter(pk=theirs.pk).exists()


class TestProfile:
    def test_the_first_visit_shows_an_empty_form_with_the_account_name(self, owner_client):
        response = owner_client.get(en("umkm_profile_edit"))
        assert response.status_code == 200
        html = page(response)
        assert "Register your business" in html
        assert owner_client.owner.name in html
        assert 'name="refresh_regencies"' in html
        assert "js/regions.js" in html

    def test_saving_creates_the_umkm_and_shows_the_size_with_its_criterion(self, owner_client):
        response = owner_client.post(en("umkm_profile_edit"), umkm_form_data(), follow=True)
        umkm = Umkm.objects.get(owner=owner_client.owner)
        assert umkm.phone.as_e164 == "+6281234567890"
        assert umkm.capital == 750_000_000
        html = page(response)
        assert "Your business profile was saved." in html
        assert "Small" in html
        assert "annual sales" in html
        # The amount that decided, and its bracket (separators follow the language).
        assert re.search(r"Rp3[.,]000[.,]000[.,]000", html)
        assert re.search(r"Rp15 (miliar|billion)", html)

    def test_a_large_business_is_told_the_programme_is_for_umkm(self, owner_client):
        data = umkm_form_data(annual_sales="60.000.000.000")
        response = owner_client.post(en("umkm_profile_edit"), data, follow=True)
        assert "your business is large, not an UMKM" in page(response)

    def test_bad_input_keeps_everything_typed_and_marks_the_fields(self, owner_client):
        data = umkm_form_data(
            nib="12345", phone="0812", capital="-1", annual_sales="banyak", province="32"
        )
        response = owner_client.post(en("umkm_profile_edit"), data)
        assert response.status_code == 200
        html = page(response)
        for typed in ("Batik Tulis Sekar Jagad", "12345", "0812", "banyak", "Jl. Slamet Riyadi"):
            assert typed in html
        for field in ("nib", "phone", "capital", "annual_sales", "regency"):
            assert f'id="error_1_id_{field}"' in html
        assert not Umkm.objects.exists()

    def test_the_refresh_button_lists_regencies_and_keeps_data_without_errors(self, owner_client):
        data = umkm_form_data(province="31", regency="", refresh_regencies="1", nib="12")
        response = owner_client.post(en("umkm_profile_edit"), data)
        html = page(response)
        assert response.status_code == 200
        assert "Jakarta Selatan" in html
        assert "Batik Tulis Sekar Jagad" in html
        assert "is-invalid" not in html
        assert not Umkm.objects.exists()

    def test_an_npwp_with_a_failed_check_is_kept_once_confirmed(self, owner_client):
        data = umkm_form_data(npwp=NPWP_WITH_BAD_CHECK_DIGIT)
        response = owner_client.post(en("umkm_profile_edit"), data)
        assert 'name="npwp_confirmed"' in page(response)
        assert not Umkm.objects.exists()
        owner_client.post(en("umkm_profile_edit"), {**data, "npwp_confirmed": "on"})
        umkm = Umkm.objects.get()
        assert (umkm.npwp, umkm.npwp_check_overridden) == (NPWP_WITH_BAD_CHECK_DIGIT, True)

    def test_an_nib_of_a_firm_is_refused(self, owner_client):
        make_firm(nib="1234567890123")
        response = owner_client.post(en("umkm_profile_edit"), umkm_form_data())
        assert "already registered" in page(response)

    def test_editing_the_nib_of_a_verified_profile_sends_it_back(self, owner_client):
        owner_client.post(en("umkm_profile_edit"), umkm_form_data())
        umkm = verify(Umkm.objects.get())
        response = owner_client.post(
            en("umkm_profile_edit"), umkm_form_data(nib="9876543210987"), follow=True
        )
        umkm.refresh_from_db()
        assert umkm.verification_state == VerificationState.SUBMITTED
        assert "officials will verify your profile again" in page(response)

    def test_editing_the_description_keeps_a_verified_profile_verified(self, owner_client):
        owner_client.post(en("umkm_profile_edit"), umkm_form_data())
        umkm = verify(Umkm.objects.get())
        owner_client.post(en("umkm_profile_edit"), umkm_form_data(description="Batik baru."))
        umkm.refresh_from_db()
        assert umkm.verification_state == VerificationState.VERIFIED
        assert umkm.description == "Batik baru."

    def test_the_page_edits_only_the_owners_own_umkm(self, owner_client):
        other = make_umkm(name="Milik Orang Lain")
        owner_client.post(en("umkm_profile_edit"), umkm_form_data())
        other.refresh_from_db()
        assert other.name == "Milik Orang Lain"
        assert Umkm.objects.get(owner=owner_client.owner).name == "Batik Tulis Sekar Jagad"

    def test_the_indonesian_page_works_too(self, owner_client):
        make_umkm(owner=owner_client.owner)
        response = owner_client.get("/dashboard/umkm/profile/")
        assert response.status_code == 200
        assert '<html lang="id">' in page(response)


class TestKbliPage:
    def test_it_searches_adds_and_removes(self, owner_client):
        umkm = make_umkm(owner=owner_client.owner)
        html = page(owner_client.get(en("umkm_kbli"), {"q": "kue basah"}))
        assert "10792" in html
        response = owner_client.post(
            en("umkm_kbli"), {"action": "add", "code": "10792", "q": "kue"}
        )
        assert response.status_code == 302
        assert response["Location"].endswith("?q=kue")
        assert list(umkm.kbli_codes.values_list("code", flat=True)) == ["10792"]
        owner_client.post(en("umkm_kbli"), {"action": "remove", "code": "10792"})
        assert not umkm.kbli_codes.exists()

    def test_an_empty_search_lists_nothing(self, owner_client):
        make_umkm(owner=owner_client.owner)
        html = page(owner_client.get(en("umkm_kbli")))
        assert 'value="add"' not in html

    def test_it_says_how_many_matched_when_there_are_more_than_shown(self, owner_client):
        make_umkm(owner=owner_client.owner)
        html = page(owner_client.get(en("umkm_kbli"), {"q": "1"}))
        assert "the first 30 are shown" in html
        assert html.count('value="add"') == 30

    @pytest.mark.parametrize("code", ["107", "abcde", "92000", "99999", ""])
    def test_a_code_that_cannot_be_chosen_is_a_message_not_an_error(self, owner_client, code):
        umkm = make_umkm(owner=owner_client.owner)
        response = owner_client.post(en("umkm_kbli"), {"action": "add", "code": code}, follow=True)
        assert response.status_code == 200
        assert "alert-danger" in page(response) or "alert-error" in page(response)
        assert not umkm.kbli_codes.exists()

    @pytest.mark.parametrize("chosen", [1, 8])
    def test_the_page_makes_the_same_number_of_queries(
        self, owner_client, chosen, django_assert_num_queries
    ):
        umkm = make_umkm(owner=owner_client.owner)
        for code in ["10792", "10710", "10793", "10794", "10799", "10750", "10720", "10730"][
            :chosen
        ]:
            umkm.kbli_codes.add(*umkm.kbli_codes.model.objects.filter(code=code))
        with django_assert_num_queries(6):
            owner_client.get(en("umkm_kbli"), {"q": "roti"})


class TestCertifications:
    def test_an_owner_adds_changes_and_removes_a_certificate(self, owner_client):
        umkm = make_umkm(owner=owner_client.owner)
        response = owner_client.post(
            en("umkm_certifications"), {"kind": "halal", "number": "ID001", "expires_on": ""}
        )
        assert response.status_code == 302
        certification = umkm.certifications.get()
        owner_client.post(
            en("umkm_certification_edit", certification.pk),
            {"kind": "other", "other_name": "Organik Indonesia", "number": "ID001"},
        )
        certification.refresh_from_db()
        assert certification.label == "Organik Indonesia"
        owner_client.post(en("umkm_certification_delete", certification.pk))
        assert not umkm.certifications.exists()

    def test_an_expired_certificate_is_refused_and_the_typed_number_kept(self, owner_client):
        make_umkm(owner=owner_client.owner)
        response = owner_client.post(
            en("umkm_certifications"),
            {"kind": "sni", "number": "SNI-7777", "expires_on": "2020-01-01"},
        )
        html = page(response)
        assert "expired" in html
        assert "SNI-7777" in html

    def test_deleting_needs_a_post(self, owner_client):
        umkm = make_umkm(owner=owner_client.owner)
        certification = umkm.certifications.create(kind="pirt", number="P-1")
        assert (
            owner_client.get(en("umkm_certification_delete", certification.pk)).status_code == 405
        )


class TestLinks:
    def test_an_owner_adds_and_removes_a_link(self, owner_client):
        umkm = make_umkm(owner=owner_client.owner)
        owner_client.post(
            en("umkm_links"), {"kind": "marketplace", "url": "https://shopee.co.id/x"}
        )
        link = umkm.links.get()
        assert "https://shopee.co.id/x" in page(owner_client.get(en("umkm_links")))
        owner_client.post(en("umkm_link_delete", link.pk))
        assert not umkm.links.exists()

    def test_a_javascript_link_is_refused(self, owner_client):
        umkm = make_umkm(owner=owner_client.owner)
        response = owner_client.post(en("umkm_links"), {"kind": "website", "url": "javascript:x"})
        assert response.status_code == 200
        assert not umkm.links.exists()

    def test_an_owner_cannot_remove_another_owners_link(self, owner_client):
        make_umkm(owner=owner_client.owner)
        theirs = make_umkm().links.create(kind="website", url="https://example.test/")
        assert owner_client.post(en("umkm_link_delete", theirs.pk)).status_code == 404
