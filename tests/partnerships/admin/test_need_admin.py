"""Officials moderate needs in the admin: list, search, filter, and remove with a reason."""

import pytest
from django.core import mail
from django.urls import reverse

from partnerships.models import NeedState
from partnerships.models import VerificationState as State
from partnerships.officials import OfficialRole
from tests.partnerships.factories import make_firm, make_need, make_official, make_representative

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:partnerships_need_changelist"


@pytest.fixture
def official_client(client, official):
    client.force_login(official)
    return client


def test_the_list_shows_searches_and_filters_needs(official_client):
    firm = make_firm(state=State.VERIFIED, name="PT Karawang Presisi")
    make_need(firm, title="Baut M8 galvanis")
    make_need(title="Kemasan karton", state=NeedState.CLOSED, closed_at="2021-01-18T10:00+07:00")
    response = official_client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    assert "Baut M8 galvanis" in response.text
    assert "Kemasan karton" in response.text
    found = official_client.get(reverse(CHANGELIST), {"q": "Karawang Presisi"})
    assert "Baut M8 galvanis" in found.text
    assert "Kemasan karton" not in found.text
    closed = official_client.get(reverse(CHANGELIST), {"state__exact": "closed"})
    assert "Kemasan karton" in closed.text
    assert "Baut M8 galvanis" not in closed.text


def test_the_list_runs_a_fixed_number_of_queries(official_client, django_assert_max_num_queries):
    for number in range(3):
        make_need(title=f"Need {number}", kbli=["17021"], locations=["3215"])
    official_client.get(reverse(CHANGELIST))
    with django_assert_max_num_queries(12) as counted:
        official_client.get(reverse(CHANGELIST))
    for number in range(15):
        make_need(title=f"More {number}", kbli=["17021"], locations=["3215"])
    with django_assert_max_num_queries(len(counted.captured_queries)):
        official_client.get(reverse(CHANGELIST))


def test_the_change_form_opens_and_offers_no_add(official_client):
    need = make_need(kbli=["17021"], locations=["3215"], certifications=["sni"])
    response = official_client.get(reverse("admin:partnerships_need_change", args=[need.pk]))
    assert response.status_code == 200
    # Autocomplete widgets: the ~1,800 KBLI codes and 514 regencies are not rendered as options.
    assert response.text.count("<option") < 50
    assert official_client.get(reverse("admin:partnerships_need_add")).status_code == 403


def test_an_official_corrects_a_need_and_its_search_document_follows(official_client):
    need = make_need(kbli=["17021"])
    url = reverse("admin:partnerships_need_change", args=[need.pk])
    data = {
        "firm": need.firm_id,
        "title": "Karton gelombang",
        "description": need.description,
        "pattern": need.pattern,
        "deadline": need.deadline.isoformat(),
        "kbli_codes": [k.pk for k in need.kbli_codes.all()],
        "volume": need.volume,
        "unit": need.unit,
        "period": need.period,
        "estimated_value": need.estimated_value,
        "required_certifications-TOTAL_FORMS": "0",
        "required_certifications-INITIAL_FORMS": "0",
        "required_certifications-MIN_NUM_FORMS": "0",
        "required_certifications-MAX_NUM_FORMS": "1000",
    }
    response = official_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    need.refresh_from_db()
    assert need.title == "Karton gelombang"
    assert "Karton gelombang" in need.search_text


class TestRemoveAction:
    def test_it_asks_for_the_reason_first(self, official_client):
        need = make_need(title="Tenaga kerja murah")
        response = official_client.post(
            reverse(CHANGELIST), {"action": "remove_selected", "_selected_action": [need.pk]}
        )
        assert response.status_code == 200
        assert "Tenaga kerja murah" in response.text
        assert 'name="reason"' in response.text
        need.refresh_from_db()
        assert need.state == NeedState.OPEN

    def test_an_empty_reason_is_refused(self, official_client):
        need = make_need()
        response = official_client.post(
            reverse(CHANGELIST),
            {
                "action": "remove_selected",
                "_selected_action": [need.pk],
                "post": "yes",
                "reason": "   ",
            },
        )
        assert response.status_code == 200
        assert response.context["form"].errors
        need.refresh_from_db()
        assert need.state == NeedState.OPEN

    def test_it_removes_and_emails_the_firm(
        self, official_client, official, django_capture_on_commit_callbacks
    ):
        firm = make_firm(state=State.VERIFIED)
        representative = make_representative(firm).user
        need = make_need(firm, title="Tenaga kerja murah")
        already = make_need(
            title="Old spam",
            state=NeedState.REMOVED,
            closed_at="2021-01-18T10:00+07:00",
            removal_reason="Spam.",
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = official_client.post(
                reverse(CHANGELIST),
                {
                    "action": "remove_selected",
                    "_selected_action": [need.pk, already.pk],
                    "post": "yes",
                    "reason": "Ini bukan kemitraan usaha.",
                },
            )
        assert response.status_code == 302
        need.refresh_from_db()
        assert need.state == NeedState.REMOVED
        assert need.removal_reason == "Ini bukan kemitraan usaha."
        assert need.history.first().history_user == official
        already.refresh_from_db()
        assert already.removal_reason == "Spam."
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [representative.email]
        assert "Ini bukan kemitraan usaha." in mail.outbox[0].body


class TestRegionalScope:
    def test_a_regional_official_sees_only_needs_of_their_provinces(self, client):
        west_java = make_need(make_firm(state=State.VERIFIED, locations=["3215"]), title="Karawang")
        wanted_here = make_need(title="Supply wanted in Bandung", locations=["3273"])
        elsewhere = make_need(make_firm(state=State.VERIFIED, locations=["3578"]), title="Surabaya")
        client.force_login(make_official(OfficialRole.REGIONAL, provinces=["32"]))
        response = client.get(reverse(CHANGELIST))
        assert response.status_code == 200
        assert west_java.title in response.text
        assert wanted_here.title in response.text
        assert elsewhere.title not in response.text
        change = reverse("admin:partnerships_need_change", args=[elsewhere.pk])
        assert client.get(change).status_code in (302, 404)

    def test_a_regional_official_cannot_remove_a_need_outside_their_provinces(self, client):
        elsewhere = make_need(make_firm(state=State.VERIFIED, locations=["3578"]))
        client.force_login(make_official(OfficialRole.REGIONAL, provinces=["32"]))
        client.post(
            reverse(CHANGELIST),
            {
                "action": "remove_selected",
                "_selected_action": [elsewhere.pk],
                "post": "yes",
                "reason": "Spam.",
            },
        )
        elsewhere.refresh_from_db()
        assert elsewhere.state == NeedState.OPEN

    def test_an_auditor_cannot_remove(self, client):
        need = make_need(title="Audited need")
        client.force_login(make_official(OfficialRole.AUDITOR))
        response = client.get(reverse(CHANGELIST))
        assert response.status_code == 200
        assert need.title in response.text
        assert "remove_selected" not in response.text
