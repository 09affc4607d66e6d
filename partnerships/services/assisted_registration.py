"""Assisted registration: an official enters an UMKM from the owner's paper form or a visit,
and the owner later takes the account over with a one-time claim code.

The official sees the code once (to print it or read it out by phone); the portal stores only
its SHA-256 digest. Another official verifies the profile (four eyes, services.verification).
"""

import hashlib
import secrets
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from partnerships.models import ClaimCode, Umkm, VerificationState
from partnerships.notifications import send_portal_email
from partnerships.services.duplicates import duplicate_candidates_find
from partnerships.services.search_documents import umkm_search_document_refresh
from portal.accounts.models import Role, User, UserManager

CLAIM_CODE_VALIDITY = timedelta(days=30)
# Letters and digits nobody confuses when reading aloud or from paper: no 0/O, 1/I/L.
CLAIM_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CLAIM_CODE_PREFIX = "KMT"
CLAIM_CODE_LENGTH = 8  # 31**8 ≈ 8.5e11 codes; with the rate limit below, guessing is hopeless
# Attempts to redeem a code, per account, within the window (counted in the cache).
CLAIM_ATTEMPTS_LIMIT = 10
CLAIM_ATTEMPTS_WINDOW = timedelta(hours=1)


class ClaimRefused(Exception):
    """The code cannot be redeemed by this person; ``message`` says why, for them to read."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


# --- registering on the owner's behalf --------------------------------------------------------


@transaction.atomic
def umkm_register_assisted(*, official: User, umkm: Umkm) -> Umkm:
    """Saves an UMKM an official entered for its owner (``umkm`` is unsaved, its fields filled
    in and its size class computed, as the admin's add form does).

    It has no owner account yet, waits for verification by another official, and is checked
    for possible duplicates at once.
    """
    umkm.owner = None
    umkm.is_assisted = True
    umkm.registered_by = official
    umkm.verification_state = VerificationState.SUBMITTED
    umkm.submitted_at = timezone.now()
    umkm.reviewed_at = None
    umkm.reviewed_by = None
    umkm._history_user = official
    umkm.save()
    umkm_search_document_refresh(umkm_id=umkm.pk)
    duplicate_candidates_find(umkm=umkm)
    return umkm


# --- claim codes -------------------------------------------------------------------------------


def normalise_claim_code(typed: str) -> str:
    """What identifies a code, whatever the owner typed: upper case, no spaces or dashes, no
    "KMT" prefix. "kmt-abcd efgh" and "ABCDEFGH" are the same code."""
    cleaned = "".join(ch for ch in (typed or "").upper() if ch.isalnum())
    if len(cleaned) == len(CLAIM_CODE_PREFIX) + CLAIM_CODE_LENGTH and cleaned.startswith(
        CLAIM_CODE_PREFIX
    ):
        cleaned = cleaned[len(CLAIM_CODE_PREFIX) :]
    return cleaned


def claim_code_digest(typed: str) -> str:
    return hashlib.sha256(normalise_claim_code(typed).encode()).hexdigest()


def _new_code() -> str:
    body = "".join(secrets.choice(CLAIM_CODE_ALPHABET) for _ in range(CLAIM_CODE_LENGTH))
    return f"{CLAIM_CODE_PREFIX}-{body[:4]}-{body[4:]}"


def claim_url() -> str:
    """Sign-up as an UMKM owner, then on to the claim page (signed-in owners go straight on)."""
    query = urlencode({"role": Role.UMKM_OWNER, "next": reverse("umkm_claim")})
    return f"{settings.SITE_URL}{reverse('account_signup')}?{query}"


@transaction.atomic
def claim_code_issue(
    *, umkm: Umkm, official: User, email: str | None = None
) -> tuple[ClaimCode, str]:
    """A new claim code for an UMKM without an owner; any earlier live code stops working.

    Returns the stored code and the plain code, which exists only in this return value: show
    or print it now. With ``email``, the invitation is also e-mailed there.
    """
    locked = Umkm.objects.select_for_update().get(pk=umkm.pk)
    if locked.owner_id is not None:
        raise ClaimRefused(
            gettext("This UMKM already has an owner's account: no claim code is needed."),
            "has_owner",
        )
    now = timezone.now()
    ClaimCode.objects.filter(umkm=locked, claimed_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    email = UserManager.normalize_email(email) if email else ""
    while True:
        plain = _new_code()
        digest = claim_code_digest(plain)
        if not ClaimCode.objects.filter(code_digest=digest).exists():
            break
    claim_code = ClaimCode.objects.create(
        umkm=locked,
        code_digest=digest,
        sent_to_email=email,
        created_by=official,
        expires_at=now + CLAIM_CODE_VALIDITY,
    )
    if email:
        language = translation.get_language() or settings.LANGUAGE_CODE
        transaction.on_commit(lambda: _send_claim_email(claim_code, plain, language))
    return claim_code, plain


def _send_claim_email(claim_code: ClaimCode, plain: str, language: str) -> None:
    with translation.override(language):
        context = {
            "umkm": claim_code.umkm,
            "code": plain,
            "claim_url": claim_url(),
            "expires_at": claim_code.expires_at,
        }
        send_portal_email("claim_invitation", context, [claim_code.sent_to_email])


def _count_attempt(user: User) -> None:
    key = f"partnerships:claim-attempts:{user.pk}"
    window = int(CLAIM_ATTEMPTS_WINDOW.total_seconds())
    cache.add(key, 0, window)
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        attempts = 1
    if attempts > CLAIM_ATTEMPTS_LIMIT:
        raise ClaimRefused(
            gettext("Too many attempts. Wait an hour, then try again."), "too_many_attempts"
        )


def claim_refusal_for_person(user: User) -> ClaimRefused | None:
    """Why this account cannot claim a business at all, or None."""
    if not user.is_umkm_owner:
        return ClaimRefused(
            gettext(
                "Only an account registered as an UMKM owner can claim a business. Sign up "
                "with another e-mail address as an UMKM owner."
            ),
            "not_owner",
        )
    if Umkm.objects.filter(owner=user).exists():
        return ClaimRefused(
            gettext("Your account already has a business: one account holds one UMKM."),
            "has_umkm",
        )
    return None


@transaction.atomic
def claim_code_redeem(*, code: str, user: User) -> Umkm:
    """The signed-in UMKM owner takes over the UMKM the code was issued for.

    Raises ClaimRefused: an unknown code gets one generic message (nothing to learn by
    probing); an expired, used or revoked one says so, since only its holder can type it.
    """
    _count_attempt(user)
    person = User.objects.select_for_update().get(pk=user.pk)
    refusal = claim_refusal_for_person(person)
    if refusal is not None:
        raise refusal
    if not normalise_claim_code(code):
        raise ClaimRefused(gettext("Enter the claim code."), "required")
    claim_code = (
        ClaimCode.objects.select_for_update().filter(code_digest=claim_code_digest(code)).first()
    )
    if claim_code is None:
        raise ClaimRefused(
            gettext(
                "This code is not valid. Check it against the paper or message from the "
                "official, or ask them for a new one."
            ),
            "unknown",
        )
    if claim_code.claimed_at is not None:
        raise ClaimRefused(gettext("This code has already been used."), "claimed")
    if claim_code.revoked_at is not None:
        raise ClaimRefused(
            gettext("This code was replaced by a newer one. Use the latest code you received."),
            "revoked",
        )
    now = timezone.now()
    if claim_code.expires_at <= now:
        raise ClaimRefused(
            gettext("This code has expired. Ask the official for a new one."), "expired"
        )
    umkm = Umkm.objects.select_for_update().get(pk=claim_code.umkm_id)
    if umkm.owner_id is not None:
        raise ClaimRefused(gettext("This code has already been used."), "claimed")
    umkm.owner = person
    umkm._history_user = person
    umkm.save(update_fields=["owner", "updated_at"])
    claim_code.claimed_at = now
    claim_code.claimed_by = person
    claim_code.save(update_fields=["claimed_at", "claimed_by"])
    return umkm
