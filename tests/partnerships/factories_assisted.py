"""Records for the assisted-registration and duplicate-review tests."""

from datetime import timedelta

from django.utils import timezone

from partnerships.models import ClaimCode, DuplicateCandidate, Umkm, VerificationState
from partnerships.services.assisted_registration import claim_code_digest
from tests.partnerships.factories import make_umkm


def make_assisted_umkm(official, **overrides) -> Umkm:
    """An UMKM an official entered for its owner: no owner account, awaiting verification."""
    return make_umkm(
        owner=None,
        is_assisted=True,
        registered_by=official,
        state=VerificationState.SUBMITTED,
        **overrides,
    )


def make_claim_code(umkm: Umkm, plain: str = "KMT-ABCD-EFGH", **fields) -> ClaimCode:
    return ClaimCode.objects.create(
        umkm=umkm,
        code_digest=claim_code_digest(plain),
        expires_at=fields.pop("expires_at", timezone.now() + timedelta(days=30)),
        **fields,
    )


def make_candidate(a: Umkm, b: Umkm, similarity: float = 0.9, **fields) -> DuplicateCandidate:
    first, second = sorted([a, b], key=lambda umkm: umkm.pk)
    return DuplicateCandidate.objects.create(
        first=first, second=second, similarity=similarity, **fields
    )
