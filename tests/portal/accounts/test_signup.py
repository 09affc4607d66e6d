import re

import pytest
from django.core import mail

from portal.accounts.models import Role, User
from tests.conftest import PASSWORD
from tests.portal.accounts.html import field_by_name

pytestmark = pytest.mark.django_db


def signup_data(**changes) -> dict:
    return {
        "name": "Dewi  Lestari ",
        "email": "Dewi@Contoh.test",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "role": Role.UMKM_OWNER,
        "consent": "on",
        **changes,
    }


def confirmation_link(message) -> str:
    return re.search(r"https?://testserver(/\S*confirm-email/\S+/)", message.body).group(1)


@pytest.mark.parametrize("role", [Role.UMKM_OWNER, Role.FIRM_REPRESENTATIVE])
def test_a_person_signs_up_with_their_name_and_role(client, role):
    response = client.post("/en/accounts/signup/", signup_data(role=role))

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    user = User.objects.get(email="dewi@contoh.test")
    assert user.name == "Dewi Lestari"
    assert user.role == role
    assert user.check_password(PASSWORD)


def test_sign_up_is_refused_without_consent_and_the_error_is_beside_the_box(client):
    data = signup_data()
    del data["consent"]

    response = client.post("/en/accounts/signup/", data)

    assert response.status_code == 200
    assert not User.objects.exists()
    assert response.context["form"].errors["consent"] == [
        "You can register only if you agree to the privacy notice."
    ]
    box = field_by_name(response, "consent")
    assert "id_consent_error" in box["aria-describedby"]
    assert 'id="id_consent_error"' in response.content.decode()
    # What was typed is kept.
    assert field_by_name(response, "name")["value"] == "Dewi  Lestari "


def test_sign_up_needs_a_role(client):
    response = client.post("/en/accounts/signup/", signup_data(role=""))
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not User.objects.exists()


def test_a_role_outside_the_two_public_ones_is_refused(client):
    response = client.post("/en/accounts/signup/", signup_data(role="official"))
    assert "role" in response.context["form"].errors
    assert not User.objects.exists()


def test_the_consent_box_links_to_the_privacy_notice_in_the_page_language(client):
    assert 'href="/privacy/">' in client.get("/accounts/signup/").content.decode()
    assert (
        'href="/en/privacy/">privacy notice</a>'
        in client.get("/en/accounts/signup/").content.decode()
    )


def test_the_fields_say_what_browsers_may_fill_in(client):
    response = client.get("/en/accounts/signup/")
    assert field_by_name(response, "name")["autocomplete"] == "name"
    assert field_by_name(response, "email")["autocomplete"] == "email"
    assert field_by_name(response, "password1")["autocomplete"] == "new-password"
    assert field_by_name(response, "password2")["autocomplete"] == "new-password"


def test_an_address_already_registered_does_not_make_a_second_account(client, outsider):
    response = client.post("/en/accounts/signup/", signup_data(email=outsider.email.upper()))
    # allauth does not tell strangers which addresses have accounts; it e-mails the owner.
    assert response.status_code == 302
    assert User.objects.filter(email__iexact=outsider.email).count() == 1
    assert mail.outbox[0].to == [outsider.email]


def test_sign_up_sends_a_confirmation_e_mail_from_the_portal(client, settings):
    client.post("/en/accounts/signup/", signup_data())

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dewi@contoh.test"]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.subject.startswith("[Portal Kemitraan] ")
    assert "Kemitraan portal" in message.body
    assert "/en/accounts/confirm-email/" in message.body


def test_confirming_the_address_signs_the_person_in_and_opens_the_dashboard(client):
    client.post("/accounts/signup/", signup_data())
    link = confirmation_link(mail.outbox[0])

    page = client.get(link)
    assert page.status_code == 200
    assert "dewi@contoh.test" in page.content.decode()
    response = client.post(link)

    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    user = User.objects.get(email="dewi@contoh.test")
    assert user.emailaddress_set.get().verified
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_next_address_survives_sign_up_and_confirmation(client):
    invitation = "/invitations/abc123/"
    form = client.get(f"/accounts/signup/?next={invitation}")
    assert f'value="{invitation}"' in form.content.decode()

    client.post("/accounts/signup/", signup_data(next=invitation))
    response = client.post(confirmation_link(mail.outbox[0]))

    assert response["Location"] == invitation


def test_an_outside_next_address_is_ignored(client):
    client.post("/accounts/signup/", signup_data(next="https://evil.example/"))
    response = client.post(confirmation_link(mail.outbox[0]))
    assert response["Location"] == "/dashboard/"


def test_a_confirmation_link_from_another_browser_confirms_and_asks_to_sign_in(client):
    client.post("/accounts/signup/", signup_data())
    link = confirmation_link(mail.outbox[0])
    client.cookies.clear()

    response = client.post(link)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert User.objects.get().emailaddress_set.get().verified


def test_a_broken_confirmation_link_says_so(client):
    response = client.get("/en/accounts/confirm-email/not-a-real-key/")
    assert response.status_code == 200
    assert "expired or is invalid" in response.content.decode()


@pytest.mark.parametrize("role", ["umkm_owner", "firm_representative"])
def test_a_link_from_the_home_page_chooses_the_role_beforehand(client, role):
    page = client.get(f"/accounts/signup/?role={role}").text
    assert re.search(rf'value="{role}"[^>]*checked', page)


def test_an_unknown_role_in_the_link_chooses_nothing(client):
    page = client.get("/accounts/signup/?role=official").text
    assert "checked" not in page
