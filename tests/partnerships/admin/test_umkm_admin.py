import pytest
from django.urls import reverse

from partnerships.models import (
    Certification,
    CertificationKind,
    LegalForm,
    Product,
    Regency,
    Umkm,
    VerificationState,
)
from tests.partnerships.admin.profiles import change_form_data, make_umkm
from tests.partnerships.factories import regency

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:partnerships_umkm_changelist"


@pytest.fixture
def official_client(client, official):
    client.force_login(official)
    return client


def listed(response) -> list[str]:
    return [umkm.name for umkm in response.context["cl"].result_list]


def change_url(umkm: Umkm) -> str:
    return reverse("admin:partnerships_umkm_change", args=[umkm.pk])


class TestPages:
    def test_the_list_and_the_change_page_open_for_an_official(self, official_client):
        umkm = make_umkm("Kopi Tanjung Pura")
        Certification.objects.create(umkm=umkm, kind=CertificationKind.HALAL, number="ID123")
        Product.objects.create(umkm=umkm, name="Robusta beans", unit="kg", monthly_capacity=500)

        listing = official_client.get(reverse(CHANGELIST))
        page = official_client.get(change_url(umkm))

        assert listing.status_code == 200
        assert "Kopi Tanjung Pura" in listing.content.decode()
        assert page.status_code == 200
        assert "ID123" in page.content.decode()
        assert "Robusta beans" in page.content.decode()

    def test_the_add_page_opens(self, official_client):
        assert official_client.get(reverse("admin:partnerships_umkm_add")).status_code == 200

    def test_view_on_site_leads_to_the_public_profile(self, official_client):
        umkm = make_umkm()
        page = official_client.get(change_url(umkm)).content.decode()
        assert reverse("umkm_detail", args=[umkm.pk]) in page

    def test_product_photos_are_not_linked_from_the_admin(self, official_client, settings):
        umkm = make_umkm()
        Product.objects.create(
            umkm=umkm, name="Robusta beans", unit="kg", monthly_capacity=5, photo="products/x.jpg"
        )
        page = official_client.get(change_url(umkm)).content.decode()
        product = official_client.get(
            reverse("admin:partnerships_product_change", args=[umkm.products.get().pk])
        ).content.decode()
        assert "products/x.jpg" not in page
        assert "products/x.jpg" not in product


class TestSearchAndFilters:
    def test_a_search_by_nib_finds_the_umkm(self, official_client):
        wanted = make_umkm("Keripik Bu Sri")
        make_umkm("Batik Tulis Lasem")
        response = official_client.get(reverse(CHANGELIST), {"q": wanted.nib})
        assert listed(response) == ["Keripik Bu Sri"]

    def test_a_search_by_the_owners_name_finds_the_umkm(self, official_client):
        make_umkm("Keripik Bu Sri", owner_name="Sri Wahyuni")
        make_umkm("Batik Tulis Lasem", owner_name="Dewi Lestari")
        response = official_client.get(reverse(CHANGELIST), {"q": "wahyuni"})
        assert listed(response) == ["Keripik Bu Sri"]

    def test_the_verification_queue_lists_only_submissions_oldest_first(self, official_client):
        make_umkm("Newer", days_ago=1)
        make_umkm("Older", days_ago=9)
        make_umkm("Draft", state=VerificationState.DRAFT)
        make_umkm("Done", state=VerificationState.VERIFIED)
        listing = official_client.get(reverse(CHANGELIST))
        queue = official_client.get(
            reverse(CHANGELIST), {"verification_state__exact": VerificationState.SUBMITTED}
        )
        assert "?verification_state__exact=submitted" in listing.content.decode()
        assert listed(queue) == ["Older", "Newer"]

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ({"verification_state__exact": "rejected"}, ["Rejected"]),
            ({"legal_form__exact": LegalForm.COOPERATIVE}, ["Koperasi"]),
            ({"size_class__exact": "small"}, ["Small"]),
            ({"has_export_experience__exact": "1"}, ["Exporter"]),
        ],
    )
    def test_the_filters_narrow_the_list(self, official_client, query, expected):
        make_umkm("Plain")
        make_umkm("Rejected", state=VerificationState.REJECTED)
        make_umkm("Koperasi", legal_form=LegalForm.COOPERATIVE)
        make_umkm("Small", size_class="small", capital=2_000_000_000)
        make_umkm("Exporter", has_export_experience=True)
        assert listed(official_client.get(reverse(CHANGELIST), query)) == expected

    def test_the_province_filter_narrows_the_list(self, official_client):
        make_umkm("Karawang", regency=regency("3215"))
        make_umkm("Aceh Selatan", regency=regency("1101"))
        aceh = Regency.objects.get(code="1101").province
        response = official_client.get(reverse(CHANGELIST), {"province__id__exact": aceh.pk})
        assert listed(response) == ["Aceh Selatan"]

    def test_the_submission_date_narrows_the_list(self, official_client):
        recent = make_umkm("Recent", days_ago=0)
        make_umkm("Last year", days_ago=400)
        year = recent.submitted_at.astimezone().year
        response = official_client.get(reverse(CHANGELIST), {"submitted_at__year": year})
        assert "Recent" in listed(response)
        assert "Last year" not in listed(response)


