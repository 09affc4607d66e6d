import pytest
from django.core import mail
from django.urls import reverse

from partnerships.models import ClaimCode, Umkm, VerificationState
from partnerships.services.assisted_registration import claim_code_redeem
from tests.partnerships.admin.profiles import change_form_data
from tests.partnerships.factories import make_official, make_owner, make_umkm, regency
from tests.partnerships.factories_assisted import make_assisted_umkm, make_claim_code

pytestmark = pytest.mark.django_db

ADD = "admin:partnerships_umkm_add"


def claim_url(umkm) -> str:
    return reverse("admin:partnerships_umkm_claim_code", args=[umkm.pk])


def change_url(umkm) -> str:
    return reverse("admin:partnerships_umkm_change", args=[umkm.pk])


@pytest.fixture
def official_client(client, official):
    client.force_login(official)
    return client


def paper_form(client, **overrides) -> dict:
    data = change_form_data(client.get(reverse(ADD)))
    data.pop("kbli_codes", None)
    place = regency("3215")
    data.update(
        {
            "name": "Dodol Betawi Ibu Minah",
            "legal_form": "individual",
            "nib": "8120000000077",
            "owner_name": "Minah",
            "phone": "0812 3456 7890",
            "province": str(place.province.pk),
            "regency": str(place.pk),
            "address": "Jl. Kertas No. 1",
            "description": "Dodol dari formulir kertas.",
            "year_founded": "2001",
            "employees": "3",
            "capital": "20000000",
            "annual_sales": "100000000",
            **overrides,
        }
    )
    return data


class TestAddingIsAssistedRegistration:
    def test_the_add_page_asks_for_the_paper_form_without_an_owner_account(self, official_client):
        response = official_client.get(reverse(ADD))
        assert response.status_code == 200
        form = response.context["adminform"].form
        assert "owner" not in form.fields
        assert "owner_name" in form.fields

    def test_an_official_registers_an_umkm_for_its_owner(self, official_client, official):
        response = official_client.post(reverse(ADD), paper_form(official_client))
        assert response.status_code == 302, response.context["adminform"].form.errors
        umkm = Umkm.objects.get(nib="8120000000077")
        assert umkm.is_assisted
        assert umkm.registered_by == official
        assert umkm.owner is None
        assert umkm.verification_state == VerificationState.SUBMITTED
        assert umkm.size_class == "micro"

    def test_a_known_nib_is_refused_on_the_add_form(self, official_client):
        known = make_umkm()
        response = official_client.post(reverse(ADD), paper_form(official_client, nib=known.nib))
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors.as_data()["nib"]
        assert [error.code for error in errors] == ["nib_taken"]

    def test_the_change_page_shows_who_entered_it_and_the_claim_button(self, official_client):
        umkm = make_assisted_umkm(make_official(), name="Dodol Ibu Minah")
        page = official_client.get(change_url(umkm)).content.decode()
        assert claim_url(umkm) in page
        owned = make_umkm()
        assert claim_url(owned) not in official_client.get(change_url(owned)).content.decode()

    def test_the_list_filters_assisted_registrations(self, official_client, official):
        make_assisted_umkm(official, name="Dodol Ibu Minah")
        make_umkm(name="Batik Tulis Lasem")
        response = official_client.get(
            reverse("admin:partnerships_umkm_changelist"), {"is_assisted__exact": "1"}
        )
        assert [u.name for u in response.context["cl"].result_list] == ["Dodol Ibu Minah"]


