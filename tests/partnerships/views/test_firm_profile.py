import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from partnerships.models import (
    Firm,
    FirmInvitation,
    FirmRepresentative,
    InvestmentType,
    KbliCode,
    KbliLevel,
    Regency,
)
from partnerships.models import VerificationState as State
from portal.accounts.models import Role
from tests.partnerships.factories import (
    PMA_FROM_JAPAN,
    VALID_NPWP,
    make_firm,
    make_representative,
    make_umkm,
    make_user,
    next_nib,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _indonesian():
    # reverse() follows the active language, which an earlier test may have left on English.
    with translation.override("id"):
        yield


PROFILE = "/dashboard/firm/profile/"
SECTORS = "/dashboard/firm/sectors/"
LOCATIONS = "/dashboard/firm/locations/"
REPRESENTATIVES = "/dashboard/firm/representatives/"
FIRM_PAGES = [PROFILE, SECTORS, LOCATIONS, REPRESENTATIVES]


@pytest.fixture
def representative(client):
    representative = make_representative(
        make_firm(name="PT Astra Otoparts Tbk", **PMA_FROM_JAPAN),
        email="andi@astra.test",
        name="Andi Wijaya",
        job_title="Procurement Manager",
    )
    client.force_login(representative.user)
    return representative


def profile_post(**overrides) -> dict:
    return {
        "name": "PT Sinar Jaya Logam",
        "investment_type": InvestmentType.PMDN,
        "country": "",
        "nib": next_nib(),
        "npwp": "01.300.066.6-091.000",
        "capital": "Rp 25.000.000.000",
        "annual_sales": "",
        "description": "Pengecoran logam untuk industri otomotif.",
        "website": "sinarjaya.example.id",
        "job_title": "Direktur Pengadaan",
        **overrides,
    }


def test_the_url_names_the_dashboard_links_to():
    assert reverse("firm_profile_edit") == PROFILE
    assert reverse("firm_sectors") == SECTORS
    assert reverse("firm_locations") == LOCATIONS
    assert reverse("firm_representatives") == REPRESENTATIVES
    assert reverse("firm_invitation_accept", args=["abc"]) == "/invitations/abc/"


class TestAccess:
    @pytest.mark.parametrize("url", FIRM_PAGES)
    def test_an_anonymous_visitor_is_sent_to_sign_in(self, client, url):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert f"next={url}" in response["Location"]

    @pytest.mark.parametrize("url", FIRM_PAGES)
    def test_an_umkm_owner_is_forbidden(self, client, url):
        client.force_login(make_user(role=Role.UMKM_OWNER))
        assert client.get(url).status_code == 403
        assert client.post(url, profile_post()).status_code == 403
        assert not Firm.objects.exists()

    @pytest.mark.parametrize("url", [SECTORS, LOCATIONS, REPRESENTATIVES])
    def test_a_representative_without_a_firm_is_sent_to_create_it(
        self, client, firm_representative, url
    ):
        client.force_login(firm_representative)
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == PROFILE

    def test_another_firms_representative_cannot_cancel_this_firms_invitation(
        self, client, representative
    ):
        invitation = FirmInvitation.objects.create(
            firm=make_firm(name="PT Lain"), email="x@lain.test", token="t" * 43
        )
        response = client.post(reverse("firm_invitation_cancel", args=[invitation.pk]))
        assert response.status_code == 404
        assert FirmInvitation.objects.filter(pk=invitation.pk).exists()

    def test_another_firms_representative_only_ever_edits_their_own_firm(
        self, client, representative
    ):
        other = make_firm(name="PT Lain")
        bakery = KbliCode.objects.get(code="10710")
        other.sectors.add(bakery)
        client.post(SECTORS, {"action": "remove", "code": "10710"})
        client.post(SECTORS, {"action": "add", "code": "10721"})
        client.post(PROFILE, profile_post(name="Diretas"))
        assert list(other.sectors.all()) == [bakery]
        other.refresh_from_db()
        assert other.name == "PT Lain"
        assert representative.firm.sectors.get().code == "10721"


class TestProfile:
    def test_the_first_save_creates_the_firm_and_makes_the_person_its_representative(
        self, client, firm_representative
    ):
        client.force_login(firm_representative)
        assert client.get(PROFILE).status_code == 200
        response = client.post(PROFILE, profile_post())
        assert response.status_code == 302
        assert response["Location"] == reverse("dashboard")
        firm = Firm.objects.get()
        assert firm.name == "PT Sinar Jaya Logam"
        assert firm.country == "ID"
        assert firm.capital == 25_000_000_000
        assert firm.npwp == VALID_NPWP
        assert firm.website == "https://sinarjaya.example.id"
        assert firm.verification_state == State.DRAFT
        assert (
            FirmRepresentative.objects.get(user=firm_representative).job_title
            == "Direktur Pengadaan"
        )

    def test_a_pma_without_a_country_is_refused_and_what_was_typed_is_kept(
        self, client, firm_representative
    ):
        client.force_login(firm_representative)
        response = client.post(
            PROFILE, profile_post(investment_type=InvestmentType.PMA, name="PT Toyota Jaya")
        )
        assert response.status_code == 200
        assert response.context["form"].has_error("country", "pma_country_required")
        assert 'value="PT Toyota Jaya"' in response.content.decode()
        assert not Firm.objects.exists()

    def test_a_pmdn_below_the_large_business_threshold_is_refused(
        self, client, firm_representative
    ):
        client.force_login(firm_representative)
        response = client.post(PROFILE, profile_post(capital="5.000.000.000"))
        assert response.context["form"].has_error("capital", "pmdn_not_large")
        assert not Firm.objects.exists()

    def test_a_negative_capital_gets_an_error_beside_the_field(self, client, firm_representative):
        client.force_login(firm_representative)
        response = client.post(PROFILE, profile_post(capital="-25.000.000.000"))
        page = response.content.decode()
        assert response.context["form"].has_error("capital", "negative")
        assert 'id="error_1_id_capital"' in page
        assert 'value="-25.000.000.000"' in page

    def test_an_nib_taken_by_an_umkm_is_refused(self, client, firm_representative):
        client.force_login(firm_representative)
        response = client.post(PROFILE, profile_post(nib=make_umkm().nib))
        assert response.context["form"].has_error("nib", "nib_taken")

    def test_the_npwp_confirmation_box_appears_only_after_a_failed_check(
        self, client, firm_representative
    ):
        client.force_login(firm_representative)
        assert 'name="npwp_confirmed"' not in client.get(PROFILE).content.decode()
        response = client.post(PROFILE, profile_post(npwp="013000667091000"))
        assert 'name="npwp_confirmed"' in response.content.decode()
        response = client.post(PROFILE, profile_post(npwp="013000667091000", npwp_confirmed="on"))
        assert response.status_code == 302
        assert Firm.objects.get().npwp_check_overridden is True

    def test_the_edit_form_shows_the_firm_as_saved(self, client, representative):
        firm = representative.firm
        firm.capital = 1_500_000_000_000
        firm.save()
        page = client.get(PROFILE).content.decode()
        assert f'value="{firm.nib}"' in page
        assert 'value="1.500.000.000.000"' in page
        assert 'value="Procurement Manager"' in page

    def test_an_identity_edit_of_a_verified_firm_sends_it_back_while_a_description_edit_does_not(
        self, client, official
    ):
        firm = make_firm(state=State.VERIFIED, official=official, **PMA_FROM_JAPAN)
        representative = make_representative(firm)
        client.force_login(representative.user)
        same = profile_post(
            name=firm.name,
            investment_type=InvestmentType.PMA,
            country="JP",
            nib=firm.nib,
            npwp=firm.npwp,
            capital="",
        )
        client.post(PROFILE, {**same, "description": "Kini juga cetakan plastik."})
        firm.refresh_from_db()
        assert firm.verification_state == State.VERIFIED
        assert firm.description == "Kini juga cetakan plastik."
        client.post(PROFILE, {**same, "name": "PT Astra Otoparts Indonesia"})
        firm.refresh_from_db()
        assert firm.verification_state == State.SUBMITTED
        assert firm.name == "PT Astra Otoparts Indonesia"

    def test_the_page_is_indonesian_first_and_has_one_heading(self, client, representative):
        page = client.get(PROFILE).content.decode()
        assert '<html lang="id">' in page
        assert page.count("<h1") == 1
        assert client.get("/en" + PROFILE).status_code == 200


class TestSectors:
    def test_searching_lists_subclasses_with_add_buttons(self, client, representative):
        page = client.get(SECTORS, {"q": "roti"}).content.decode()
        assert "10710" in page
        assert 'name="action" value="add"' in page

    def test_adding_and_removing_a_sector_keeps_the_search(self, client, representative):
        response = client.post(SECTORS, {"action": "add", "code": "10710", "q": "roti"})
        assert response.status_code == 302
        assert response["Location"] == f"{SECTORS}?q=roti"
        assert [kbli.code for kbli in representative.firm.sectors.all()] == ["10710"]
        client.post(SECTORS, {"action": "remove", "code": "10710"})
        assert not representative.firm.sectors.exists()

    @pytest.mark.parametrize("code", ["10", "1071", "99999", "<script>"])
    def test_a_code_that_is_not_a_five_digit_subclass_is_refused(
        self, client, representative, code
    ):
        response = client.post(SECTORS, {"action": "add", "code": code})
        assert response.status_code == 200
        assert response.context["choice_form"].has_error("code")
        assert not representative.firm.sectors.exists()

    @pytest.mark.parametrize("count", [1, 12])
    def test_the_page_takes_the_same_queries_for_few_or_many_sectors(
        self, client, representative, django_assert_num_queries, count
    ):
        subclasses = KbliCode.objects.filter(level=KbliLevel.SUBCLASS)[:count]
        representative.firm.sectors.add(*subclasses)
        # session, user, own firm, chosen sectors, search results
        with django_assert_num_queries(5):
            response = client.get(SECTORS, {"q": "1"})
        assert len(response.context["sectors"]) == count


class TestLocations:
    def test_choosing_a_province_without_javascript_lists_its_regencies_and_keeps_it(
        self, client, representative
    ):
        response = client.post(LOCATIONS, {"province": "31", "refresh_regencies": "1"})
        assert response.status_code == 200
        page = response.content.decode()
        assert 'option value="31" selected' in page
        assert "Kota Administrasi Jakarta Selatan" in page
        assert "Kabupaten Bogor" not in page
        assert not response.context["form"].errors

    def test_adding_and_removing_a_location(self, client, representative):
        south_jakarta = Regency.objects.get(code="3174")
        response = client.post(
            LOCATIONS, {"action": "add", "province": "31", "regency": south_jakarta.pk}
        )
        assert response.status_code == 302
        assert list(representative.firm.locations.all()) == [south_jakarta]
        client.post(LOCATIONS, {"action": "remove", "code": "3174"})
        assert not representative.firm.locations.exists()

    def test_a_regency_outside_the_chosen_province_is_refused_beside_the_field(
        self, client, representative
    ):
        bogor = Regency.objects.get(code="3201")
        response = client.post(LOCATIONS, {"action": "add", "province": "31", "regency": bogor.pk})
        assert response.status_code == 200
        assert response.context["form"].has_error("regency", "regency_outside_province")
        assert 'id="error_1_id_regency"' in response.content.decode()
        assert not representative.firm.locations.exists()

    @pytest.mark.parametrize("data", [{"action": "add"}, {"action": "remove", "code": "xx"}])
    def test_bad_data_is_an_error_not_a_crash(self, client, representative, data):
        assert client.post(LOCATIONS, data).status_code == 200

    @pytest.mark.parametrize("count", [1, 15])
    def test_the_page_takes_the_same_queries_for_few_or_many_locations(
        self, client, representative, django_assert_num_queries, count
    ):
        representative.firm.locations.add(*Regency.objects.all()[:count])
        # session, user, own firm, locations with provinces, the province list
        with django_assert_num_queries(5):
            response = client.get(LOCATIONS)
        assert len(response.context["locations"]) == count


class TestRepresentatives:
    def test_it_lists_the_representatives_and_open_invitations(self, client, representative):
        colleague = make_representative(
            representative.firm, email="rina@astra.test", name="Rina Kartika"
        )
        FirmInvitation.objects.create(
            firm=representative.firm, email="joko@astra.test", token="a" * 43
        )
        page = client.get(REPRESENTATIVES).content.decode()
        assert "Andi Wijaya" in page
        assert colleague.user.name in page
        assert "joko@astra.test" in page

    def test_inviting_a_colleague_mails_them_the_link(
        self, client, representative, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(REPRESENTATIVES, {"email": "Rina@Astra.test"})
        assert response.status_code == 302
        invitation = FirmInvitation.objects.get()
        assert invitation.firm == representative.firm
        assert invitation.invited_by == representative.user
        [message] = mail.outbox
        assert message.to == ["rina@astra.test"]
        assert f"/invitations/{invitation.token}/" in message.body

    def test_a_second_invitation_to_the_same_address_is_refused_beside_the_field(
        self, client, representative
    ):
        client.post(REPRESENTATIVES, {"email": "rina@astra.test"})
        response = client.post(REPRESENTATIVES, {"email": "RINA@astra.test"})
        assert response.status_code == 200
        assert response.context["form"].has_error("email", "already_invited")
        assert 'id="error_1_id_email"' in response.content.decode()
        assert FirmInvitation.objects.count() == 1

    def test_a_representative_of_a_firm_cannot_be_invited(self, client, representative):
        make_representative(email="budi@lain.test")
        response = client.post(REPRESENTATIVES, {"email": "budi@lain.test"})
        assert response.context["form"].has_error("email", "already_representative")

    def test_an_open_invitation_is_cancelled(self, client, representative):
        invitation = FirmInvitation.objects.create(
            firm=representative.firm, email="joko@astra.test", token="a" * 43
        )
        response = client.post(reverse("firm_invitation_cancel", args=[invitation.pk]))
        assert response.status_code == 302
        assert not FirmInvitation.objects.exists()

    def test_cancelling_needs_a_post(self, client, representative):
        invitation = FirmInvitation.objects.create(
            firm=representative.firm, email="joko@astra.test", token="a" * 43
        )
        assert (
            client.get(reverse("firm_invitation_cancel", args=[invitation.pk])).status_code == 405
        )

    @pytest.mark.parametrize("count", [1, 10])
    def test_the_page_takes_the_same_queries_for_few_or_many_people(
        self, client, representative, django_assert_num_queries, count
    ):
        for number in range(count):
            make_representative(representative.firm, email=f"rep{number}@astra.test")
            FirmInvitation.objects.create(
                firm=representative.firm,
                email=f"invitee{number}@astra.test",
                token=f"{number:043d}",
                invited_by=representative.user,
            )
        # session, user, own firm, representatives with users, invitations with inviters
        with django_assert_num_queries(5):
            response = client.get(REPRESENTATIVES)
        assert len(response.context["invitations"]) == count
