"""The admin's home page is the programme dashboard for every kind of official."""

import pytest
from django.contrib import admin
from django.urls import reverse

from partnerships.models import InterestState, VerificationState
from partnerships.officials import OfficialRole, official_role
from portal.admin_site import PortalAdminSite
from tests.partnerships.factories import make_firm, make_need, make_official, make_umkm, regency
from tests.partnerships.factories_queue import make_interest, make_match, make_pair

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


@pytest.fixture(params=["superuser", "central", "regional", "auditor"])
def someone(request, official):
    if request.param == "superuser":
        return official
    provinces = ["32"] if request.param == "regional" else []
    return make_official(OfficialRole(request.param), provinces=provinces)


def make_some_records(copies: int) -> None:
    for _copy in range(copies):
        make_umkm(state=VerificationState.SUBMITTED, days_ago=3, regency=regency("3215"))
        make_umkm(state=VerificationState.DRAFT, regency=regency("3171"))
        make_need(make_firm(state=VerificationState.VERIFIED, locations=["3273"]))
        umkm, firm = make_pair("3215", ("3273",))
        match = make_match(umkm, firm, is_mutual=True, waiting_days=4)
        make_interest(umkm, firm, state=InterestState.ACCEPTED, match=match)
        make_interest(umkm, make_firm(locations=["3273"]), expires_in_days=2)


def test_the_default_site_is_the_portal_site_and_keeps_its_titles(client, official):
    assert isinstance(admin.site, PortalAdminSite)
    client.force_login(official)
    response = client.get(INDEX)
    assert response.context["title"] == admin.site.index_title
    assert f"<h1>{admin.site.index_title}</h1>" in response.content.decode()
    assert response.context["site_header"] == admin.site.site_header


def test_the_index_shows_the_dashboard_above_the_apps(client, someone):
    make_some_records(1)
    client.force_login(someone)
    response = client.get(INDEX)
    assert response.status_code == 200
    assert set(response.context["dashboard"]) == {
        "verification",
        "umkm",
        "needs",
        "matchmaking",
        "sessions",
        "commitments",
        "incomplete",
    }
    html = response.content.decode()
    assert 'aria-labelledby="programme-dashboard-title"' in html
    assert "css/admin-dashboard.css" in html
    assert html.index("programme-dashboard") < html.index('id="content-main"')
    # The apps are still listed below.
    assert "app-partnerships" in html
    assert "<caption>" in html
    queue = response.context["dashboard"]["verification"].umkm
    assert f'href="{queue.url.replace("&", "&amp;")}"' in html
    assert queue.value == 1
    matchmaking = response.context["dashboard"]["matchmaking"]
    assert (matchmaking.queue.value, matchmaking.mutual.value) == (1, 1)
    assert (matchmaking.pending_interests.value, matchmaking.expiring_interests.value) == (1, 1)
    assert f'href="{matchmaking.queue.url}"' in html
    assert f'href="{matchmaking.expiring_interests.url}"' in html


def test_only_those_who_may_remind_see_the_send_reminders_link(client, someone):
    client.force_login(someone)
    response = client.get(INDEX)
    send_url = reverse("admin:partnerships_reminder_send")
    may_remind = someone.has_perm("partnerships.add_reminder")
    assert (send_url in response.content.decode()) is may_remind
    if official_role(someone) in (OfficialRole.CENTRAL, OfficialRole.REGIONAL):
        assert may_remind
    else:
        assert not may_remind


@pytest.mark.parametrize(("role", "queries"), [("superuser", 23), (OfficialRole.REGIONAL, 26)])
def test_the_index_runs_a_fixed_number_of_queries(
    client, official, role, queries, django_assert_num_queries
):
    user = official if role == "superuser" else make_official(role, provinces=["32"])
    client.force_login(user)
    make_some_records(1)
    with django_assert_num_queries(queries):
        client.get(INDEX)
    make_some_records(8)
    with django_assert_num_queries(queries):
        client.get(INDEX)


def test_people_who_are_not_officials_are_sent_to_the_sign_in(client, umkm_owner):
    client.force_login(umkm_owner)
    response = client.get(INDEX)
    assert response.status_code == 302
