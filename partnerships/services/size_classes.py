"""Naik kelas: an UMKM that moves into a higher size class (PP 7/2021) after signing a
commitment has that move recorded, so the programme can count it.

Every path that changes an UMKM's capital or annual sales calls
``size_class_change_record_if_up`` after saving the new figures, with the class the UMKM had
before: the owner's profile form (services/umkm_profiles.py) and the officials' UMKM change
form in the admin (admin/umkm.py). An assisted registration creates a new UMKM, which has no
commitment yet, so it has nothing to record.

What is recorded: a move up (micro to small, small to medium, or further, up to large), when
the UMKM has a commitment that is not cancelled and was signed on or before the day of the
move; the row names the earliest such commitment. A move down or sideways records nothing, and
neither does a move into a class the UMKM already reached after a commitment (a figure
corrected down and up again is not a second naik kelas), so saving a profile again never
records twice.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from partnerships.business_size import BusinessSize
from partnerships.models import Commitment, SizeClassChange, Umkm

SIZE_ORDER = (BusinessSize.MICRO, BusinessSize.SMALL, BusinessSize.MEDIUM, BusinessSize.LARGE)


def size_rank(size_class: str) -> int | None:
    """0 for micro up to 3 for large; None for anything else (a new UMKM has no class yet)."""
    try:
        return SIZE_ORDER.index(size_class)
    except ValueError:
        return None


@transaction.atomic
def size_class_change_record_if_up(
    *, umkm: Umkm, before_class: str, recorded_by=None, today: date | None = None
) -> SizeClassChange | None:
    """Records the UMKM's move from ``before_class`` to the class its saved figures give now,
    when that is naik kelas after a commitment; returns the new row, or None."""
    today = today or timezone.localdate()
    # The UMKM's row is locked so that two saves at once cannot both record the same move.
    umkm = Umkm.objects.select_for_update().get(pk=umkm.pk)
    before, after = size_rank(before_class), size_rank(umkm.size_class)
    if before is None or after is None or after <= before:
        return None
    reached = SizeClassChange.objects.filter(umkm=umkm, to_class__in=SIZE_ORDER[after:]).exists()
    if reached:
        return None
    commitment = (
        Commitment.objects.not_cancelled()
        .filter(umkm=umkm, statement_signed_on__lte=today)
        .order_by("statement_signed_on", "pk")
        .first()
    )
    if commitment is None:
        return None
    return SizeClassChange.objects.create(
        umkm=umkm,
        commitment=commitment,
        from_class=before_class,
        to_class=umkm.size_class,
        criterion=umkm.size_criterion,
        changed_on=today,
        recorded_by=recorded_by,
        created_at=timezone.now(),
    )
