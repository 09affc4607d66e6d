"""Commitments between the shared actors' own businesses, and their follow-up questions,
written straight to the database (the commitment services have their own tests).

``commitment_of(owner, representative)`` is ``make_commitment()`` between a verified UMKM
owned by ``owner`` and a verified firm that ``representative`` represents (either may be None
for a new party nobody here acts for). ``make_follow_ups(commitment)`` adds the six questions a
recorded commitment has: each side 1, 3 and 6 calendar months after the statement.
"""

import calendar
from datetime import date

from partnerships.models import (
    Commitment,
    CommitmentFollowUp,
    PartySide,
    VerificationState,
)
from partnerships.models.commitments import FOLLOW_UP_MONTHS
from tests.partnerships.factories import make_firm, make_representative, make_umkm
from tests.partnerships.factories_commitments import make_commitment


def own_umkm(owner, **overrides):
    return make_umkm(owner=owner, state=VerificationState.VERIFIED, **overrides)


def own_firm(representative, **overrides):
    firm = make_firm(state=VerificationState.VERIFIED, **overrides)
    make_representative(firm, user=representative)
    return firm


def commitment_of(owner=None, representative=None, **overrides) -> Commitment:
    if owner is not None and "umkm" not in overrides:
        overrides["umkm"] = own_umkm(owner)
    if representative is not None and "firm" not in overrides:
        overrides["firm"] = own_firm(representative)
    return make_commitment(**overrides)


def months_after(day: date, months: int) -> date:
    """The same day ``months`` calendar months later, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def make_follow_ups(commitment: Commitment, **fields) -> list[CommitmentFollowUp]:
    return [
        CommitmentFollowUp.objects.create(
            commitment=commitment,
            side=side,
            months=months,
            due_on=months_after(commitment.statement_signed_on, months),
            **fields,
        )
        for side in (PartySide.UMKM, PartySide.FIRM)
        for months in FOLLOW_UP_MONTHS
    ]