class TestEditing:
    def test_the_audit_fields_cannot_be_changed_in_the_form(self, official_client):
        umkm = make_umkm()
        data = change_form_data(official_client.get(change_url(umkm)))
        data.update(verification_state="verified", rejection_reason="x", npwp_check_overridden="on")
        response = official_client.post(change_url(umkm), data)
        assert response.status_code == 302
        umkm.refresh_from_db()
        assert umkm.verification_state == VerificationState.SUBMITTED
        assert umkm.rejection_reason == ""
        assert not umkm.npwp_check_overridden

    def test_an_official_edits_the_other_fields_and_the_size_class_follows(self, official_client):
        umkm = make_umkm(annual_sales=None)  # not trading a year yet: the capital decides
        data = change_form_data(official_client.get(change_url(umkm)))
        data.update(description="Roasted and ground coffee.", capital="3000000000")
        response = official_client.post(change_url(umkm), data)
        assert response.status_code == 302
        umkm.refresh_from_db()
        assert umkm.description == "Roasted and ground coffee."
        assert umkm.size_class == "small"

    def test_saving_the_form_does_not_undo_a_decision_taken_meanwhile(self, official_client):
        umkm = make_umkm()
        data = change_form_data(official_client.get(change_url(umkm)))
        Umkm.objects.filter(pk=umkm.pk).update(verification_state="rejected", rejection_reason="x")
        data["description"] = "Edited while another official rejected it."
        official_client.post(change_url(umkm), data)
        umkm.refresh_from_db()
        assert umkm.verification_state == VerificationState.REJECTED
        assert umkm.description == "Edited while another official rejected it."

    def test_a_regency_outside_the_province_is_refused_beside_the_field(self, official_client):
        umkm = make_umkm()
        data = change_form_data(official_client.get(change_url(umkm)))
        data["regency"] = str(Regency.objects.get(code="1101").pk)
        response = official_client.post(change_url(umkm), data)
        assert response.status_code == 200
        assert "regency" in response.context["adminform"].form.errors

    def test_an_nib_that_a_firm_holds_is_refused(self, official_client):
        from tests.partnerships.admin.profiles import make_firm

        firm = make_firm()
        umkm = make_umkm()
        data = change_form_data(official_client.get(change_url(umkm)))
        data["nib"] = firm.nib
        response = official_client.post(change_url(umkm), data)
        assert "nib" in response.context["adminform"].form.errors


class TestQueryCounts:
    # Session, user, the queue's count, the two row counts, the province filter, the date
    # hierarchy's range and years, and the rows themselves with their related objects.
    QUERIES = 9

    @pytest.mark.parametrize("rows", [1, 30])
    def test_the_list_runs_the_same_queries_whatever_its_length(
        self, official_client, django_assert_num_queries, rows
    ):
        for number in range(rows):
            make_umkm(f"UMKM {number}", regency=regency("1101" if number % 2 else "3215"))
        with django_assert_num_queries(self.QUERIES):
            response = official_client.get(reverse(CHANGELIST))
        assert len(response.context["cl"].result_list) == rows
