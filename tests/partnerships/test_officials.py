"""Who is which kind of official, and which provinces their admin is limited to."""

import pytest
from django.contrib.auth.models import Group

from partnerships.models import Firm, Need, Product, Umkm
from partnerships.officials import (
    GROUP_NAMES,
    ByFirm,
    ByUmkm,
    EitherOf,
    OfficialRole,
    firms_in_scope,
    in_scope,
    needs_in_scope,
    official_role,
    scoped_province_ids,
    umkm_in_scope,
)
from tests.partnerships.factories import (
    make_firm,
    make_need,
    make_official,
    make_umkm,
    make_user,
    province,
    regency,
)

pytestmark = pytest.mark.django_db


class TestOfficialRole:
    @pytest.mark.parametrize("role", list(OfficialRole))
    def test_the_group_gives_the_role(self, role):
        assert official_role(make_official(role, provinces=["32"])) == role

    def test_a_superuser_counts_as_a_central_official(self, official):
        assert official_role(official) == OfficialRole.CENTRAL

    def test_staff_without_a_group_has_no_role(self):
        assert official_role(make_user(is_staff=True)) is None

    def test_a_group_without_staff_status_is_no_role(self):
        person = make_user()
        person.groups.add(Group.objects.get(name=GROUP_NAMES[OfficialRole.CENTRAL]))
        assert official_role(person) is None

    def test_the_broadest_group_wins_when_a_person_has_two(self):
        person = make_official(OfficialRole.REGIONAL, provinces=["32"])
        person.groups.add(Group.objects.get(name=GROUP_NAMES[OfficialRole.AUDITOR]))
        assert official_role(person) == OfficialRole.AUDITOR


class TestScopedProvinces:
    def test_central_officials_and_auditors_see_the_whole_country(self, official):
        assert scoped_province_ids(official) is None
        assert scoped_province_ids(make_official(OfficialRole.CENTRAL)) is None
        assert scoped_province_ids(make_official(OfficialRole.AUDITOR)) is None

    def test_a_regional_official_sees_their_provinces(self):
        person = make_official(OfficialRole.REGIONAL, provinces=["32", "33"])
        assert scoped_province_ids(person) == {province("32").pk, province("33").pk}

    def test_a_regional_official_without_provinces_sees_nothing(self):
        assert scoped_province_ids(make_official(OfficialRole.REGIONAL)) == frozenset()

    def test_staff_without_a_role_sees_nothing(self):
        assert scoped_province_ids(make_user(is_staff=True)) == frozenset()

    def test_it_is_worked_out_once_per_user_object(self, django_assert_num_queries):
        person = make_official(OfficialRole.REGIONAL, provinces=["32"])
        scoped_province_ids(person)
        with django_assert_num_queries(0):
            scoped_province_ids(person)


class TestInScope:
    @pytest.fixture
    def regional(self):
        return make_official(OfficialRole.REGIONAL, provinces=["32"])

    def test_an_umkm_is_in_scope_in_its_province(self, regional):
        bandung = make_umkm(regency=regency("3273"))
        make_umkm(regency=regency("3374"))
        assert list(umkm_in_scope(Umkm.objects.all(), regional)) == [bandung]

    def test_a_firm_is_in_scope_where_it_operates_and_listed_once(self, regional):
        both = make_firm(locations=["3273", "3215", "3374"])
        make_firm(locations=["3374"])
        make_firm()
        assert list(firms_in_scope(Firm.objects.all(), regional)) == [both]

    def test_a_need_is_in_scope_where_its_firm_operates_or_where_it_wants_supply(self, regional):
        from_here = make_need(make_firm(locations=["3215"]))
        wanted_here = make_need(make_firm(locations=["3374"]), locations=["3273"])
        make_need(make_firm(locations=["3374"]), locations=["3374"])
        assert set(needs_in_scope(Need.objects.all(), regional)) == {from_here, wanted_here}

    def test_rows_of_an_umkm_follow_their_umkm(self, regional):
        here = Product.objects.create(
            umkm=make_umkm(), name="Keripik", unit="kg", monthly_capacity=9
        )
        Product.objects.create(
            umkm=make_umkm(regency=regency("3374")), name="Tahu", unit="kg", monthly_capacity=9
        )
        assert list(in_scope(Product.objects.all(), regional, ByUmkm("umkm"))) == [here]

    def test_a_pair_is_in_scope_where_either_party_is(self, regional):
        here, there = make_umkm(), make_umkm(regency=regency("3374"))
        pair = EitherOf(ByUmkm(), ByFirm())
        assert set(in_scope(Umkm.objects.all(), regional, pair)) == {here}
        assert there not in in_scope(Umkm.objects.all(), regional, pair)

    def test_national_officials_get_the_queryset_untouched(self, official):
        make_umkm(regency=regency("3374"))
        assert umkm_in_scope(Umkm.objects.all(), official).count() == 1

    def test_no_scope_gives_nothing(self):
        make_umkm()
        assert not umkm_in_scope(Umkm.objects.all(), make_user(is_staff=True)).exists()
