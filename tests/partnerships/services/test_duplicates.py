import pytest
from django.urls import reverse
from django.utils import timezone, translation

from partnerships.models import (
    Certification,
    CertificationKind,
    ClaimCode,
    DuplicateCandidate,
    DuplicateState,
    Interest,
    InterestDirection,
    InterestState,
    KbliCode,
    LinkKind,
    Match,
    Product,
    QueueState,
    Umkm,
    UmkmLink,
)
from partnerships.services.duplicates import (
    DuplicateError,
    duplicate_candidates_find,
    duplicate_mark_distinct,
    duplicate_merge,
    normalised_name,
)
from partnerships.services.submissions import umkm_submit
from tests.partnerships.factories import (
    make_firm,
    make_full_umkm,
    make_need,
    make_official,
    make_umkm,
    regency,
)
from tests.partnerships.factories_assisted import make_candidate, make_claim_code
from tests.partnerships.factories_queue import make_interest, make_match

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _messages_in_english():
    # The refusals are matched by their English source text; test_i18n checks the catalogue.
    with translation.override("en"):
        yield


KARAWANG = "3215"


def pair(candidate: DuplicateCandidate) -> set[int]:
    return {candidate.first_id, candidate.second_id}


class TestFinding:
    def test_it_finds_a_very_similar_name_in_the_same_regency(self):
        known = make_umkm(name="Keripik Tempe Bu Sri", regency=regency(KARAWANG))
        new = make_umkm(name="CV Keripik Tempe Bu Sri", regency=regency(KARAWANG))
        found = duplicate_candidates_find(umkm=new)
        assert [pair(candidate) for candidate in found] == [{known.pk, new.pk}]
        candidate = found[0]
        assert candidate.first_id < candidate.second_id
        assert candidate.state == DuplicateState.PENDING
        assert candidate.similarity > 0

    def test_it_ignores_the_same_name_in_another_regency(self):
        make_umkm(name="Keripik Tempe Bu Sri", regency=regency("3273"))
        new = make_umkm(name="Keripik Tempe Bu Sri", regency=regency(KARAWANG))
        assert duplicate_candidates_find(umkm=new) == []

    def test_it_ignores_a_dissimilar_name(self):
        make_umkm(name="Batik Tulis Lasem", regency=regency(KARAWANG))
        new = make_umkm(name="Keripik Tempe Bu Sri", regency=regency(KARAWANG))
        assert duplicate_candidates_find(umkm=new) == []

    def test_a_pair_found_twice_is_stored_once(self):
        known = make_umkm(name="Kopi Tanjung Pura", regency=regency(KARAWANG))
        new = make_umkm(name="Kopi Tanjung Pura", regency=regency(KARAWANG))
        duplicate_candidates_find(umkm=new)
        duplicate_candidates_find(umkm=known)
        assert DuplicateCandidate.objects.count() == 1

    def test_a_pair_marked_distinct_is_not_proposed_again(self):
        known = make_umkm(name="Kopi Tanjung Pura", regency=regency(KARAWANG))
        new = make_umkm(name="Kopi Tanjung Pura", regency=regency(KARAWANG))
        [candidate] = duplicate_candidates_find(umkm=new)
        duplicate_mark_distinct(candidate=candidate, official=make_official())
        assert duplicate_candidates_find(umkm=new) == []
        assert duplicate_candidates_find(umkm=known) == []
        candidate.refresh_from_db()
        assert candidate.state == DuplicateState.DISTINCT
        assert candidate.decided_at is not None

    def test_submitting_an_umkm_looks_for_duplicates(self):
        make_umkm(name="Kopi Tanjung Pura", regency=regency(KARAWANG))
        umkm = make_full_umkm(name="Kopi Tanjung Pura")
        umkm_submit(umkm=umkm)
        assert DuplicateCandidate.objects.count() == 1

    def test_legal_form_words_and_punctuation_do_not_count(self):
        assert normalised_name("CV. Keripik-Tempe, Bu Sri") == "keripik tempe bu sri"
        assert normalised_name("Koperasi Tani Makmur") == "tani makmur"


