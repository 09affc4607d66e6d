import pytest
from django.core.management import call_command
from django.db import IntegrityError

from portal.accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_an_address_is_stored_in_lower_case():
    user = User.objects.create_user(
        email="  Ibu.Sari@Contoh.CO.ID ", password=PASSWORD, name="Sari"
    )
    assert user.email == "ibu.sari@contoh.co.id"


def test_the_same_address_in_another_case_cannot_make_a_second_account(official):
    with pytest.raises(IntegrityError):
        User.objects.create(email=official.email.upper(), name="Copy")


def test_an_official_signs_in_to_the_admin_by_e_mail_in_any_case(client, official):
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": official.email.upper(), "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_an_outsider_cannot_sign_in_to_the_admin(client, outsider):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": outsider.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_createsuperuser_makes_an_official_from_the_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command(
        "createsuperuser",
        interactive=False,
        email="Kepala@BKPM.test",
        name="Kepala Deputi",
        verbosity=0,
    )
    user = User.objects.get(email="kepala@bkpm.test")
    assert user.is_staff
    assert user.is_superuser
    assert user.check_password(PASSWORD)


def test_a_person_is_shown_by_name():
    user = User(email="a@b.test", name="Ni Luh Putu Ayu")
    assert str(user) == "Ni Luh Putu Ayu"
    assert user.get_short_name() == "Ni"
    assert str(User(email="a@b.test")) == "a@b.test"


def test_an_address_is_required():
    with pytest.raises(ValueError, match="e-mail"):
        User.objects.create_user(email="", password=PASSWORD)
