import pytest
from django.urls import reverse

from partnerships.models import DuplicateCandidate, DuplicateState, Product, Umkm
from tests.partnerships.factories import make_official, make_umkm, regency
from tests.partnerships.factories_assisted import make_candidate

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:partnerships_duplicatecandidate_changelist"


def review_url(candidate) -> str:
    return reverse("admin:partnerships_duplicatecandidate_change", args=[candidate.pk])


def merge_url(candidate, keep_pk) -> str:
    return reverse("admin:partnerships_duplicatecandidate_merge", args=[candidate.pk, keep_pk])


def distinct_url(candidate) -> str:
    return reverse("admin:partnerships_duplicatecandidate_distinct", args=[candidate.pk])


@pytest.fixture
def official_client(client, official):
    client.force_login(official)
    return client


@pytest.fixture
def candidate():
    left = make_umkm(name="Kopi Tanjung Pura", regency=regency("3215"))
    right = make_umkm(name="CV Kopi Tanjung Pura", regency=regency("3215"), owner=None)
    Product.objects.create(umkm=right, name="Kopi bubuk", unit="kg", monthly_capacity=5)
    return make_candidate(left, right)


class TestList:
    def test_pending_pairs_come_first(self, official_client):
        a, b, c, d = (make_umkm() for _ in range(4))
        decided = make_candidate(
            a, b, similarity=0.99, state=DuplicateState.DISTINCT, decided_at="2021-01-18T10:00Z"
        )
        pending = make_candidate(c, d, similarity=0.7)
        response = official_client.get(reverse(CHANGELIST))
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == [pending, decided]

    def test_the_list_runs_a_fixed_number_of_queries(
        self, official_client, django_assert_max_num_queries
    ):
        for _ in range(2):
            make_candidate(make_umkm(), make_umkm())
        with django_assert_max_num_queries(12) as small:
            official_client.get(reverse(CHANGELIST))
        for _ in range(8):
            make_candidate(make_umkm(), make_umkm())
        with django_assert_max_num_queries(len(small.captured_queries)):
            official_client.get(reverse(CHANGELIST))

    def test_a_regional_official_sees_only_pairs_in_their_provinces(self, client, candidate):
        elsewhere = make_candidate(
            make_umkm(regency=regency("3578")), make_umkm(regency=regency("3578"))
        )
        client.force_login(make_official("regional", provinces=["32"]))
        response = client.get(reverse(CHANGELIST))
        assert list(response.context["cl"].result_list) == [candidate]
        assert client.get(review_url(elsewhere)).status_code == 404
        client.post(distinct_url(elsewhere))
        elsewhere.refresh_from_db()
        assert elsewhere.state == DuplicateState.PENDING


class TestReviewPage:
    def test_it_shows_both_records_side_by_side_with_the_decisions(
        self, official_client, candidate
    ):
        response = official_client.get(review_url(candidate))
        assert response.status_code == 200
        page = response.content.decode()
        assert "Kopi Tanjung Pura" in page
        assert "CV Kopi Tanjung Pura" in page
        assert candidate.first.nib in page
        assert candidate.second.nib in page
        assert merge_url(candidate, candidate.first_id) in page
        assert merge_url(candidate, candidate.second_id) in page
        assert distinct_url(candidate) in page
        assert "<textarea" not in page
        assert 'type="text"' not in page

    def test_a_post_to_the_review_page_changes_nothing(self, official_client, candidate):
        assert official_client.post(review_url(candidate), {"state": "merged"}).status_code == 405

    @pytest.mark.parametrize("object_id", ["999999", "abc", "%00"])
    def test_unknown_pairs_are_never_a_server_error(self, official_client, object_id):
        base = "/admin/partnerships/duplicatecandidate/"
        for url in (f"{base}{object_id}/change/", f"{base}{object_id}/merge/1/"):
            assert official_client.get(url).status_code in (302, 404)
        assert official_client.post(f"{base}{object_id}/distinct/").status_code in (302, 404)


class TestDecisions:
    def test_merge_asks_for_confirmation_then_merges(self, official_client, candidate):
        left_pk, right_pk = candidate.first_id, candidate.second_id
        confirm = official_client.get(merge_url(candidate, left_pk))
        assert confirm.status_code == 200
        assert Umkm.objects.filter(pk=right_pk).exists()

        response = official_client.post(merge_url(candidate, left_pk))
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:partnerships_umkm_change", args=[left_pk])
        assert not Umkm.objects.filter(pk=right_pk).exists()
        assert Product.objects.get().umkm_id == left_pk

    def test_keeping_a_record_outside_the_pair_is_refused(self, official_client, candidate):
        outside = make_umkm()
        for method in (official_client.get, official_client.post):
            response = method(merge_url(candidate, outside.pk), follow=True)
            assert response.status_code == 200
        assert Umkm.objects.count() == 3
        candidate.refresh_from_db()
        assert candidate.state == DuplicateState.PENDING

    def test_marking_distinct_is_a_post(self, official_client, official, candidate):
        assert official_client.get(distinct_url(candidate)).status_code == 405
        response = official_client.post(distinct_url(candidate))
        assert response.status_code == 302
        candidate.refresh_from_db()
        assert candidate.state == DuplicateState.DISTINCT
        assert candidate.decided_by == official

    def test_a_decided_pair_offers_no_decision_and_refuses_one(self, official_client, candidate):
        official_client.post(distinct_url(candidate))
        page = official_client.get(review_url(candidate)).content.decode()
        assert distinct_url(candidate) not in page
        response = official_client.post(merge_url(candidate, candidate.first_id), follow=True)
        assert response.status_code == 200
        assert Umkm.objects.count() == 2
        assert DuplicateCandidate.objects.get().state == DuplicateState.DISTINCT