class TestDeciding:
    def test_merge_keeps_every_related_row_of_both_without_duplicates(self):
        official = make_official()
        kept = make_full_umkm(name="Kopi Tanjung Pura")
        other = make_full_umkm(name="Kopi Tanjung Pura Karawang", owner=None)
        # The same certificate and link on both; one more of each on the other record.
        Certification.objects.create(umkm=other, kind=CertificationKind.SNI, number="SNI-1")
        UmkmLink.objects.create(umkm=other, kind=LinkKind.WEBSITE, url="https://kopi.test")
        other.kbli_codes.add(KbliCode.objects.get(version="2020", code="10773"))
        Product.objects.create(umkm=other, name="Kopi bubuk", unit="kg", monthly_capacity=5)
        make_claim_code(other, revoked_at=timezone.now())
        candidate = make_candidate(kept, other)

        result = duplicate_merge(candidate=candidate, keep=kept, official=official)

        assert result.pk == kept.pk
        assert not Umkm.objects.filter(pk=other.pk).exists()
        kept.refresh_from_db()
        assert kept.name == "Kopi Tanjung Pura"
        assert sorted(kept.products.values_list("name", flat=True)) == [
            "Kopi bubuk",
            "Kopi robusta sangrai",
            "Kopi robusta sangrai",
        ]
        assert sorted(kept.certifications.values_list("kind", "number")) == [
            (CertificationKind.HALAL, "ID32110000123450521"),
            (CertificationKind.SNI, "SNI-1"),
        ]
        assert sorted(kept.links.values_list("url", flat=True)) == [
            "https://kopi.test",
            "https://shopee.co.id/kopitanjungpura",
        ]
        assert sorted(kept.kbli_codes.values_list("code", flat=True)) == ["10761", "10773", "46206"]
        assert ClaimCode.objects.get().umkm_id == kept.pk
        # The decision is in the pair's history (the pair itself went with the deleted record).
        decided = candidate.history.filter(state=DuplicateState.MERGED, history_type="~").get()
        assert decided.decided_by == official
        deleted = Umkm.history.filter(id=other.pk, history_type="-").get()
        assert deleted.history_user == official

    def test_the_owner_account_follows_the_business_when_the_kept_record_has_none(self):
        owner_record = make_umkm(name="Dodol Ibu Minah")
        assisted = make_umkm(name="Dodol Ibu Minah", owner=None)
        owner = owner_record.owner
        candidate = make_candidate(owner_record, assisted)
        duplicate_merge(candidate=candidate, keep=assisted, official=make_official())
        assisted.refresh_from_db()
        assert assisted.owner == owner

    def test_other_pairs_of_the_discarded_record_move_to_the_kept_one(self):
        a, b, c = (make_umkm(name="Kopi Tanjung Pura") for _ in range(3))
        merged = make_candidate(a, b)
        other = make_candidate(b, c, state=DuplicateState.DISTINCT, decided_at=timezone.now())
        duplicate_merge(candidate=merged, keep=a, official=make_official())
        other.refresh_from_db()
        assert pair(other) == {a.pk, c.pk}
        assert other.state == DuplicateState.DISTINCT

    def test_merging_a_record_with_itself_is_refused(self):
        umkm = make_umkm()
        candidate = DuplicateCandidate(first=umkm, second=umkm, similarity=1)
        with pytest.raises(DuplicateError, match="itself"):
            duplicate_merge(candidate=candidate, keep=umkm, official=make_official())
        assert Umkm.objects.filter(pk=umkm.pk).exists()

    def test_keeping_a_record_outside_the_pair_is_refused(self):
        a, b, outside = make_umkm(), make_umkm(), make_umkm()
        candidate = make_candidate(a, b)
        with pytest.raises(DuplicateError, match="one of the pair"):
            duplicate_merge(candidate=candidate, keep=outside, official=make_official())
        assert Umkm.objects.filter(pk__in=[a.pk, b.pk, outside.pk]).count() == 3
        candidate.refresh_from_db()
        assert candidate.state == DuplicateState.PENDING

    def test_a_decided_pair_cannot_be_decided_again(self):
        a, b = make_umkm(), make_umkm()
        candidate = make_candidate(a, b)
        duplicate_mark_distinct(candidate=candidate, official=make_official())
        with pytest.raises(DuplicateError):
            duplicate_merge(candidate=candidate, keep=a, official=make_official())
        with pytest.raises(DuplicateError):
            duplicate_mark_distinct(candidate=candidate, official=make_official())
        assert Umkm.objects.filter(pk__in=[a.pk, b.pk]).count() == 2


