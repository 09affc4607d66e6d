import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from portal.accounts.models import Role, User
from tests.conftest import PASSWORD
from tests.partnerships.factories import make_owner, make_user
from tests.portal.accounts.html import field_by_name

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many failed login attempts. Try again later."


def signed_in_user_id(client) -> str | None:
    return client.session.get("_auth_user_id")


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post("/en/accounts/login/", {"login": email, "password": password, **extra})


def test_a_confirmed_person_signs_in_and_lands_on_the_dashboard(client):
    person = make_owner()
    response = sign_in(client, person.email.upper())
    assert response.status_code == 302
    assert response["Location"] == "/en/dashboard/"
    assert signed_in_user_id(client) == str(person.pk)


def test_signing_in_keeps_the_next_address(client):
    person = make_user(role=Role.FIRM_REPRESENTATIVE)
    form = client.get("/en/accounts/login/?next=/invitations/abc123/")
    assert 'value="/invitations/abc123/"' in form.content.decode()
    response = sign_in(client, person.email, next="/invitations/abc123/")
    assert response["Location"] == "/invitations/abc123/"


def test_a_person_who_has_not_confirmed_is_sent_to_confirm_first(client):
    person = User.objects.create_user(
        email="belum@contoh.test", password=PASSWORD, name="Belum", role=Role.UMKM_OWNER
    )
    EmailAddress.objects.create(user=person, email=person.email, verified=False, primary=True)

    response = sign_in(client, person.email)

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert signed_in_user_id(client) is None
    # A fresh confirmation e-mail goes out, for those who lost the first.
    assert mail.outbox[-1].to == [person.email]


def test_a_wrong_password_is_refused_with_a_message(client):
    person = make_owner()
    response = sign_in(client, person.email, "not-the-password")
    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in (
        response.content.decode()
    )
    assert signed_in_user_id(client) is None
    # The address typed is kept; the password is not sent back.
    assert field_by_name(response, "login")["value"] == person.email
    assert "value" not in field_by_name(response, "password")


def test_after_five_failed_attempts_even_the_right_password_is_refused_for_a_while(client):
    person = make_owner()
    for _attempt in range(5):
        assert TOO_MANY not in sign_in(client, person.email, "guess").content.decode()

    response = sign_in(client, person.email)

    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    assert signed_in_user_id(client) is None


def test_failed_attempts_on_one_account_do_not_lock_another(client):
    target = make_owner()
    other = make_owner()
    for _attempt in range(5):
        sign_in(client, target.email, "guess")
    assert sign_in(client, other.email).status_code == 302


def test_the_login_form_fields_say_what_browsers_may_fill_in(client):
    response = client.get("/en/accounts/login/")
    assert field_by_name(response, "login")["autocomplete"] == "email"
    assert field_by_name(response, "password")["autocomplete"] == "current-password"
    assert 'href="/en/accounts/password/reset/"' in response.content.decode()


def test_signing_out_needs_a_post(client):
    person = make_owner()
    client.force_login(person)

    page = client.get("/en/accounts/logout/")
    assert page.status_code == 200
    assert signed_in_user_id(client) == str(person.pk)

    response = client.post("/en/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/en/"
    assert signed_in_user_id(client) is None


class TestHeader:
    def test_it_offers_sign_in_and_registration_to_visitors(self, client):
        page = client.get("/en/").content.decode()
        assert 'href="/en/accounts/login/">Sign in</a>' in page
        assert 'href="/en/accounts/signup/">Register</a>' in page
        assert "Sign out" not in page

    def test_it_offers_the_dashboard_and_a_sign_out_button_when_signed_in(self, client):
        client.force_login(make_owner())
        page = client.get("/en/").content.decode()
        assert 'href="/en/dashboard/">Dashboard</a>' in page
        assert '<form class="site-nav__form" method="post" action="/en/accounts/logout/">' in page
        assert '<button type="submit" class="site-nav__button">Sign out</button>' in page
        assert "/en/accounts/login/" not in page

    def test_messages_are_shown_as_alerts_that_screen_readers_announce(self, client):
        person = make_owner()
        sign_in(client, person.email)
        page = client.get("/en/").content.decode()
        assert '<div class="alert alert-success" role="status">' in page
        assert f"Successfully signed in as {person.name}." in page
