"""Only verified profiles are public; owners' contacts are private (UU 27/2022)."""

import pytest
from django.urls import reverse

from partnerships.models import VerificationState as State
from tests.partnerships.factories import make_firm, make_representative, make_umkm

pytestmark = pytest.mark.django_db


def test_a_verified_umkm_is_public_without_its_contacts(client):
    umkm = make_umkm(state=State.VERIFIED, phone="+6281299990000", email="private@umkm.test")
    response = client.get(reverse("umkm_detail", args=[umkm.pk]))
    assert response.status_code == 200
    assert umkm.name in response.text
    assert "private@umkm.test" not in response.text
    assert "812-9999-0000" not in response.text
    assert umkm.owner_name not in response.text
    assert umkm.address not in response.text


@pytest.mark.parametrize("state", [State.DRAFT, State.SUBMITTED, State.REJECTED])
def test_an_unverified_umkm_is_hidden_from_others(client, outsider, firm_representative, state):
    umkm = make_umkm(state=state)
    url = reverse("umkm_detail", args=[umkm.pk])
    assert client.get(url).status_code == 404
    for person in (outsider, firm_representative):
        client.force_login(person)
        assert client.get(url).status_code == 404


def test_an_unverified_umkm_is_visible_to_its_owner_and_officials(client, umkm_owner, official):
    umkm = make_umkm(owner=umkm_owner, email="private@umkm.test")
    url = reverse("umkm_detail", args=[umkm.pk])
    for person in (umkm_owner, official):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200
        assert "private@umkm.test" in response.text


def test_verified_firms_see_contacts_only_where_the_owner_opted_in(client):
    representative = make_representative(make_firm(state=State.VERIFIED)).user
    client.force_login(representative)
    closed = make_umkm(state=State.VERIFIED, email="closed@umkm.test")
    opened = make_umkm(state=State.VERIFIED, email="open@umkm.test", contacts_visible_to_firms=True)
    assert "closed@umkm.test" not in client.get(reverse("umkm_detail", args=[closed.pk])).text
    assert "open@umkm.test" in client.get(reverse("umkm_detail", args=[opened.pk])).text


def test_an_unverified_firm_does_not_see_opted_in_contacts(client):
    representative = make_representative(make_firm()).user
    opened = make_umkm(state=State.VERIFIED, email="open@umkm.test", contacts_visible_to_firms=True)
    client.force_login(representative)
    assert "open@umkm.test" not in client.get(reverse("umkm_detail", args=[opened.pk])).text


def test_an_unknown_umkm_is_404(client):
    assert client.get("/umkm/999999/").status_code == 404


def test_a_verified_firm_is_public_without_its_representatives(client):
    firm = make_firm(state=State.VERIFIED, name="PT Karawang Presisi")
    representative = make_representative(firm, name="Andi Rahasia").user
    response = client.get(reverse("firm_detail", args=[firm.pk]))
    assert response.status_code == 200
    assert "PT Karawang Presisi" in response.text
    assert "Andi Rahasia" not in response.text
    client.force_login(representative)
    assert "Andi Rahasia" in client.get(reverse("firm_detail", args=[firm.pk])).text


def test_an_unverified_firm_is_visible_only_to_its_people_and_officials(
    client, firm_representative, official, outsider
):
    firm = make_firm()
    make_representative(firm, firm_representative)
    url = reverse("firm_detail", args=[firm.pk])
    assert client.get(url).status_code == 404
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(make_representative().user)
    assert client.get(url).status_code == 404
    for person in (firm_representative, official):
        client.force_login(person)
        assert client.get(url).status_code == 200


def test_the_public_profile_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    from partnerships.models import KbliCode, Product

    def profile_with(products: int):
        umkm = make_umkm(state=State.VERIFIED)
        umkm.kbli_codes.add(*KbliCode.objects.filter(code__in=["10794", "10792"]))
        for number in range(products):
            Product.objects.create(
                umkm=umkm, name=f"Product {number}", unit="kg", monthly_capacity=10
            )
        return reverse("umkm_detail", args=[umkm.pk])

    small, large = profile_with(1), profile_with(12)
    client.get(small)
    with django_assert_num_queries(5) as few:
        client.get(small)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(large)
