import pytest
from django.urls import reverse

from partnerships.models import Umkm
from tests.partnerships.factories import make_official, make_umkm
from tests.partnerships.factories_assisted import make_assisted_umkm, make_claim_code

pytestmark = pytest.mark.django_db

URL = "/dashboard/umkm/claim/"


@pytest.fixture
def claimable():
    umkm = make_assisted_umkm(make_official(), name="Dodol Ibu Minah")
    make_claim_code(umkm, "KMT-ABCD-EFGH")
    return umkm


def test_the_url_is_stable():
    assert reverse("umkm_claim") == URL


def test_an_owner_claims_the_business_and_lands_on_the_dashboard(client, umkm_owner, claimable):
    client.force_login(umkm_owner)
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"code": "kmt abcd efgh"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert "Dodol Ibu Minah" in response.content.decode()
    claimable.refresh_from_db()
    assert claimable.owner == umkm_owner


def test_a_wrong_code_is_explained_next_to_the_field_and_kept(client, umkm_owner, claimable):
    client.force_login(umkm_owner)
    response = client.post(URL, {"code": "KMT-ZZZZ-ZZZZ"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert 'value="KMT-ZZZZ-ZZZZ"' in response.content.decode()
    claimable.refresh_from_db()
    assert claimable.owner is None


@pytest.mark.parametrize("code", ["", "\x00", "x" * 5000, "KMT-\x00ABCD-EFGH"])
def test_hostile_input_is_never_a_server_error(client, umkm_owner, claimable, code):
    client.force_login(umkm_owner)
    assert client.post(URL, {"code": code}).status_code == 200


def test_an_owner_who_already_has_a_business_is_told_so(client, umkm_owner, claimable):
    make_umkm(owner=umkm_owner)
    client.force_login(umkm_owner)
    response = client.post(URL, {"code": "KMT-ABCD-EFGH"})
    assert response.status_code == 200
    assert response.context["refusal"]
    assert Umkm.objects.get(pk=claimable.pk).owner is None


def test_other_roles_are_refused_and_visitors_sign_in(client, firm_representative):
    assert client.get(URL).status_code == 302
    client.force_login(firm_representative)
    assert client.get(URL).status_code == 403


def test_the_dashboard_links_to_it_until_the_owner_has_a_business(client, umkm_owner):
    client.force_login(umkm_owner)
    assert URL in client.get(reverse("dashboard")).content.decode()
    make_umkm(owner=umkm_owner)
    assert URL not in client.get(reverse("dashboard")).content.decode()
