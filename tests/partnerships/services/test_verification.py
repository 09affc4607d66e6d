"""Submitting, verifying and rejecting a profile, and the e-mail the applicant gets."""

import pytest
from django.core import mail

from partnerships.models import VerificationState as State
from partnerships.services.verification import (
    VerificationError,
    profile_reject,
    profile_return_for_verification,
    profile_submit,
    profile_verify,
)
from tests.partnerships.factories import make_firm, make_representative, make_umkm

pytestmark = pytest.mark.django_db


def test_submitting_a_draft_records_the_time(umkm_owner):
    umkm = profile_submit(profile=make_umkm(owner=umkm_owner))
    assert umkm.verification_state == State.SUBMITTED
    assert umkm.submitted_at is not None


def test_a_submitted_profile_cannot_be_submitted_twice():
    umkm = profile_submit(profile=make_umkm())
    with pytest.raises(VerificationError):
        profile_submit(profile=umkm)


def test_verifying_records_who_and_when_and_tells_the_owner(
    umkm_owner, official, django_capture_on_commit_callbacks
):
    umkm = profile_submit(profile=make_umkm(owner=umkm_owner, name="Kopi Gayo Mandiri"))
    with django_capture_on_commit_callbacks(execute=True):
        umkm = profile_verify(profile=umkm, official=official)
    assert umkm.verification_state == State.VERIFIED
    assert umkm.reviewed_by == official
    assert umkm.reviewed_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [umkm_owner.email]
    assert "Kopi Gayo Mandiri" in mail.outbox[0].subject
    assert "/dashboard/" in mail.outbox[0].body


def test_rejecting_needs_a_reason_and_sends_it(
    umkm_owner, official, django_capture_on_commit_callbacks
):
    umkm = profile_submit(profile=make_umkm(owner=umkm_owner))
    with pytest.raises(VerificationError):
        profile_reject(profile=umkm, official=official, reason="   ")
    with django_capture_on_commit_callbacks(execute=True):
        umkm = profile_reject(profile=umkm, official=official, reason="NIB tidak sesuai OSS.")
    assert umkm.verification_state == State.REJECTED
    assert umkm.rejection_reason == "NIB tidak sesuai OSS."
    assert "NIB tidak sesuai OSS." in mail.outbox[0].body


def test_a_draft_cannot_be_verified_or_rejected(official):
    umkm = make_umkm()
    with pytest.raises(VerificationError):
        profile_verify(profile=umkm, official=official)
    with pytest.raises(VerificationError):
        profile_reject(profile=umkm, official=official, reason="No.")


def test_a_rejected_profile_can_be_submitted_again(official):
    umkm = profile_submit(profile=make_umkm())
    umkm = profile_reject(profile=umkm, official=official, reason="Wrong NIB.")
    umkm = profile_submit(profile=umkm)
    assert umkm.verification_state == State.SUBMITTED


def test_every_representative_of_a_firm_hears_the_decision(
    official, django_capture_on_commit_callbacks
):
    firm = make_firm()
    first = make_representative(firm).user
    second = make_representative(firm).user
    firm = profile_submit(profile=firm)
    with django_capture_on_commit_callbacks(execute=True):
        profile_verify(profile=firm, official=official)
    assert sorted(mail.outbox[0].to) == sorted([first.email, second.email])


def test_a_verified_profile_returns_to_the_queue_when_its_identity_changes(official):
    umkm = profile_verify(profile=profile_submit(profile=make_umkm()), official=official)
    profile_return_for_verification(profile=umkm)
    assert umkm.verification_state == State.SUBMITTED
    assert umkm.reviewed_by is None
