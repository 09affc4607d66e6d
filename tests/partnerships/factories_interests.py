"""The two sides of an interest, and interests and matches written straight to the database
(the services' tests send them through the services instead)."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from partnerships.models import (
    Firm,
    Interest,
    InterestDirection,
    InterestState,
    Match,
    Need,
    QueueState,
    Umkm,
    VerificationState,
)
from portal.accounts.models import User
from tests.partnerships.factories import make_firm, make_representative, make_umkm


@dataclass(frozen=True)
class Pair:
    """A verified UMKM with its owner and a verified firm with one representative."""

    umkm: Umkm
    owner: User
    firm: Firm
    representative: User


def make_pair(
    *,
    umkm_state: str = VerificationState.VERIFIED,
    firm_state: str = VerificationState.VERIFIED,
    **umkm_fields,
) -> Pair:
    umkm = make_umkm(state=umkm_state, **umkm_fields)
    firm = make_firm(state=firm_state, locations=["3273"])
    return Pair(
        umkm=umkm,
        owner=umkm.owner,
        firm=firm,
        representative=make_representative(firm, job_title="Procurement Manager").user,
    )


def make_interest(
    pair: Pair,
    *,
    direction: str = InterestDirection.FROM_FIRM,
    need: Need | None = None,
    state: str = InterestState.PENDING,
    sent_days_ago: float = 0,
    valid_days: float = 14,
    message: str = "Kami tertarik bermitra dengan usaha Anda.",
    **fields,
) -> Interest:
    """An interest between the pair sent ``sent_days_ago`` days ago and expiring
    ``valid_days`` after; one that is not pending was answered (or ended) an hour ago."""
    sent_at = timezone.now() - timedelta(days=sent_days_ago)
    if state != InterestState.PENDING:
        fields.setdefault("answered_at", timezone.now() - timedelta(hours=1))
    return Interest.objects.create(
        umkm=pair.umkm,
        firm=pair.firm,
        need=need,
        direction=direction,
        sent_by=pair.representative if direction == InterestDirection.FROM_FIRM else pair.owner,
        message=message,
        state=state,
        sent_at=sent_at,
        expires_at=sent_at + timedelta(days=valid_days),
        **fields,
    )


def make_match(pair: Pair, *, score: int = 70, is_mutual: bool = False, **fields) -> Match:
    """The pair's match, waiting in the queue unless ``queue_state`` says otherwise."""
    if fields.get("queue_state", QueueState.WAITING) != QueueState.WAITING:
        fields.setdefault("left_at", timezone.now())
    return Match.objects.create(
        umkm=pair.umkm, firm=pair.firm, score=score, is_mutual=is_mutual, **fields
    )
