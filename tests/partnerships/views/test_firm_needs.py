"""A firm's representatives post, change, close and reopen the firm's needs; nobody else can."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Need, NeedState
from partnerships.models import VerificationState as State
from tests.partnerships.factories import make_firm, make_need, make_representative, make_umkm
from tests.partnerships.factories_needs import make_firm_with_representative, need_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def firm_and_person():
    return make_firm_with_representative()


@pytest.fixture
def signed_in(client, firm_and_person):
    client.force_login(firm_and_person[1])
    return client


def test_a_representative_posts_a_need(signed_in, firm_and_person):
    firm, person = firm_and_person
    response = signed_in.post(reverse("firm_need_add"), need_form_data())
    assert response.status_code == 302
    assert response.url == reverse("firm_needs")
    need = Need.objects.get()
    assert need.firm == firm
    assert need.created_by == person
    assert need.estimated_value == 150_000_000
    assert [k.code for k in need.kbli_codes.order_by("code")] == ["1702", "17021"]
    listing = signed_in.get(reverse("firm_needs"))
    assert need.title in listing.text
    assert reverse("need_detail", args=[need.pk]) in listing.text


def test_errors_keep_everything_typed(signed_in):
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = signed_in.post(
        reverse("firm_need_add"),
        need_form_data(title="Karton tebal", volume="-4", deadline=yesterday, kbli="17021 99999"),
    )
    assert response.status_code == 200
    assert not Need.objects.exists()
    text = response.text
    assert 'value="Karton tebal"' in text
    assert 'value="-4"' in text
    assert "17021 99999" in text
    assert "99999" in text
    assert 'role="alert"' in text
    assert response.context["form"].has_error("deadline", "past")
    assert response.context["form"].has_error("volume")


def test_an_unverified_firm_is_told_its_needs_show_once_verified(client):
    firm, person = make_firm_with_representative(state=State.SUBMITTED)
    client.force_login(person)
    response = client.get(reverse("firm_needs"))
    assert not firm.is_verified
    response = client.get("/en" + reverse("firm_needs"))
    assert "once an official has verified the firm" in response.text


def test_a_representative_edits_a_need(signed_in, firm_and_person):
    need = make_need(firm_and_person[0], kbli=["17021"], locations=["3215"])
    url = reverse("firm_need_edit", args=[need.pk])
    page = signed_in.get(url)
    assert page.status_code == 200
    assert "17021" in page.text
    response = signed_in.post(url, need_form_data(title="Karton lima lapis", kbli="1702"))
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.title == "Karton lima lapis"
    assert [k.code for k in need.kbli_codes.all()] == ["1702"]
    assert "Karton lima lapis" in need.search_text


def test_a_representative_closes_a_need_after_confirming(signed_in, firm_and_person):
    need = make_need(firm_and_person[0])
    url = reverse("firm_need_close", args=[need.pk])
    confirm = signed_in.get(url)
    assert confirm.status_code == 200
    assert need.title in confirm.text
    need.refresh_from_db()
    assert need.state == NeedState.OPEN
    assert signed_in.post(url).status_code == 302
    need.refresh_from_db()
    assert need.state == NeedState.CLOSED
    # Closed: it cannot be changed any more, and it says so.
    response = signed_in.get(reverse("firm_need_edit", args=[need.pk]), follow=True)
    assert "tidak dapat diubah lagi" in response.text  # "can no longer be changed"
    # ...but it can be opened again while its deadline lies ahead.
    assert signed_in.post(reverse("firm_need_reopen", args=[need.pk])).status_code == 302
    need.refresh_from_db()
    assert need.state == NeedState.OPEN


def test_a_removed_need_cannot_be_changed_or_reopened(signed_in, firm_and_person):
    need = make_need(
        firm_and_person[0],
        state=NeedState.REMOVED,
        closed_at=timezone.now(),
        removal_reason="Not a partnership.",
    )
    listing = signed_in.get(reverse("firm_needs"))
    assert "Not a partnership." in listing.text
    response = signed_in.post(reverse("firm_need_edit", args=[need.pk]), need_form_data())
    assert response.status_code == 302
    signed_in.post(reverse("firm_need_close", args=[need.pk]))
    signed_in.post(reverse("firm_need_reopen", args=[need.pk]))
    need.refresh_from_db()
    assert need.state == NeedState.REMOVED
    assert need.title != need_form_data()["title"]


def _need_urls(need):
    return [
        reverse("firm_need_edit", args=[need.pk]),
        reverse("firm_need_close", args=[need.pk]),
    ]


def test_another_firms_representative_gets_404(client):
    need = make_need(make_firm(state=State.VERIFIED))
    client.force_login(make_firm_with_representative()[1])
    for url in _need_urls(need):
        assert client.get(url).status_code == 404
        assert client.post(url, need_form_data()).status_code == 404
    assert client.post(reverse("firm_need_reopen", args=[need.pk])).status_code == 404
    need.refresh_from_db()
    assert need.state == NeedState.OPEN


def test_people_who_are_not_firm_representatives_are_refused(client, outsider, umkm_owner):
    need = make_need()
    make_umkm(owner=umkm_owner)
    for person in (outsider, umkm_owner):
        client.force_login(person)
        assert client.get(reverse("firm_needs")).status_code == 403
        assert client.get(reverse("firm_need_add")).status_code == 403
        for url in _need_urls(need):
            assert client.post(url, need_form_data()).status_code == 403
    need.refresh_from_db()
    assert need.state == NeedState.OPEN


def test_visitors_are_sent_to_sign_in(client):
    need = make_need()
    for url in [reverse("firm_needs"), reverse("firm_need_add"), *_need_urls(need)]:
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response.url


def test_a_representative_without_a_firm_creates_it_first(client, firm_representative):
    client.force_login(firm_representative)
    response = client.get(reverse("firm_needs"))
    assert response.status_code == 302
    assert response.url == reverse("firm_profile_edit")


def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    def firm_with(needs: int):
        firm, person = make_firm_with_representative()
        for number in range(needs):
            make_need(firm, title=f"Need {number}", kbli=["17021"], locations=["3215"])
        return person

    few, many = firm_with(1), firm_with(15)
    client.force_login(few)
    client.get(reverse("firm_needs"))
    with django_assert_num_queries(4) as counted:
        assert client.get(reverse("firm_needs")).status_code == 200
    client.force_login(many)
    with django_assert_num_queries(len(counted.captured_queries)):
        assert client.get(reverse("firm_needs")).status_code == 200


def test_the_nav_and_dashboard_link_to_the_needs(signed_in):
    assert reverse("firm_needs") in signed_in.get(reverse("dashboard")).text
    assert reverse("firm_needs") in signed_in.get(reverse("firm_locations")).text


@pytest.mark.parametrize(
    "overrides",
    [
        {"title": "x" * 10_000},
        {"title": "\x00"},
        {"description": "a\x00b"},
        {"volume": "9" * 400},
        {"estimated_value": "9" * 400},
        {"other_locations": ["99999999999999999999999"]},
        {"kbli": "\x00 1" * 100},
        {"deadline": "0000-00-00"},
        {"pattern": "\x00"},
    ],
)
def test_hostile_input_gives_form_errors_not_500(signed_in, overrides):
    response = signed_in.post(reverse("firm_need_add"), need_form_data(**overrides))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Need.objects.exists()


def test_the_representative_of_the_firm_can_use_the_english_pages(signed_in):
    assert signed_in.get("/en" + reverse("firm_need_add")).status_code == 200


def test_an_unknown_need_is_404(signed_in):
    assert signed_in.get("/dashboard/firm/needs/999999/edit/").status_code == 404
    assert signed_in.get("/dashboard/firm/needs/99999999999999999999999/edit/").status_code == 404


def test_a_second_representative_of_the_same_firm_may_edit(client, firm_and_person):
    firm = firm_and_person[0]
    colleague = make_representative(firm).user
    need = make_need(firm)
    client.force_login(colleague)
    assert client.get(reverse("firm_need_edit", args=[need.pk])).status_code == 200
