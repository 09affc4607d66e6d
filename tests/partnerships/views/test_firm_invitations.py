import pytest
from django.urls import reverse
from django.utils import translation

from partnerships.models import FirmRepresentative
from portal.accounts.models import Role
from tests.partnerships.factories import make_invitation, make_representative, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _indonesian():
    # reverse() follows the active language, which an earlier test may have left on English.
    with translation.override("id"):
        yield


@pytest.fixture
def invitation():
    inviter = make_representative(email="andi@astra.test", name="Andi Wijaya")
    return make_invitation(inviter.firm, inviter.user, "rina@astra.test", token="k" * 43)


def url(invitation) -> str:
    return f"/invitations/{invitation.token}/"


def test_an_anonymous_visitor_sees_the_firm_and_is_asked_to_sign_up_or_in(client, invitation):
    response = client.get(url(invitation))
    page = response.content.decode()
    assert response.status_code == 200
    assert invitation.firm.name in page
    assert "Andi Wijaya" in page
    next_param = f"?next=/invitations/{invitation.token}/"
    assert f'href="{reverse("account_signup")}{next_param}"' in page
    assert f'href="{reverse("account_login")}{next_param}"' in page
    assert "<form" not in page.split('id="main"')[1]


def test_an_anonymous_post_is_sent_to_sign_in(client, invitation):
    response = client.post(url(invitation))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_the_invited_person_joins_the_firm(client, invitation):
    colleague = make_user("Rina@Astra.test", role="")
    client.force_login(colleague)
    assert 'name="job_title"' in client.get(url(invitation)).content.decode()
    response = client.post(url(invitation), {"job_title": "Manajer Mutu"})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    representative = FirmRepresentative.objects.get(user=colleague)
    assert representative.firm == invitation.firm
    assert representative.job_title == "Manajer Mutu"
    colleague.refresh_from_db()
    assert colleague.role == Role.FIRM_REPRESENTATIVE
    # and the firm's pages are now theirs
    assert client.get(reverse("firm_representatives")).status_code == 200


def test_a_used_token_is_not_found(client, invitation):
    client.force_login(make_user("rina@astra.test", role=Role.FIRM_REPRESENTATIVE))
    first = client.post(url(invitation))
    assert first.status_code == 302, first.content.decode()
    assert client.get(url(invitation)).status_code == 404
    assert client.post(url(invitation)).status_code == 404


def test_an_unknown_token_is_not_found(client):
    assert client.get("/invitations/no-such-token/").status_code == 404


def test_someone_signed_in_with_another_address_is_refused_clearly(client, invitation):
    client.force_login(make_user("eve@astra.test", role=Role.FIRM_REPRESENTATIVE))
    page = client.get(url(invitation)).content.decode()
    assert 'role="alert"' in page
    assert 'name="job_title"' not in page
    response = client.post("/en" + url(invitation))
    assert response.status_code == 403
    assert "sent to another e-mail address" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_umkm_owner_is_refused_clearly(client, invitation):
    client.force_login(make_user("rina@astra.test", role=Role.UMKM_OWNER))
    response = client.post("/en" + url(invitation))
    assert response.status_code == 403
    assert "UMKM owner" in response.content.decode()
    assert not FirmRepresentative.objects.filter(user__email="rina@astra.test").exists()


def test_a_representative_of_another_firm_is_refused_clearly(client, invitation):
    other = make_representative(email="rina@astra.test")
    client.force_login(other.user)
    response = client.post("/en" + url(invitation))
    assert response.status_code == 403
    assert "another firm" in response.content.decode()
    other.refresh_from_db()
    assert other.firm != invitation.firm
