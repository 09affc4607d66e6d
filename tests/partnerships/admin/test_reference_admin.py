import pytest
from django.urls import reverse

from partnerships.models import KbliCode, Regency

pytestmark = pytest.mark.django_db


@pytest.fixture
def official_client(client, official):
    client.force_login(official)
    return client


def changelist(model) -> str:
    return reverse(f"admin:partnerships_{model._meta.model_name}_changelist")


class TestSearch:
    def test_a_kbli_code_finds_itself_and_everything_under_it(self, official_client):
        page = official_client.get(changelist(KbliCode), {"q": "1079"}).content.decode()
        assert "10792" in page
        assert "10710" not in page

    def test_a_word_of_the_title_finds_the_code(self, official_client):
        page = official_client.get(changelist(KbliCode), {"q": "Pemrograman"}).content.decode()
        assert "62019" in page

    def test_a_regency_is_found_by_name_and_by_code(self, official_client):
        assert (
            "3215" in official_client.get(changelist(Regency), {"q": "Karawang"}).content.decode()
        )
        assert (
            "Karawang" in official_client.get(changelist(Regency), {"q": "3215"}).content.decode()
        )

    def test_regencies_filter_by_province(self, official_client):
        aceh = Regency.objects.get(code="1101").province
        response = official_client.get(changelist(Regency), {"province__id__exact": aceh.pk})
        assert response.context["cl"].result_count == 23


class TestReadOnly:
    def test_officials_can_read_but_not_add_change_or_delete(self, official_client):
        karawang = Regency.objects.get(code="3215")
        assert official_client.get(changelist(Regency)).status_code == 200
        change_url = reverse("admin:partnerships_regency_change", args=[karawang.pk])
        page = official_client.get(change_url)
        assert page.status_code == 200
        assert b'name="_save"' not in page.content
        assert official_client.get(reverse("admin:partnerships_regency_add")).status_code == 403
        delete_url = reverse("admin:partnerships_regency_delete", args=[karawang.pk])
        assert official_client.post(delete_url, {"post": "yes"}).status_code == 403
        assert Regency.objects.filter(pk=karawang.pk).exists()

    def test_people_without_an_official_account_are_sent_to_sign_in(self, client, outsider):
        client.force_login(outsider)
        response = client.get(changelist(KbliCode))
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


class TestQueryCounts:
    @pytest.mark.parametrize("model", [KbliCode, Regency])
    def test_a_list_page_runs_the_same_queries_whatever_its_length(
        self, official_client, django_assert_max_num_queries, model
    ):
        with django_assert_max_num_queries(8):
            official_client.get(changelist(model), {"all": ""})
