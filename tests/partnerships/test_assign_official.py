"""The assign_official command gives an existing account an official's role."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from partnerships.officials import OfficialRole, official_role, scoped_province_ids
from tests.partnerships.factories import make_user, province

pytestmark = pytest.mark.django_db


def assign(*args) -> str:
    out = StringIO()
    call_command("assign_official", *args, stdout=out)
    return out.getvalue()


def test_it_makes_a_regional_official_of_two_provinces():
    person = make_user("budi@dpmptsp.test")
    output = assign(
        "BUDI@dpmptsp.test", "--role", "regional", "--province", "32", "--province", "33"
    )
    person.refresh_from_db()
    assert person.is_staff
    assert official_role(person) == OfficialRole.REGIONAL
    assert scoped_province_ids(person) == {province("32").pk, province("33").pk}
    assert "budi@dpmptsp.test" in output


@pytest.mark.parametrize("role", ["central", "auditor"])
def test_it_makes_a_national_official(role):
    person = make_user("siti@bkpm.test")
    assign("siti@bkpm.test", "--role", role)
    person.refresh_from_db()
    assert official_role(person) == role
    assert scoped_province_ids(person) is None


def test_an_unknown_account_is_a_clear_error():
    with pytest.raises(CommandError, match=r"nobody@bkpm\.test"):
        assign("nobody@bkpm.test", "--role", "central")


def test_an_unknown_province_code_is_a_clear_error_and_changes_nothing():
    person = make_user("budi@dpmptsp.test")
    with pytest.raises(CommandError, match="99"):
        assign("budi@dpmptsp.test", "--role", "regional", "--province", "99")
    person.refresh_from_db()
    assert not person.is_staff


def test_a_regional_official_without_a_province_is_refused():
    make_user("budi@dpmptsp.test")
    with pytest.raises(CommandError):
        assign("budi@dpmptsp.test", "--role", "regional")


def test_a_national_official_with_a_province_is_refused():
    make_user("siti@bkpm.test")
    with pytest.raises(CommandError):
        assign("siti@bkpm.test", "--role", "central", "--province", "32")


def test_an_unknown_role_is_refused():
    make_user("siti@bkpm.test")
    with pytest.raises(CommandError):
        assign("siti@bkpm.test", "--role", "minister")
