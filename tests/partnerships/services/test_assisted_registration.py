from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError
from django.utils import timezone, translation

from partnerships.models import ClaimCode, Umkm, VerificationState
from partnerships.services.assisted_registration import (
    CLAIM_ATTEMPTS_LIMIT,
    CLAIM_CODE_ALPHABET,
    CLAIM_CODE_VALIDITY,
    ClaimRefused,
    claim_code_digest,
    claim_code_issue,
    claim_code_redeem,
    normalise_claim_code,
    umkm_register_assisted,
)
from partnerships.services.verification import (
    FourEyesError,
    profile_reject,
    profile_verify,
)
from tests.partnerships.factories import make_official, make_owner, make_umkm, regency
from tests.partnerships.factories_assisted import make_assisted_umkm, make_claim_code

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _messages_in_english():
    # The refusals are matched by their English source text; test_i18n checks the catalogue.
    with translation.override("en"):
        yield


def unsaved_umkm(**fields) -> Umkm:
    place = regency("3215")
    return Umkm(
        **{
            "name": "Dodol Betawi Ibu Minah",
            "legal_form": "individual",
            "nib": "8120000000001",
            "owner_name": "Minah",
            "province": place.province,
            "regency": place,
            "description": "Dodol dari kertas formulir.",
            "year_founded": 2001,
            "employees": 3,
            "capital": 20_000_000,
            "annual_sales": 100_000_000,
            "size_class": "micro",
            "size_criterion": "capital",
            **fields,
        }
    )


class TestRegistering:
    def test_an_official_registers_an_umkm_that_waits_for_a_second_official(self, official):
        umkm = umkm_register_assisted(official=official, umkm=unsaved_umkm())
        umkm.refresh_from_db()
        assert umkm.is_assisted
        assert umkm.registered_by == official
        assert umkm.owner is None
        assert umkm.verification_state == VerificationState.SUBMITTED
        assert umkm.submitted_at is not None
        assert "Dodol" in umkm.search_text


class TestIssuing:
    def test_it_returns_a_readable_code_and_stores_only_its_digest(self, official):
        umkm = make_assisted_umkm(official)
        claim_code, plain = claim_code_issue(umkm=umkm, official=official)
        assert plain.startswith("KMT-")
        assert len(plain) == len("KMT-XXXX-XXXX")
        assert set(plain[4:].replace("-", "")) <= set(CLAIM_CODE_ALPHABET)
        assert claim_code.code_digest == claim_code_digest(plain)
        assert plain not in claim_code.code_digest
        assert claim_code.created_by == official
        assert claim_code.expires_at - claim_code.created_at == pytest.approx(
            CLAIM_CODE_VALIDITY, abs=timedelta(seconds=5)
        )
        assert mail.outbox == []

    def test_it_emails_the_invitation_when_an_address_is_given(
        self, official, django_capture_on_commit_callbacks
    ):
        umkm = make_assisted_umkm(official, name="Dodol Ibu Minah")
        # An official working in Indonesian, the default: the owner's links are the bare paths.
        with translation.override("id"), django_capture_on_commit_callbacks(execute=True):
            claim_code, plain = claim_code_issue(
                umkm=umkm, official=official, email=" Minah@Example.test "
            )
        assert claim_code.sent_to_email == "minah@example.test"
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["minah@example.test"]
        assert plain in message.body
        signup = "/accounts/signup/?role=umkm_owner&next=%2Fdashboard%2Fumkm%2Fclaim%2F"
        assert signup in message.body
        assert "Dodol Ibu Minah" in message.subject

    def test_a_new_code_revokes_the_previous_one(self, official):
        umkm = make_assisted_umkm(official)
        first, first_plain = claim_code_issue(umkm=umkm, official=official)
        claim_code_issue(umkm=umkm, official=official)
        first.refresh_from_db()
        assert first.revoked_at is not None
        assert ClaimCode.objects.filter(umkm=umkm, revoked_at__isnull=True).count() == 1
        with pytest.raises(ClaimRefused) as refused:
            claim_code_redeem(code=first_plain, user=make_owner())
        assert refused.value.code == "revoked"

    def test_it_refuses_an_umkm_that_already_has_an_owner(self, official):
        with pytest.raises(ClaimRefused):
            claim_code_issue(umkm=make_umkm(), official=official)
        assert not ClaimCode.objects.exists()


