"""Cross-site request forgery: no POST without the page's CSRF token changes anything, whoever is
signed in and whatever URL it is sent to; and no GET changes anything either, so a link or an
image on another site cannot act for a signed-in person.

The URLs are those of the permission matrix (test_permission_matrix.py), which covers every
non-admin URL pattern of the portal; the GET checks read what each role met on its tour of it.
"""

import pytest
from django.test import Client

from partnerships.models import Interest
from tests.hardening.conftest import client_as
from tests.hardening.test_permission_matrix import (
    MATRIX,
    changed_tables,
    forms_without_token,
    snapshot,
    tour_of,
)
from tests.partnerships.factories_hardening import ROLES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_a_post_without_the_csrf_token_is_refused_everywhere_and_changes_nothing(world, role):
    client = client_as(world, role, enforce_csrf_checks=True)
    before = snapshot()
    answers = {}
    for entry in MATRIX:
        path = entry.path.format(**world.ids)
        # Something for each kind of form: an answer, an outcome, a reason, a message.
        data = {"answer": "confirmed", "outcome": "ready_to_sign", "message": "Halo"}
        answers[path] = client.post(path, data).status_code
    assert {path: status for path, status in answers.items() if status != 403} == {}
    assert changed_tables(before, snapshot()) == []


def test_a_post_with_the_cookie_but_a_made_up_token_is_refused(world):
    client = client_as(world, "owner", enforce_csrf_checks=True)
    client.get("/dashboard/")  # sets the CSRF cookie
    response = client.post(
        f"/dashboard/interests/{world.pending_interest.pk}/accept/",
        {"csrfmiddlewaretoken": "x" * 64},
    )
    assert response.status_code == 403
    assert Interest.objects.get(pk=world.pending_interest.pk).is_pending


def test_the_same_post_with_the_pages_token_goes_through(world):
    """The refusals above are the CSRF check's, not the views': with the token, it acts."""
    client = client_as(world, "owner", enforce_csrf_checks=True)
    assert client.get(f"/dashboard/interests/{world.pending_interest.pk}/").status_code == 200
    response = client.post(
        f"/dashboard/interests/{world.pending_interest.pk}/accept/",
        {"csrfmiddlewaretoken": client.cookies["csrftoken"].value},
    )
    assert response.status_code == 302
    assert not Interest.objects.get(pk=world.pending_interest.pk).is_pending


def test_sign_up_sign_in_and_password_reset_need_the_token_too():
    """Login CSRF would sign a victim into the attacker's account."""
    client = Client(enforce_csrf_checks=True)
    for path in ("/accounts/signup/", "/accounts/login/", "/accounts/password/reset/"):
        assert client.post(path, {"email": "x@example.test"}).status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_no_get_changes_anything(world, tours, role):
    assert tour_of(tours, world, role).changed_by_gets == []


@pytest.mark.parametrize("role", ROLES)
def test_every_post_form_on_every_page_carries_the_token(world, tours, role):
    assert tour_of(tours, world, role).without_token == []


def test_a_form_without_the_token_would_be_noticed():
    with_token = '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="a">'
    assert forms_without_token(f"{with_token}</form>") == 0
    assert forms_without_token('<form method="post" action="/x/"><button></button></form>') == 1
    assert forms_without_token('<form method="get"><input name="q"></form>') == 0
