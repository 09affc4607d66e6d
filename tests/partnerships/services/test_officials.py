"""Assigning an official's role and a regional official's provinces."""

import pytest
from django.contrib.auth.models import Group

from partnerships.models import OfficialProvince
from partnerships.officials import GROUP_NAMES, OfficialRole, official_role, scoped_province_ids
from partnerships.services.officials import OfficialRoleError, official_role_assign
from tests.partnerships.factories import make_official, make_user, province

pytestmark = pytest.mark.django_db


def role_groups(user) -> set[str]:
    return set(user.groups.filter(name__in=GROUP_NAMES.values()).values_list("name", flat=True))


def test_it_makes_a_person_a_regional_official_of_their_provinces(official):
    person = make_user()
    official_role_assign(
        user=person,
        role=OfficialRole.REGIONAL,
        provinces=[province("32"), province("33")],
        assigned_by=official,
    )
    person.refresh_from_db()
    assert person.is_staff
    assert official_role(person) == OfficialRole.REGIONAL
    assert scoped_province_ids(person) == {province("32").pk, province("33").pk}
    assert set(OfficialProvince.objects.values_list("assigned_by", flat=True)) == {official.pk}


def test_the_new_role_replaces_the_old_one_and_its_provinces():
    person = make_official(OfficialRole.REGIONAL, provinces=["32"])
    official_role_assign(user=person, role=OfficialRole.AUDITOR)
    assert role_groups(person) == {GROUP_NAMES[OfficialRole.AUDITOR]}
    assert not OfficialProvince.objects.filter(official=person).exists()
    assert scoped_province_ids(person) is None


def test_provinces_are_replaced_and_the_kept_ones_untouched():
    person = make_official(OfficialRole.REGIONAL, provinces=["32", "31"])
    kept = OfficialProvince.objects.get(official=person, province=province("32"))
    official_role_assign(
        user=person, role=OfficialRole.REGIONAL, provinces=[province("32"), province("33")]
    )
    assert set(
        OfficialProvince.objects.filter(official=person).values_list("province__code", flat=True)
    ) == {"32", "33"}
    assert OfficialProvince.objects.filter(pk=kept.pk).exists()


def test_other_groups_the_person_has_are_kept():
    other = Group.objects.create(name="Newsletter editors")
    person = make_user()
    person.groups.add(other)
    official_role_assign(user=person, role=OfficialRole.CENTRAL)
    assert set(person.groups.values_list("name", flat=True)) == {
        "Newsletter editors",
        GROUP_NAMES[OfficialRole.CENTRAL],
    }


def test_a_regional_official_needs_a_province():
    person = make_user()
    with pytest.raises(OfficialRoleError):
        official_role_assign(user=person, role=OfficialRole.REGIONAL, provinces=[])
    person.refresh_from_db()
    assert not person.is_staff
    assert not person.groups.exists()


@pytest.mark.parametrize("role", [OfficialRole.CENTRAL, OfficialRole.AUDITOR])
def test_only_a_regional_official_is_bound_to_provinces(role):
    person = make_user()
    with pytest.raises(OfficialRoleError):
        official_role_assign(user=person, role=role, provinces=[province("32")])
    assert not OfficialProvince.objects.exists()


def test_the_callers_user_object_forgets_its_old_scope():
    person = make_official(OfficialRole.REGIONAL, provinces=["32"])
    assert scoped_province_ids(person) == {province("32").pk}
    official_role_assign(user=person, role=OfficialRole.CENTRAL)
    assert scoped_province_ids(person) is None