class TestRedeeming:
    def test_the_owner_takes_over_the_umkm(self, official, umkm_owner):
        umkm = make_assisted_umkm(official)
        claim_code, plain = claim_code_issue(umkm=umkm, official=official)
        claimed = claim_code_redeem(code=plain, user=umkm_owner)
        claim_code.refresh_from_db()
        umkm.refresh_from_db()
        assert claimed == umkm
        assert umkm.owner == umkm_owner
        assert claim_code.claimed_by == umkm_owner
        assert claim_code.claimed_at is not None

    @pytest.mark.parametrize(
        "typed", ["kmt-abcd-efgh", " KMT ABCD EFGH ", "ABCDEFGH", "abcd-efgh", "KMTABCDEFGH"]
    )
    def test_case_spaces_dashes_and_the_prefix_do_not_matter(self, official, umkm_owner, typed):
        umkm = make_assisted_umkm(official)
        make_claim_code(umkm, "KMT-ABCD-EFGH")
        assert normalise_claim_code(typed) == "ABCDEFGH"
        assert claim_code_redeem(code=typed, user=umkm_owner) == umkm

    def test_a_used_code_cannot_be_used_again(self, official, umkm_owner):
        umkm = make_assisted_umkm(official)
        make_claim_code(umkm)
        claim_code_redeem(code="KMT-ABCD-EFGH", user=umkm_owner)
        with pytest.raises(ClaimRefused) as refused:
            claim_code_redeem(code="KMT-ABCD-EFGH", user=make_owner())
        assert refused.value.code == "claimed"

    def test_an_expired_code_is_refused_and_nothing_changes(self, official, umkm_owner):
        umkm = make_assisted_umkm(official)
        make_claim_code(umkm, expires_at=timezone.now() - timedelta(minutes=1))
        with pytest.raises(ClaimRefused) as refused:
            claim_code_redeem(code="KMT-ABCD-EFGH", user=umkm_owner)
        assert refused.value.code == "expired"
        umkm.refresh_from_db()
        assert umkm.owner is None

    def test_a_revoked_code_is_refused(self, official, umkm_owner):
        umkm = make_assisted_umkm(official)
        make_claim_code(umkm, revoked_at=timezone.now())
        with pytest.raises(ClaimRefused) as refused:
            claim_code_redeem(code="KMT-ABCD-EFGH", user=umkm_owner)
        assert refused.value.code == "revoked"

    def test_an_unknown_code_gets_the_generic_message(self, official, umkm_owner):
        make_claim_code(make_assisted_umkm(official))
        with pytest.raises(ClaimRefused) as refused:
            claim_code_redeem(code="KMT-ZZZZ-ZZZZ", user=umkm_owner)
        assert refused.value.code == "unknown"

    def test_attempts_are_limited_per_account(self, official, umkm_owner):
        umkm = make_assisted_umkm(official)
        make_claim_code(umkm)
        for _ in range(CLAIM_ATTEMPTS_LIMIT):
            with pytest.raises(ClaimRefused):
                claim_code_redeem(code="KMT-ZZZZ-ZZZZ", user=umkm_owner)
        with pytest.raises(ClaimRefused) as refused:
            claim_code_redeem(code="KMT-ABCD-EFGH", user=umkm_owner)
        assert refused.value.code == "too_many_attempts"
        umkm.refresh_from_db()
        assert umkm.owner is None
        # Another account still may.
        assert claim_code_redeem(code="KMT-ABCD-EFGH", user=make_owner()) == umkm

    def test_a_person_who_is_not_an_umkm_owner_is_refused(
        self, official, firm_representative, outsider
    ):
        make_claim_code(make_assisted_umkm(official))
        for person in (firm_representative, outsider):
            with pytest.raises(ClaimRefused) as refused:
                claim_code_redeem(code="KMT-ABCD-EFGH", user=person)
            assert refused.value.code == "not_owner"

    def test_an_owner_who_already_has_an_umkm_is_refused(self, official, umkm_owner):
        make_umkm(owner=umkm_owner)
        umkm = make_assisted_umkm(official)
        claim_code = make_claim_code(umkm)
        with pytest.raises(ClaimRefused) as refused:
            claim_code_redeem(code="KMT-ABCD-EFGH", user=umkm_owner)
        assert refused.value.code == "has_umkm"
        claim_code.refresh_from_db()
        assert claim_code.claimed_at is None


class TestFourEyes:
    def test_the_official_who_entered_it_cannot_verify_or_reject_it(self, official):
        umkm = make_assisted_umkm(official)
        with pytest.raises(FourEyesError, match="another official"):
            profile_verify(profile=umkm, official=official)
        with pytest.raises(FourEyesError):
            profile_reject(profile=umkm, official=official, reason="NIB salah.")
        umkm.refresh_from_db()
        assert umkm.verification_state == VerificationState.SUBMITTED
        assert umkm.reviewed_by is None

    def test_a_second_official_can_verify_it(self, official):
        umkm = make_assisted_umkm(official)
        second = make_official()
        verified = profile_verify(profile=umkm, official=second)
        assert verified.verification_state == VerificationState.VERIFIED
        assert verified.reviewed_by == second

    def test_a_second_official_can_reject_it(self, official):
        umkm = make_assisted_umkm(official)
        rejected = profile_reject(profile=umkm, official=make_official(), reason="NIB salah.")
        assert rejected.verification_state == VerificationState.REJECTED

    def test_the_database_refuses_it_too(self, official):
        umkm = make_assisted_umkm(official)
        with pytest.raises(IntegrityError):
            Umkm.objects.filter(pk=umkm.pk).update(
                verification_state=VerificationState.VERIFIED,
                reviewed_at=timezone.now(),
                reviewed_by=official,
            )
