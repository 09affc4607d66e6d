import re

import pytest
from django.core import mail

from tests.partnerships.factories import make_owner

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "kopi-tanjung-pura-karawang-2021"


def test_a_person_resets_a_forgotten_password_by_e_mail(client, settings):
    person = make_owner()

    response = client.post("/en/accounts/password/reset/", {"email": person.email.upper()})
    assert response["Location"] == "/en/accounts/password/reset/done/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [person.email]
    assert message.subject.startswith("[Portal Kemitraan] ")
    assert message.from_email == settings.DEFAULT_FROM_EMAIL

    link = re.search(r"https?://testserver(/\S*/password/reset/key/\S+/)", message.body).group(1)
    # allauth moves the key out of the address before showing the form.
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    action = form_page.redirect_chain[-1][0]
    response = client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/password/reset/key/done/"
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    signed_in = client.post(
        "/en/accounts/login/", {"login": person.email, "password": NEW_PASSWORD}
    )
    assert signed_in["Location"] == "/en/dashboard/"


def test_an_unknown_address_gets_the_same_answer_and_no_account_is_revealed(client):
    response = client.post("/en/accounts/password/reset/", {"email": "nobody@contoh.test"})
    assert response["Location"] == "/en/accounts/password/reset/done/"


def test_a_used_or_broken_reset_link_says_so(client):
    response = client.get("/en/accounts/password/reset/key/1-broken/", follow=True)
    assert response.status_code == 200
    assert "Bad Token" in response.content.decode()
