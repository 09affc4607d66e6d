"""A need's public page: open needs of verified firms for everyone; closed, removed, past or
unverified ones only for the firm's people and officials. And the firm page's open needs."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships.models import NeedState
from partnerships.models import VerificationState as State
from tests.partnerships.factories import make_firm, make_need, make_representative, make_umkm

pytestmark = pytest.mark.django_db


def url(need) -> str:
    return f"/needs/{need.pk}/"


def test_an_open_need_shows_everything_to_visitors(client):
    firm = make_firm(state=State.VERIFIED, name="PT Karawang Presisi")
    need = make_need(
        firm,
        title="Baut M8 galvanis",
        kbli=["17021"],
        locations=["3215"],
        certifications=["sni"],
        volume=12_000,
        unit="pcs",
        estimated_value=1_500_000,
        deadline=timezone.localdate() + timedelta(days=10),
    )
    response = client.get("/en" + url(need))
    assert response.status_code == 200
    text = response.text
    assert "Baut M8 galvanis" in text
    assert reverse("firm_detail", args=[firm.pk]) in text
    assert "PT Karawang Presisi" in text
    assert "17021" in text
    assert "Karawang" in text
    assert "Jawa Barat" in text
    assert "12,000 pcs per month" in text
    assert "Rp1,500,000" in text
    assert "SNI" in text
    assert "10 days left" in text
    assert '<meta name="description" content="Partnership need of PT Karawang Presisi' in text
    assert "/dashboard/firm/needs/" not in text


def test_a_need_without_locations_is_for_anywhere(client):
    need = make_need()
    assert "Anywhere in Indonesia" in client.get("/en" + url(need)).text


def test_a_need_past_its_deadline_closes_itself_and_its_page_says_so(client):
    firm = make_firm(state=State.VERIFIED)
    person = make_representative(firm).user
    need = make_need(firm, deadline=timezone.localdate() - timedelta(days=1))
    assert client.get(url(need)).status_code == 404
    client.force_login(person)
    response = client.get("/en" + url(need))
    assert response.status_code == 200
    assert "past its deadline" in response.text
    assert "Give it a new deadline" in response.text


def test_an_unverified_firms_need_is_not_public(client, outsider, umkm_owner, official):
    firm = make_firm(state=State.SUBMITTED)
    person = make_representative(firm).user
    need = make_need(firm)
    make_umkm(owner=umkm_owner, state=State.VERIFIED)
    assert client.get(url(need)).status_code == 404
    for somebody in (outsider, umkm_owner, make_representative(make_firm()).user):
        client.force_login(somebody)
        assert client.get(url(need)).status_code == 404
    for somebody in (person, official):
        client.force_login(somebody)
        response = client.get("/en" + url(need))
        assert response.status_code == 200
        assert "once an official has verified the firm" in response.text


@pytest.mark.parametrize(
    ("state", "banner"),
    [(NeedState.CLOSED, "The firm closed this need"), (NeedState.REMOVED, "Spam, not a need.")],
)
def test_closed_and_removed_needs_only_for_the_firm_and_officials(client, official, state, banner):
    firm = make_firm(state=State.VERIFIED)
    person = make_representative(firm).user
    need = make_need(
        firm,
        state=state,
        closed_at=timezone.now(),
        removal_reason="Spam, not a need." if state == NeedState.REMOVED else "",
    )
    assert client.get(url(need)).status_code == 404
    client.force_login(make_representative(make_firm(state=State.VERIFIED)).user)
    assert client.get(url(need)).status_code == 404
    for somebody in (person, official):
        client.force_login(somebody)
        response = client.get("/en" + url(need))
        assert response.status_code == 200
        assert banner in response.text
        # A closed or removed need cannot be changed, so no links to do so.
        assert f"/dashboard/firm/needs/{need.pk}/edit/" not in response.text


def test_the_firms_representatives_get_edit_and_close_links(client):
    firm = make_firm(state=State.VERIFIED)
    need = make_need(firm)
    client.force_login(make_representative(firm).user)
    text = client.get(url(need)).text
    assert f"/dashboard/firm/needs/{need.pk}/edit/" in text
    assert reverse("firm_need_close", args=[need.pk]) in text


def test_an_unknown_need_is_404(client):
    assert client.get("/needs/999999/").status_code == 404
    assert client.get("/needs/99999999999999999999999/").status_code == 404
    assert client.get("/needs/abc/").status_code == 404


def test_the_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    firm = make_firm(state=State.VERIFIED)
    small = make_need(firm, kbli=["17021"], locations=["3215"], certifications=["sni"])
    large = make_need(
        firm,
        kbli=["17021", "1702", "46", "10792", "10794"],
        locations=["3215", "3273", "3171", "3201", "3578"],
        certifications=["sni", "halal", "bpom", "iso9001"],
    )
    client.get(url(small))
    with django_assert_num_queries(5) as counted:
        assert client.get(url(small)).status_code == 200
    with django_assert_num_queries(len(counted.captured_queries)):
        assert client.get(url(large)).status_code == 200


class TestTheFirmPage:
    def test_it_lists_the_firms_open_needs_only(self, client):
        firm = make_firm(state=State.VERIFIED)
        shown = make_need(firm, title="Kemasan karton")
        make_need(firm, title="Closed one", state=NeedState.CLOSED, closed_at=timezone.now())
        make_need(firm, title="Past one", deadline=timezone.localdate() - timedelta(days=1))
        make_need(make_firm(state=State.VERIFIED), title="Another firm's")
        text = client.get(reverse("firm_detail", args=[firm.pk])).text
        assert "Kemasan karton" in text
        assert url(shown) in text
        assert "Closed one" not in text
        assert "Past one" not in text
        assert "Another firm's" not in text

    def test_it_runs_a_fixed_number_of_queries(self, client, django_assert_num_queries):
        def firm_with(needs: int):
            firm = make_firm(state=State.VERIFIED)
            for number in range(needs):
                make_need(firm, title=f"Need {number}", kbli=["17021"], locations=["3215"])
            return reverse("firm_detail", args=[firm.pk])

        few, many = firm_with(1), firm_with(12)
        client.get(few)
        with django_assert_num_queries(5) as counted:
            client.get(few)
        with django_assert_num_queries(len(counted.captured_queries)):
            client.get(many)
