"""Submitting a profile for verification, and an official's decision on it."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from partnerships import notifications
from partnerships.models import Firm, Umkm, VerificationState

Profile = Umkm | Firm


class VerificationError(Exception):
    """The profile is not in a state that allows this step."""


class FourEyesError(VerificationError):
    """The official entered this profile for its owner, so another official must decide."""


def four_eyes_check(*, profile: Profile, official) -> None:
    # Four eyes: whoever entered an assisted registration does not also decide on it (the
    # database refuses it too: partnerships_umkm_four_eyes).
    if (
        isinstance(profile, Umkm)
        and profile.registered_by_id is not None
        and profile.registered_by_id == getattr(official, "pk", None)
    ):
        raise FourEyesError(
            gettext(
                "You entered “%(name)s” on its owner's behalf, so another official must verify "
                "or reject it (four-eyes principle)."
            )
            % {"name": profile.name}
        )


def _locked(profile: Profile) -> Profile:
    # Two officials may act on the same submission at once; the first decision wins.
    return type(profile).objects.select_for_update().get(pk=profile.pk)


@transaction.atomic
def profile_submit(*, profile: Profile) -> Profile:
    locked = _locked(profile)
    if not locked.is_editable_submission:
        raise VerificationError("Only a draft or a rejected profile can be submitted.")
    locked.verification_state = VerificationState.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["verification_state", "submitted_at", "updated_at"])
    return locked


@transaction.atomic
def profile_verify(*, profile: Profile, official) -> Profile:
    four_eyes_check(profile=profile, official=official)
    locked = _locked(profile)
    if locked.verification_state != VerificationState.SUBMITTED:
        raise VerificationError("Only a submitted profile can be verified.")
    locked.verification_state = VerificationState.VERIFIED
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = official
    locked.rejection_reason = ""
    # The audit history names the official, also when no request is running (a command).
    locked._history_user = official
    locked.save(
        update_fields=[
            "verification_state",
            "reviewed_at",
            "reviewed_by",
            "rejection_reason",
            "updated_at",
        ]
    )
    transaction.on_commit(lambda: notifications.send_verification_decision(locked))
    return locked


@transaction.atomic
def profile_reject(*, profile: Profile, official, reason: str) -> Profile:
    four_eyes_check(profile=profile, official=official)
    reason = reason.strip()
    if not reason:
        raise VerificationError("A rejection needs a reason the applicant can act on.")
    locked = _locked(profile)
    if locked.verification_state != VerificationState.SUBMITTED:
        raise VerificationError("Only a submitted profile can be rejected.")
    locked.verification_state = VerificationState.REJECTED
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = official
    locked.rejection_reason = reason
    # The audit history names the official, also when no request is running (a command).
    locked._history_user = official
    locked.save(
        update_fields=[
            "verification_state",
            "reviewed_at",
            "reviewed_by",
            "rejection_reason",
            "updated_at",
        ]
    )
    transaction.on_commit(lambda: notifications.send_verification_decision(locked))
    return locked


def profile_return_for_verification(*, profile: Profile) -> None:
    """A verified profile whose legal identity changed must be verified again.

    Called inside the caller's transaction, with the row already locked.
    """
    if profile.verification_state == VerificationState.VERIFIED:
        profile.verification_state = VerificationState.SUBMITTED
        profile.submitted_at = timezone.now()
        profile.reviewed_at = None
        profile.reviewed_by = None
