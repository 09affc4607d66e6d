"""Taking a match out of the queue for the monthly bridging sessions: a party leaves it, or the
pair met directly and needs no session. Either side of the match or an official may do it."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerships.models import Match, QueueState, Umkm
from partnerships.parties import acts_for_firm, acts_for_umkm

LEFT_REASON_MAX_LENGTH = Match._meta.get_field("left_reason").max_length


class MatchError(ValueError):
    """The match cannot leave the queue this way; ``message`` says why, for the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _clean_reason(reason: str, *, required: bool) -> str:
    reason = (reason or "").strip()
    if "\x00" in reason:
        raise MatchError(_("The reason contains characters that cannot be stored."))
    if required and not reason:
        raise MatchError(_("Say why the match leaves the queue; the officials read it."))
    if len(reason) > LEFT_REASON_MAX_LENGTH:
        raise MatchError(
            _("The reason can be at most %(limit)s characters long; it has %(length)s.")
            % {"limit": LEFT_REASON_MAX_LENGTH, "length": len(reason)}
        )
    return reason


def _locked(match: Match, user) -> Match:
    # The pair's UMKM row first, as every write about the pair's interests and matches does.
    Umkm.objects.select_for_update().filter(pk=match.umkm_id).values_list("pk", flat=True).get()
    locked = (
        Match.objects.select_for_update(of=("self",))
        .select_related("umkm", "firm")
        .get(pk=match.pk)
    )
    if not (user.is_staff or acts_for_umkm(user, locked.umkm) or acts_for_firm(user, locked.firm)):
        raise MatchError(_("Only the two sides of a match and the officials can change it."))
    if locked.queue_state == QueueState.LEFT:
        raise MatchError(_("This match has already left the queue."))
    if locked.queue_state == QueueState.MET_DIRECTLY:
        raise MatchError(_("This match was already marked as met directly."))
    return locked


def _take_out(match: Match, *, state: str, user, reason: str) -> Match:
    match.queue_state = state
    match.left_at = timezone.now()
    match.left_by = user
    match.left_reason = reason
    match.save(update_fields=["queue_state", "left_at", "left_by", "left_reason"])
    return match


@transaction.atomic
def match_leave_queue(*, match: Match, user, reason: str) -> Match:
    """A side of the match (or an official) takes it out of the queue, saying why."""
    reason = _clean_reason(reason, required=True)
    return _take_out(_locked(match, user), state=QueueState.LEFT, user=user, reason=reason)


@transaction.atomic
def match_mark_met_directly(*, match: Match, user, reason: str = "") -> Match:
    """The pair met without a session (and needs none): it leaves the queue."""
    reason = _clean_reason(reason, required=False)
    return _take_out(_locked(match, user), state=QueueState.MET_DIRECTLY, user=user, reason=reason)