class TestFourEyesInTheAdmin:
    def test_the_decision_form_refuses_the_official_who_entered_it(self, official_client, official):
        umkm = make_assisted_umkm(official)
        data = change_form_data(official_client.get(change_url(umkm)))
        data["decision"] = "verify"
        response = official_client.post(change_url(umkm), data)
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors.as_data()["decision"]
        assert [error.code for error in errors] == ["four_eyes"]
        umkm.refresh_from_db()
        assert umkm.verification_state == VerificationState.SUBMITTED

    def test_the_action_refuses_the_official_who_entered_it(self, official_client, official):
        umkm = make_assisted_umkm(official, name="Dodol Ibu Minah")
        response = official_client.post(
            reverse("admin:partnerships_umkm_changelist"),
            {"action": "verify_selected", "_selected_action": [umkm.pk]},
            follow=True,
        )
        assert response.status_code == 200
        refused = [m for m in response.context["messages"] if m.level_tag == "error"]
        assert len(refused) == 1
        assert "Dodol Ibu Minah" in str(refused[0])
        umkm.refresh_from_db()
        assert umkm.verification_state == VerificationState.SUBMITTED

    def test_a_second_official_verifies_it(self, client, official):
        umkm = make_assisted_umkm(official)
        client.force_login(make_official())
        client.post(
            reverse("admin:partnerships_umkm_changelist"),
            {"action": "verify_selected", "_selected_action": [umkm.pk]},
        )
        umkm.refresh_from_db()
        assert umkm.verification_state == VerificationState.VERIFIED


class TestClaimCodePage:
    def test_it_issues_and_shows_the_code_once(self, official_client, official):
        umkm = make_assisted_umkm(official)
        assert official_client.get(claim_url(umkm)).status_code == 200
        response = official_client.post(claim_url(umkm), {"email": ""})
        assert response.status_code == 200
        plain = response.context["plain_code"]
        assert plain in response.content.decode()
        assert "css/admin-claim.css" in response.content.decode()
        assert mail.outbox == []
        assert claim_code_redeem(code=plain, user=make_owner()) == umkm

    def test_it_emails_the_code_when_an_address_is_typed(
        self, official_client, official, django_capture_on_commit_callbacks
    ):
        umkm = make_assisted_umkm(official)
        with django_capture_on_commit_callbacks(execute=True):
            response = official_client.post(claim_url(umkm), {"email": "minah@example.test"})
        assert response.context["plain_code"] in mail.outbox[0].body
        assert ClaimCode.objects.get().sent_to_email == "minah@example.test"

    @pytest.mark.parametrize("email", ["not-an-address", "a\x00@example.test", "x" * 5000])
    def test_a_bad_address_is_explained_and_no_code_is_issued(self, official_client, email):
        umkm = make_assisted_umkm(make_official())
        response = official_client.post(claim_url(umkm), {"email": email})
        assert response.status_code == 200
        assert response.context["form"].errors["email"]
        assert not ClaimCode.objects.exists()

    def test_an_umkm_with_an_owner_gets_no_code(self, official_client):
        umkm = make_umkm()
        assert official_client.get(claim_url(umkm)).status_code == 200
        official_client.post(claim_url(umkm), {"email": ""})
        assert not ClaimCode.objects.exists()

    @pytest.mark.parametrize("object_id", ["999999", "abc", "%00"])
    def test_an_unknown_umkm_is_never_a_server_error(self, official_client, object_id):
        url = f"/admin/partnerships/umkm/{object_id}/claim-code/"
        assert official_client.get(url).status_code in (302, 404)

    def test_a_regional_official_cannot_issue_codes_outside_their_provinces(self, client):
        umkm = make_assisted_umkm(make_official(), regency=regency("3578"))  # Surabaya, Jatim
        client.force_login(make_official("regional", provinces=["32"]))
        client.post(claim_url(umkm), {"email": ""})
        assert not ClaimCode.objects.exists()


class TestClaimCodeList:
    def test_it_lists_codes_read_only(self, official_client, official):
        code = make_claim_code(make_assisted_umkm(official, name="Dodol Ibu Minah"))
        response = official_client.get(reverse("admin:partnerships_claimcode_changelist"))
        assert response.status_code == 200
        assert "Dodol Ibu Minah" in response.content.decode()
        detail = official_client.get(reverse("admin:partnerships_claimcode_change", args=[code.pk]))
        assert detail.status_code == 200
        assert code.code_digest not in detail.content.decode()
        assert official_client.get(reverse("admin:partnerships_claimcode_add")).status_code == 403
