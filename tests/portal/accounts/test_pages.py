"""Every account page a person meets, in both languages, in the portal's layout."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from portal.accounts.models import Role, User
from tests.partnerships.factories import make_owner, make_user
from tests.portal.accounts.html import assert_accessible_basics

pytestmark = pytest.mark.django_db

PREFIXES = ["", "/en"]

VISITOR_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/confirm-email/",
    "/accounts/confirm-email/not-a-key/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/password/reset/key/done/",
    "/accounts/inactive/",
]

SIGNED_IN_PAGES = [
    "/accounts/",
    "/accounts/logout/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/reauthenticate/",
    "/accounts/data/",
    "/accounts/delete/",
]


def assert_portal_page(response, language: str) -> None:
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert 'class="site-header"' in page
    assert_accessible_basics(response)


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("path", VISITOR_PAGES)
def test_each_page_for_visitors_renders_in_the_portal_layout(client, prefix, path):
    assert_portal_page(client.get(prefix + path), "en" if prefix else "id")


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_each_page_for_a_signed_in_person_renders_in_the_portal_layout(client, prefix, path):
    client.force_login(make_owner())
    response = client.get(prefix + path)
    assert_portal_page(response, "en" if prefix else "id")
    assert 'aria-label="' in response.content.decode()


@pytest.mark.parametrize("prefix", PREFIXES)
def test_setting_a_first_password_renders_for_an_account_without_one(client, prefix):
    person = make_user(role=Role.FIRM_REPRESENTATIVE)
    person.set_unusable_password()
    person.save(update_fields=["password"])
    client.force_login(person)
    assert_portal_page(client.get(f"{prefix}/accounts/password/set/"), "en" if prefix else "id")


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_bad_reset_link_page_renders(client, prefix):
    response = client.get(f"{prefix}/accounts/password/reset/key/1-broken/", follow=True)
    assert_portal_page(response, "en" if prefix else "id")


def test_the_verified_e_mail_required_page_renders_in_the_portal_layout(client):
    request = RequestFactory().get("/accounts/email/")
    request.user = User(email="a@contoh.test", name="A")
    page = render_to_string("account/verified_email_required.html", request=request)
    assert page.count("<h1") == 1
    assert 'class="site-header"' in page


def test_the_indonesian_pages_use_allauths_indonesian(client):
    page = client.get("/accounts/login/").content.decode()
    assert "<h1>Masuk</h1>" in page


def test_the_account_page_links_to_the_data_and_deletion_pages(client):
    client.force_login(make_owner())
    page = client.get("/en/accounts/").content.decode()
    assert 'href="/en/accounts/data/"' in page
    assert 'href="/en/accounts/delete/"' in page


def test_account_pages_need_a_signed_in_person(client):
    response = client.get("/en/accounts/")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/login/?next=/en/accounts/"


def test_the_privacy_notice_links_to_the_data_and_deletion_pages(client):
    page = client.get("/en/privacy/").content.decode()
    assert '<a href="/en/accounts/data/">download your data</a>' in page
    assert '<a href="/en/accounts/delete/">delete your account</a>' in page
