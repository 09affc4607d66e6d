"""Who acts for which side of an interest: the UMKM's owner for the UMKM, any of the firm's
representatives for the firm. Access helpers and the interest services share these rules."""

from django.db.models import TextChoices

from partnerships.models import Firm, FirmRepresentative, Interest, InterestDirection, Umkm


class Side(TextChoices):
    SENDER = "sender"
    RECEIVER = "receiver"


def acts_for_umkm(user, umkm: Umkm) -> bool:
    return (
        user.is_authenticated
        and user.is_umkm_owner
        and umkm.owner_id is not None
        and umkm.owner_id == user.pk
    )


def acts_for_firm(user, firm: Firm) -> bool:
    return (
        user.is_authenticated
        and user.is_firm_representative
        and FirmRepresentative.objects.filter(user=user, firm=firm).exists()
    )


def direction_from(user, *, umkm: Umkm, firm: Firm) -> InterestDirection | None:
    """The direction of an interest this person would send between the pair, or None when
    they act for neither."""
    if acts_for_umkm(user, umkm):
        return InterestDirection.FROM_UMKM
    if acts_for_firm(user, firm):
        return InterestDirection.FROM_FIRM
    return None


def side_of(user, interest: Interest) -> Side | None:
    """Whether this person acts for the side that sent the interest or the one receiving it;
    None for anybody else (officials included: they use the admin)."""
    direction = direction_from(user, umkm=interest.umkm, firm=interest.firm)
    if direction is None:
        return None
    return Side.SENDER if direction == interest.direction else Side.RECEIVER
