import json

import pytest
from django.utils import timezone

from partnerships.models import Umkm
from portal.accounts.models import Role, User
from tests.conftest import PASSWORD
from tests.partnerships.factories import make_full_umkm, make_owner, make_umkm, make_user
from tests.portal.accounts.html import field_by_name

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/accounts/data/", "/accounts/delete/"])
def test_visitors_are_sent_to_sign_in_first(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"
    assert client.post(path)["Location"].startswith("/accounts/login/")


class TestDownload:
    def test_the_page_explains_and_offers_a_post_button(self, client):
        client.force_login(make_owner())
        page = client.get("/en/accounts/data/").content.decode()
        assert '<form method="post" action="/en/accounts/data/">' in page
        assert "JSON" in page

    def test_posting_downloads_the_persons_data_as_a_dated_json_file(self, client):
        mine = make_full_umkm(name="Kopi Tanjung Pura")
        make_full_umkm(name="Keripik Singkong Bu Ani")
        client.force_login(mine.owner)

        response = client.post("/en/accounts/data/")

        assert response.status_code == 200
        assert response["Content-Type"] == "application/json; charset=utf-8"
        today = timezone.localdate().isoformat()
        assert response["Content-Disposition"] == (
            f'attachment; filename="kemitraan-data-{today}.json"'
        )
        data = json.loads(response.content)
        assert data["account"]["email"] == mine.owner.email
        assert data["umkm"]["name"] == "Kopi Tanjung Pura"
        assert "Keripik Singkong Bu Ani" not in response.content.decode()

    def test_the_download_is_never_cached(self, client):
        client.force_login(make_owner())
        response = client.post("/accounts/data/")
        assert "no-store" in response["Cache-Control"]


class TestDelete:
    def test_the_page_says_what_will_happen_and_asks_for_the_password(self, client):
        umkm = make_umkm(name="Kopi Tanjung Pura")
        client.force_login(umkm.owner)

        response = client.get("/en/accounts/delete/")

        page = response.content.decode()
        assert "The business profile of Kopi Tanjung Pura is deleted" in page
        assert field_by_name(response, "password")["autocomplete"] == "current-password"

    def test_the_right_password_deletes_the_account_signs_out_and_says_so(self, client):
        umkm = make_umkm()
        owner = umkm.owner
        client.force_login(owner)

        response = client.post("/en/accounts/delete/", {"password": PASSWORD})

        assert response.status_code == 302
        assert response["Location"] == "/en/"
        assert not User.objects.filter(pk=owner.pk).exists()
        assert not Umkm.objects.filter(pk=umkm.pk).exists()
        assert "_auth_user_id" not in client.session
        home = client.get("/en/").content.decode()
        assert (
            '<div class="alert alert-success" role="status">Your account has been deleted.' in home
        )

    def test_a_wrong_password_deletes_nothing_and_says_so_beside_the_field(self, client):
        owner = make_umkm().owner
        client.force_login(owner)

        response = client.post("/en/accounts/delete/", {"password": "not-my-password"})

        assert response.status_code == 200
        assert User.objects.filter(pk=owner.pk).exists()
        assert response.context["form"].errors["password"] == ["That is not your password."]
        assert "id_password_error" in field_by_name(response, "password")["aria-describedby"]

    def test_guessing_the_password_is_rate_limited(self, client):
        owner = make_user(role=Role.FIRM_REPRESENTATIVE)
        client.force_login(owner)
        for _guess in range(10):
            client.post("/en/accounts/delete/", {"password": "guess"})

        response = client.post("/en/accounts/delete/", {"password": PASSWORD})

        assert response.status_code == 200
        assert "Too many attempts" in response.content.decode()
        assert User.objects.filter(pk=owner.pk).exists()

    def test_deleting_needs_a_post(self, client):
        owner = make_owner()
        client.force_login(owner)
        client.get("/accounts/delete/?password=" + PASSWORD)
        assert User.objects.filter(pk=owner.pk).exists()
        assert client.put("/accounts/delete/").status_code == 405

    def test_the_account_page_shows_the_person(self, client):
        owner = make_owner(name="Dewi Lestari")
        client.force_login(owner)
        page = client.get("/en/accounts/").content.decode()
        assert "Dewi Lestari" in page
        assert "UMKM owner" in page
