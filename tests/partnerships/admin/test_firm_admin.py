import pytest
from django.urls import reverse

from partnerships.models import FirmInvitation, InvestmentType, Regency, VerificationState
from tests.partnerships.admin.profiles import make_firm

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:partnerships_firm_changelist"


@pytest.fixture
def official_client(client, official):
    client.force_login(official)
    return client


def listed(response) -> list[str]:
    return [firm.name for firm in response.context["cl"].result_list]


class TestPages:
    def test_the_list_and_the_change_page_open_for_an_official(self, official_client, official):
        firm = make_firm("PT Sinar Karawang Industri")
        FirmInvitation.objects.create(
            firm=firm, email="colleague@sinar.test", token="secret-token-123", invited_by=official
        )
        listing = official_client.get(reverse(CHANGELIST))
        page = official_client.get(reverse("admin:partnerships_firm_change", args=[firm.pk]))
        assert listing.status_code == 200
        assert "PT Sinar Karawang Industri" in listing.content.decode()
        assert page.status_code == 200
        content = page.content.decode()
        assert "Procurement" in content
        assert "colleague@sinar.test" in content
        assert "secret-token-123" not in content
        assert reverse("firm_detail", args=[firm.pk]) in content

    def test_the_add_page_opens(self, official_client):
        assert official_client.get(reverse("admin:partnerships_firm_add")).status_code == 200


class TestSearchAndFilters:
    def test_a_search_by_nib_finds_the_firm(self, official_client):
        wanted = make_firm("PT Sinar Karawang Industri")
        make_firm("PT Nusantara Pangan")
        assert listed(official_client.get(reverse(CHANGELIST), {"q": wanted.nib})) == [
            "PT Sinar Karawang Industri"
        ]

    def test_a_search_by_name_finds_the_firm(self, official_client):
        make_firm("PT Sinar Karawang Industri")
        make_firm("PT Nusantara Pangan")
        assert listed(official_client.get(reverse(CHANGELIST), {"q": "pangan"})) == [
            "PT Nusantara Pangan"
        ]

    def test_the_investment_type_filter_narrows_the_list(self, official_client):
        make_firm("PT Domestik")
        make_firm("PT Asing", investment_type=InvestmentType.PMA, country="JP")
        response = official_client.get(
            reverse(CHANGELIST), {"investment_type__exact": InvestmentType.PMA}
        )
        assert listed(response) == ["PT Asing"]

    def test_the_location_province_filter_narrows_the_list(self, official_client):
        make_firm("PT Karawang", locations=["3215"])
        make_firm("PT Aceh", locations=["1101"])
        aceh = Regency.objects.get(code="1101").province
        response = official_client.get(
            reverse(CHANGELIST), {"locations__province__id__exact": aceh.pk}
        )
        assert listed(response) == ["PT Aceh"]

    def test_the_state_filter_narrows_the_list(self, official_client):
        make_firm("PT Awaiting")
        make_firm("PT Verified", state=VerificationState.VERIFIED)
        response = official_client.get(
            reverse(CHANGELIST), {"verification_state__exact": VerificationState.VERIFIED}
        )
        assert listed(response) == ["PT Verified"]

    def test_the_submission_date_narrows_the_list(self, official_client):
        recent = make_firm("PT Recent", days_ago=0)
        make_firm("PT Last Year", days_ago=400)
        year = recent.submitted_at.astimezone().year
        response = official_client.get(reverse(CHANGELIST), {"submitted_at__year": year})
        assert "PT Recent" in listed(response)
        assert "PT Last Year" not in listed(response)


class TestEditing:
    def test_a_pma_without_a_country_is_refused_beside_the_field(self, official_client):
        from tests.partnerships.admin.profiles import change_form_data

        firm = make_firm()
        url = reverse("admin:partnerships_firm_change", args=[firm.pk])
        data = change_form_data(official_client.get(url))
        data.update(investment_type=InvestmentType.PMA, country="")
        response = official_client.post(url, data)
        assert response.status_code == 200
        assert "country" in response.context["adminform"].form.errors


class TestQueryCounts:
    # Session, user, the queue's count, the two row counts, the province filter, the date
    # hierarchy's range and years, and the rows themselves with their related objects.
    QUERIES = 9

    @pytest.mark.parametrize("rows", [1, 30])
    def test_the_list_runs_the_same_queries_whatever_its_length(
        self, official_client, django_assert_num_queries, rows
    ):
        for number in range(rows):
            make_firm(f"PT Nomor {number}", locations=["1101" if number % 2 else "3215"])
        with django_assert_num_queries(self.QUERIES):
            response = official_client.get(reverse(CHANGELIST))
        assert len(response.context["cl"].result_list) == rows
