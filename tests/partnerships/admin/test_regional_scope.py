"""A regional official's admin holds only their provinces: lists, searches, filters, choices,
autocomplete, guessed addresses and posts, and the audit history."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from partnerships.models import Firm, OfficialProvince, Umkm, VerificationState
from partnerships.officials import GROUP_NAMES, OfficialRole
from partnerships.services.verification import profile_verify
from tests.partnerships.admin.profiles import change_form_data
from tests.partnerships.factories import make_official, make_user, province, regency
from tests.partnerships.factories_officials import make_records

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = reverse("admin:autocomplete")


@pytest.fixture
def here():
    return make_records("3273", "Bandung")  # Jawa Barat (32)


@pytest.fixture
def there():
    return make_records("3374", "Semarang")  # Jawa Tengah (33)


@pytest.fixture
def regional(client):
    person = make_official(OfficialRole.REGIONAL, provinces=["32"])
    client.force_login(person)
    return person


def listed(client, model: str, **params) -> list:
    response = client.get(reverse(f"admin:partnerships_{model}_changelist"), params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def autocomplete(client, model: str, field: str, term: str = "") -> set[str]:
    response = client.get(
        AUTOCOMPLETE,
        {"app_label": "partnerships", "model_name": model, "field_name": field, "term": term},
    )
    assert response.status_code == 200
    return {result["text"] for result in response.json()["results"]}


class TestLists:
    @pytest.mark.parametrize(
        "model",
        [
            "umkm",
            "product",
            "certification",
            "umkmlink",
            "firm",
            "firmrepresentative",
            "need",
        ],
    )
    def test_each_list_holds_only_the_officials_provinces(
        self, client, regional, here, there, model
    ):
        assert listed(client, model) == [here.by_model()[model]]

    def test_a_central_official_sees_the_whole_country(self, client, here, there):
        client.force_login(make_official(OfficialRole.CENTRAL))
        assert set(listed(client, "umkm")) == {here.umkm, there.umkm}

    def test_a_regional_official_of_two_provinces_sees_both(self, client, here, there):
        client.force_login(make_official(OfficialRole.REGIONAL, provinces=["32", "33"]))
        assert set(listed(client, "firm")) == {here.firm, there.firm}

    def test_a_firm_operating_in_two_provinces_is_listed_once(self, client, regional, here):
        both = make_records("3215", "Karawang").firm
        both.locations.add(regency("3374"))
        assert sorted(listed(client, "firm"), key=lambda f: f.pk) == [here.firm, both]

    def test_the_count_and_the_queue_count_only_the_scope(self, client, regional, here, there):
        response = client.get(reverse("admin:partnerships_umkm_changelist"))
        assert response.context["cl"].full_result_count == 1
        assert response.context["queue_count"] == 1

    def test_searching_for_another_provinces_record_finds_nothing(
        self, client, regional, here, there
    ):
        assert listed(client, "umkm", q="Semarang") == []
        assert listed(client, "firm", q=there.firm.nib) == []
        assert listed(client, "umkm", q="Bandung") == [here.umkm]

    def test_filtering_by_another_province_finds_nothing(self, client, here, there):
        client.force_login(make_official(OfficialRole.REGIONAL, provinces=["32", "31"]))
        assert listed(client, "umkm", province__id__exact=province("33").pk) == []
        assert listed(client, "umkm", province__id__exact=province("32").pk) == [here.umkm]

    def test_the_province_filters_offer_only_the_officials_provinces(self, client, there):
        client.force_login(make_official(OfficialRole.REGIONAL, provinces=["32", "31"]))
        make_records("3171", "Jakarta")
        for model in ("umkm", "firm"):
            response = client.get(reverse(f"admin:partnerships_{model}_changelist"))
            choices = {
                str(label)
                for spec in response.context["cl"].filter_specs
                if spec.lookup_kwarg.startswith(("province", "locations__province"))
                for _pk, label in spec.lookup_choices
            }
            assert choices <= {"Jawa Barat", "Daerah Khusus Ibukota Jakarta"}
            assert "Jawa Tengah" not in response.content.decode()

    def test_a_staff_member_without_a_role_sees_nothing_even_with_permissions(self, client, here):
        staff = make_user(is_staff=True)
        staff.groups.add(Group.objects.create(name="Helpers"))
        staff.user_permissions.add(
            *Group.objects.get(name=GROUP_NAMES[OfficialRole.AUDITOR]).permissions.all()
        )
        client.force_login(staff)
        assert listed(client, "umkm") == []
        assert listed(client, "firm") == []


class TestPages:
    @pytest.mark.parametrize("page", ["change", "delete", "history"])
    @pytest.mark.parametrize("model", ["umkm", "product", "firm", "firmrepresentative", "need"])
    def test_a_guessed_address_outside_the_scope_is_a_404(
        self, client, regional, there, model, page
    ):
        record = there.by_model()[model]
        url = reverse(f"admin:partnerships_{model}_{page}", args=[record.pk])
        assert client.get(url).status_code == 404

    @pytest.mark.parametrize("object_id", ["999999", "abc", "9" * 30, "%00"])
    def test_a_nonsense_address_is_a_404_not_a_server_error(self, client, regional, object_id):
        url = f"/admin/partnerships/umkm/{object_id}/change/"
        assert client.get(url).status_code == 404

    def test_posting_to_another_provinces_profile_changes_nothing(
        self, client, regional, here, there
    ):
        # The form of an UMKM the official may edit, sent to the address of one they may not.
        data = change_form_data(
            client.get(reverse("admin:partnerships_umkm_change", args=[here.umkm.pk]))
        )
        data.update(name="Taken over", decision="verify")
        response = client.post(
            reverse("admin:partnerships_umkm_change", args=[there.umkm.pk]), data
        )
        assert response.status_code == 404
        there.umkm.refresh_from_db()
        assert there.umkm.name == "Keripik Semarang"
        assert there.umkm.verification_state == VerificationState.SUBMITTED

    def test_a_regional_official_verifies_on_the_change_form_in_their_province(
        self, client, regional, here
    ):
        url = reverse("admin:partnerships_umkm_change", args=[here.umkm.pk])
        data = change_form_data(client.get(url))
        data["decision"] = "verify"
        assert client.post(url, data).status_code == 302
        here.umkm.refresh_from_db()
        assert here.umkm.verification_state == VerificationState.VERIFIED
        assert here.umkm.reviewed_by == regional

    def test_moving_an_umkm_to_another_province_is_refused(self, client, regional, here):
        url = reverse("admin:partnerships_umkm_change", args=[here.umkm.pk])
        data = change_form_data(client.get(url))
        data.update(province=str(province("33").pk), regency=str(regency("3374").pk))
        response = client.post(url, data)
        assert response.status_code == 200
        assert set(response.context["adminform"].form.errors) >= {"province", "regency"}
        here.umkm.refresh_from_db()
        assert here.umkm.province == province("32")

    def test_a_product_cannot_be_moved_to_another_provinces_umkm(
        self, client, regional, here, there
    ):
        url = reverse("admin:partnerships_product_change", args=[here.product.pk])
        data = change_form_data(client.get(url))
        data["umkm"] = str(there.umkm.pk)
        response = client.post(url, data)
        assert response.status_code == 200
        assert "umkm" in response.context["adminform"].form.errors
        here.product.refresh_from_db()
        assert here.product.umkm == here.umkm


class TestAutocomplete:
    def test_umkm_choices_hold_only_the_scope(self, client, regional, here, there):
        assert autocomplete(client, "product", "umkm") == {str(here.umkm)}
        assert autocomplete(client, "product", "umkm", "Semarang") == set()

    def test_firm_choices_hold_only_the_scope(self, client, regional, here, there):
        assert autocomplete(client, "firmrepresentative", "firm") == {str(here.firm)}
        assert autocomplete(client, "need", "firm", "Semarang") == set()

    def test_province_and_regency_choices_hold_only_the_officials_own(self, client, regional):
        assert autocomplete(client, "umkm", "province") == {"Jawa Barat"}
        regencies = autocomplete(client, "umkm", "regency", "Semarang")
        assert regencies == set()
        assert "Bandung" in {
            r.removeprefix("Kota ") for r in autocomplete(client, "umkm", "regency", "Bandung")
        } or autocomplete(client, "umkm", "regency", "Bandung")

    def test_a_central_official_gets_every_province(self, client):
        client.force_login(make_official(OfficialRole.CENTRAL))
        assert autocomplete(client, "umkm", "province", "Jawa Tengah") == {"Jawa Tengah"}

    def test_the_lists_behind_the_lookup_popups_hold_only_the_scope(
        self, client, regional, here, there
    ):
        assert listed(client, "umkm", _to_field="id", _popup="1") == [here.umkm]


class TestAuditHistory:
    def test_a_decision_in_the_admin_is_in_the_history_with_who_and_when(
        self, client, regional, here
    ):
        client.post(
            reverse("admin:partnerships_firm_changelist"),
            {"action": "verify_selected", "_selected_action": [here.firm.pk]},
        )
        record = here.firm.history.latest()
        assert record.verification_state == VerificationState.VERIFIED
        assert record.history_user == regional
        assert record.history_date is not None
        page = client.get(reverse("admin:partnerships_firm_history", args=[here.firm.pk]))
        assert page.status_code == 200
        assert regional.email in page.content.decode() or regional.name in page.content.decode()

    def test_a_decision_outside_a_request_names_the_official_too(self, here):
        official = make_official(OfficialRole.CENTRAL)
        profile_verify(profile=here.umkm, official=official)
        assert here.umkm.history.latest().history_user == official

    def test_an_auditor_reads_the_history_of_any_province(self, client, here, there):
        profile_verify(profile=there.umkm, official=make_official(OfficialRole.CENTRAL))
        client.force_login(make_official(OfficialRole.AUDITOR))
        url = reverse("admin:partnerships_umkm_history", args=[there.umkm.pk])
        assert client.get(url).status_code == 200

    def test_the_history_of_a_deleted_record_elsewhere_stays_hidden(self, client, regional, there):
        pk = there.umkm.pk
        Umkm.objects.filter(pk=pk).delete()
        url = reverse("admin:partnerships_umkm_history", args=[pk])
        assert client.get(url).status_code == 404

    def test_a_past_version_elsewhere_is_a_404(self, client, regional, there):
        version = there.firm.history.latest()
        url = reverse(
            "admin:partnerships_firm_simple_history", args=[there.firm.pk, version.history_id]
        )
        assert client.get(url).status_code == 404


class TestAccounts:
    @pytest.fixture
    def central(self, client):
        person = make_official(OfficialRole.CENTRAL)
        client.force_login(person)
        return person

    def test_the_user_page_shows_the_role_and_the_provinces(self, client, central):
        regional = make_official(OfficialRole.REGIONAL, provinces=["32"])
        page = client.get(reverse("admin:accounts_user_change", args=[regional.pk]))
        html = page.content.decode()
        assert str(OfficialRole.REGIONAL.label) in html
        assert "official_provinces-TOTAL_FORMS" in html

    def test_a_central_official_adds_a_province_and_is_named_as_assigning_it(self, client, central):
        regional = make_official(OfficialRole.REGIONAL, provinces=["32"])
        url = reverse("admin:accounts_user_change", args=[regional.pk])
        data = change_form_data(client.get(url))
        data.update(
            {
                "official_provinces-TOTAL_FORMS": "2",
                "official_provinces-1-province": str(province("33").pk),
                "official_provinces-1-official": str(regional.pk),
            }
        )
        response = client.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        added = OfficialProvince.objects.get(official=regional, province=province("33"))
        assert added.assigned_by == central

    def test_a_central_official_cannot_make_a_superuser_or_edit_one(
        self, client, central, official
    ):
        regional = make_official(OfficialRole.REGIONAL, provinces=["32"])
        url = reverse("admin:accounts_user_change", args=[regional.pk])
        data = change_form_data(client.get(url))
        data["is_superuser"] = "on"
        client.post(url, data)
        regional.refresh_from_db()
        assert not regional.is_superuser
        response = client.post(
            reverse("admin:accounts_user_change", args=[official.pk]), {"name": "Taken"}
        )
        assert response.status_code == 403
        official.refresh_from_db()
        assert official.name != "Taken"


def test_nothing_in_scope_firm_for_none(client, here):
    # A regional official whose provinces were all taken away sees nothing.
    person = make_official(OfficialRole.REGIONAL, provinces=[])
    client.force_login(person)
    assert listed(client, "firm") == []
    assert Firm.objects.count() == 1


def test_every_domain_admin_is_regionally_scoped():
    from django.contrib import admin

    from partnerships.admin.scope import RegionalScopeAdmin
    from partnerships.officials import scope_of

    unscoped = [
        model._meta.label_lower
        for model, model_admin in admin.site._registry.items()
        if scope_of(model) is not None and not isinstance(model_admin, RegionalScopeAdmin)
    ]
    assert unscoped == []


def test_an_admin_without_a_declared_scope_fails_the_system_check():
    from django.contrib import admin

    from partnerships.admin.scope import RegionalScopeAdmin
    from partnerships.models import KbliCode

    class Unscoped(RegionalScopeAdmin):
        pass

    errors = Unscoped(KbliCode, admin.site).check()
    assert [error.id for error in errors] == ["partnerships.E001"]