class TestMergingInterestsAndMatches:
    """Interests and matches move to the kept record; where both records hold the same open
    interest or wait in the queue with the same firm, the pair keeps one."""

    def test_every_interest_and_match_of_the_discarded_record_moves(self):
        kept, other = make_umkm(name="Kopi Tanjung Pura"), make_umkm(name="Kopi Tanjung Pura")
        firm, second_firm, third_firm = make_firm(), make_firm(), make_firm()
        need = make_need(firm)
        met = make_match(other, firm, queue_state=QueueState.MET_DIRECTLY)
        waiting = make_match(other, third_firm)
        moving = [
            make_interest(other, firm, need=need, state=InterestState.DECLINED),
            make_interest(other, firm),  # in general: the kept record has none pending
            make_interest(other, second_firm, need=make_need(second_firm)),
            make_interest(
                other,
                third_firm,
                direction=InterestDirection.FROM_UMKM,
                state=InterestState.ACCEPTED,
                match=waiting,
            ),
            make_interest(other, firm, need=need, state=InterestState.ACCEPTED, match=met),
        ]
        make_interest(kept, firm, need=make_need(firm))

        duplicate_merge(candidate=make_candidate(kept, other), keep=kept, official=make_official())

        assert set(Interest.objects.filter(umkm=kept).values_list("pk", flat=True)) >= {
            interest.pk for interest in moving
        }
        assert Interest.objects.count() == len(moving) + 1
        assert set(Match.objects.values_list("pk", "umkm_id")) == {
            (met.pk, kept.pk),
            (waiting.pk, kept.pk),
        }
        accepted = Interest.objects.get(pk=moving[3].pk)
        assert accepted.match_id == waiting.pk

    @pytest.mark.parametrize("about_a_need", [True, False])
    def test_the_same_open_interest_on_both_records_is_kept_once(self, about_a_need):
        kept, other = make_umkm(name="Dodol Ibu Minah"), make_umkm(name="Dodol Ibu Minah")
        firm = make_firm()
        need = make_need(firm) if about_a_need else None
        ours = make_interest(kept, firm, need=need, message="Dari catatan yang disimpan")
        theirs = make_interest(
            other, firm, need=need, direction=InterestDirection.FROM_UMKM, message="Dari kembaran"
        )
        declined = make_interest(other, firm, need=need, state=InterestState.DECLINED)

        duplicate_merge(
            candidate=make_candidate(kept, other),
            keep=kept,
            official=make_official(),
        )

        pending = Interest.objects.filter(umkm=kept, state=InterestState.PENDING)
        assert list(pending) == [ours]
        assert not Interest.objects.filter(pk=theirs.pk).exists()
        assert Interest.objects.get(pk=declined.pk).umkm_id == kept.pk

    def test_a_live_interest_is_not_dropped_for_an_expired_one_still_marked_pending(self):
        kept, other = make_umkm(name="Dodol Ibu Minah"), make_umkm(name="Dodol Ibu Minah")
        firm = make_firm()
        stale = make_interest(kept, firm, sent_days_ago=20, expires_in_days=-1)
        live = make_interest(other, firm, expires_in_days=5)

        duplicate_merge(candidate=make_candidate(kept, other), keep=kept, official=make_official())

        stale.refresh_from_db()
        assert stale.state == InterestState.EXPIRED
        assert stale.answered_at == stale.expires_at
        assert list(Interest.objects.filter(umkm=kept, state=InterestState.PENDING)) == [live]

    def test_a_pair_waiting_on_both_records_waits_once_since_the_earlier_date(self):
        kept, other = make_umkm(name="Batik Lasem"), make_umkm(name="Batik Lasem")
        firm = make_firm()
        ours = make_match(kept, firm, score=70, waiting_days=5)
        theirs = make_match(other, firm, score=55, is_mutual=True, waiting_days=30)
        accepted = [
            make_interest(kept, firm, state=InterestState.ACCEPTED, match=ours),
            make_interest(other, firm, state=InterestState.ACCEPTED, match=theirs),
        ]
        left = make_match(other, firm, queue_state=QueueState.LEFT, left_reason="Batal")

        duplicate_merge(candidate=make_candidate(kept, other), keep=kept, official=make_official())

        [waiting] = Match.objects.filter(umkm=kept, firm=firm, queue_state=QueueState.WAITING)
        assert waiting.pk == ours.pk
        assert waiting.matched_at == theirs.matched_at
        assert waiting.is_mutual
        assert waiting.score == 70
        assert not Match.objects.filter(pk=theirs.pk).exists()
        assert {
            interest.match_id
            for interest in Interest.objects.filter(pk__in=[a.pk for a in accepted])
        } == {ours.pk}
        assert Match.objects.get(pk=left.pk).umkm_id == kept.pk

    def test_a_kept_match_that_waited_longer_keeps_its_date(self):
        kept, other = make_umkm(name="Batik Lasem"), make_umkm(name="Batik Lasem")
        firm = make_firm()
        ours = make_match(kept, firm, waiting_days=40)
        make_match(other, firm, waiting_days=2)
        duplicate_merge(candidate=make_candidate(kept, other), keep=kept, official=make_official())
        [waiting] = Match.objects.all()
        assert waiting.matched_at == ours.matched_at
        assert not waiting.is_mutual

    def test_a_waiting_duplicate_matchs_past_meeting_follows_the_match_that_stays(self):
        from partnerships.models import Attendance, Meeting
        from tests.partnerships.factories_sessions import meeting_factory, session_factory

        kept, other = make_umkm(name="Batik Lasem"), make_umkm(name="Batik Lasem")
        firm = make_firm()
        ours = make_match(kept, firm)
        theirs = make_match(other, firm, waiting_days=30)
        absent = meeting_factory(
            session_factory(days_ahead=-20), theirs, attendance=Attendance.UMKM_ABSENT
        )

        duplicate_merge(candidate=make_candidate(kept, other), keep=kept, official=make_official())

        absent.refresh_from_db()
        assert (absent.match_id, absent.umkm_id) == (ours.pk, kept.pk)
        assert Meeting.objects.count() == 1

    def test_it_refuses_a_merge_while_both_records_have_a_meeting_to_come_with_one_firm(self):
        from tests.partnerships.factories_sessions import meeting_factory, session_factory

        kept, other = make_umkm(name="Batik Lasem"), make_umkm(name="Batik Lasem")
        firm = make_firm()
        meeting_factory(session_factory(), make_match(kept, firm), slot=0)
        meeting_factory(session_factory(), make_match(other, firm), slot=1)
        candidate = make_candidate(kept, other)

        with pytest.raises(DuplicateError) as refused:
            duplicate_merge(candidate=candidate, keep=kept, official=make_official())

        assert firm.name in refused.value.message
        assert Umkm.objects.filter(pk=other.pk).exists()
        assert Match.objects.filter(umkm=other).exists()


class TestKnownNib:
    def test_the_registration_page_says_the_nib_is_already_registered(self, client):
        from tests.partnerships.factories import make_owner, umkm_form_data

        known = make_umkm()
        client.force_login(make_owner())
        response = client.post(reverse("umkm_profile_edit"), umkm_form_data(nib=known.nib))
        assert response.status_code == 200
        errors = response.context["form"].errors.as_data()["nib"]
        assert [error.code for error in errors] == ["nib_taken"]
        assert not Umkm.objects.exclude(pk=known.pk).exists()
