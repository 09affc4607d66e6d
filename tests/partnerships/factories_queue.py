"""Matches and interests for the queue, dashboard, reminder and merge tests, written straight
to the database (not through the interest services, which other tests cover)."""

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
from tests.partnerships.factories import make_firm, make_umkm, regency


def make_pair(
    umkm_regency: str = "3273", firm_locations: tuple[str, ...] = ("3273",), **umkm_fields
) -> tuple[Umkm, Firm]:
    """A verified UMKM in ``umkm_regency`` and a verified firm operating in ``firm_locations``."""
    umkm = make_umkm(state=VerificationState.VERIFIED, regency=regency(umkm_regency), **umkm_fields)
    firm = make_firm(state=VerificationState.VERIFIED, locations=firm_locations)
    return umkm, firm


def make_match(
    umkm: Umkm | None = None,
    firm: Firm | None = None,
    *,
    score: int = 60,
    is_mutual: bool = False,
    waiting_days: float = 0,
    queue_state: str = QueueState.WAITING,
    left_by: User | None = None,
    left_reason: str = "",
    **fields,
) -> Match:
    """A match between ``umkm`` and ``firm`` (a new verified pair in Bandung if not given),
    waiting since ``waiting_days`` days ago; one that is not waiting left an hour ago."""
    if umkm is None or firm is None:
        new_umkm, new_firm = make_pair()
        umkm, firm = umkm or new_umkm, firm or new_firm
    now = timezone.now()
    if queue_state != QueueState.WAITING:
        fields.setdefault("left_at", now - timedelta(hours=1))
    return Match.objects.create(
        umkm=umkm,
        firm=firm,
        score=score,
        is_mutual=is_mutual,
        matched_at=now - timedelta(days=waiting_days),
        queue_state=queue_state,
        left_by=left_by,
        left_reason=left_reason,
        **fields,
    )


def make_interest(
    umkm: Umkm,
    firm: Firm,
    *,
    need: Need | None = None,
    direction: str = InterestDirection.FROM_FIRM,
    state: str = InterestState.PENDING,
    sent_days_ago: float = 1,
    expires_in_days: float = 13,
    sent_by: User | None = None,
    match: Match | None = None,
    message: str = "Kami tertarik bekerja sama dengan usaha Anda.",
    **fields,
) -> Interest:
    """An interest sent ``sent_days_ago`` days ago that expires ``expires_in_days`` days from
    now (negative: already past). An answered one was answered an hour ago; an accepted one
    belongs to ``match`` (a new waiting match of the pair if not given)."""
    now = timezone.now()
    if state != InterestState.PENDING:
        fields.setdefault("answered_at", now - timedelta(hours=1))
    if state == InterestState.ACCEPTED and match is None:
        match = make_match(umkm, firm)
    if state == InterestState.DECLINED:
        fields.setdefault("decline_reason", "Kapasitas kami sedang penuh.")
    return Interest.objects.create(
        umkm=umkm,
        firm=firm,
        need=need,
        direction=direction,
        state=state,
        sent_at=now - timedelta(days=sent_days_ago),
        expires_at=now + timedelta(days=expires_in_days),
        sent_by=sent_by,
        match=match,
        message=message,
        **fields,
    )
