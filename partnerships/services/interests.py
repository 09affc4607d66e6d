"""Interest between a firm and an UMKM: sending it, answering it, withdrawing it, its expiry
and the reminder before it; and the selectors of the pages that list interests.

The direction follows from the sender: a firm representative writes for the firm, an UMKM
owner for the UMKM. Both parties are verified. One interest per pair and need waits for an
answer at a time (two partial unique constraints): a second submit from the same side returns
the first, and an interest sent while the other side's one waits accepts theirs, a mutual match.

Writes that touch a pair lock its UMKM row first (then the interest), in that order everywhere,
so a double click, two colleagues of a firm or both sides at once are served one after the
other; the unique constraints stay as the last guard.
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from partnerships.models import (
    DECLINE_REASON_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    Firm,
    Interest,
    InterestDirection,
    InterestState,
    Match,
    Need,
    ProgrammeSettings,
    QueueState,
    Umkm,
)
from partnerships.notifications import send_portal_email
from partnerships.parties import Side, direction_from, side_of
from partnerships.recommendations import match_score_for

logger = logging.getLogger(__name__)

# How many received interests waiting for an answer the dashboard lists, soonest expiry first.
DASHBOARD_TO_ANSWER = 3


class InterestError(ValueError):
    """The interest cannot be sent or answered this way; ``message`` says why, for the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class Outcome(StrEnum):
    SENT = "sent"
    ALREADY_SENT = "already_sent"
    ACCEPTED_THEIRS = "accepted_theirs"


@dataclass(frozen=True)
class InterestSent:
    """What sending did: a new interest, the same side's pending one returned unchanged, or
    the other side's pending one accepted (``interest`` is then theirs, with its match)."""

    interest: Interest
    outcome: Outcome


# Checks


def _storable(text: str) -> str:
    text = (text or "").strip()
    if "\x00" in text:
        raise InterestError(_("The text contains characters that cannot be stored."))
    return text


def _clean_message(message: str) -> str:
    message = _storable(message)
    if not message:
        raise InterestError(_("Write a short message to the other side."))
    if len(message) > MESSAGE_MAX_LENGTH:
        raise InterestError(
            _("The message can be at most %(limit)s characters long; it has %(length)s.")
            % {"limit": MESSAGE_MAX_LENGTH, "length": len(message)}
        )
    return message


def _clean_reason(reason: str) -> str:
    reason = _storable(reason)
    if len(reason) > DECLINE_REASON_MAX_LENGTH:
        raise InterestError(
            _("The reason can be at most %(limit)s characters long; it has %(length)s.")
            % {"limit": DECLINE_REASON_MAX_LENGTH, "length": len(reason)}
        )
    return reason


def interest_pair(*, party: Umkm | Firm, other: Umkm | Firm) -> tuple[Umkm, Firm]:
    """The (UMKM, firm) pair of an interest that ``party`` sends to ``other``: an UMKM writes
    to firms and a firm to UMKM, never to itself."""
    if type(party) is type(other):
        if party.pk == other.pk:
            raise InterestError(
                _("You cannot send interest to your own business.")
                if isinstance(party, Umkm)
                else _("You cannot send interest to your own firm.")
            )
        raise InterestError(
            _("An UMKM sends interest to firms, not to another UMKM.")
            if isinstance(party, Umkm)
            else _("A firm sends interest to UMKM, not to another firm.")
        )
    return (party, other) if isinstance(party, Umkm) else (other, party)


def interest_check(*, sender, umkm: Umkm, firm: Firm, need: Need | None) -> InterestDirection:
    """Refuses (InterestError) an interest ``sender`` may not send between the pair; returns its
    direction. Reads only: the pages ask it before showing the form."""
    direction = direction_from(sender, umkm=umkm, firm=firm)
    if direction is None:
        raise InterestError(
            _(
                "Only the owner of an UMKM or a representative of a firm sends interest, for "
                "their own business."
            )
        )
    own_party, other_party = (
        (umkm, firm) if direction == InterestDirection.FROM_UMKM else (firm, umkm)
    )
    if not own_party.is_verified:
        raise InterestError(
            _("Your business must be verified by an official before you can send interest.")
            if isinstance(own_party, Umkm)
            else _("Your firm must be verified by an official before it can send interest.")
        )
    if not other_party.is_verified:
        raise InterestError(
            _("This UMKM is not verified: interest goes only to verified UMKM.")
            if isinstance(other_party, Umkm)
            else _("This firm is not verified: interest goes only to verified firms.")
        )
    if direction == InterestDirection.FROM_FIRM and umkm.owner_id is None:
        # Registered by an official and not claimed yet: nobody could answer.
        raise InterestError(
            _(
                "The owner of this UMKM has not taken over its profile on the portal yet, so "
                "nobody could answer. The programme's officials can put you in touch."
            )
        )
    if need is not None:
        if need.firm_id != firm.pk:
            raise InterestError(_("This need belongs to another firm."))
        if not Need.objects.open().filter(pk=need.pk).exists():
            raise InterestError(_("This need is no longer open; send interest in general instead."))
    return direction


def _refuse_unless_pending(interest: Interest, now: datetime) -> None:
    if interest.state == InterestState.PENDING and interest.expires_at > now:
        return
    if interest.state == InterestState.ACCEPTED:
        raise InterestError(_("This interest was already accepted."))
    if interest.state == InterestState.DECLINED:
        raise InterestError(_("This interest was already declined."))
    if interest.state == InterestState.WITHDRAWN:
        raise InterestError(_("The sender withdrew this interest."))
    date = formats.date_format(timezone.localtime(interest.expires_at), "DATE_FORMAT")
    raise InterestError(_("This interest expired on %(date)s without an answer.") % {"date": date})


# Writes


def _lock_pair(umkm_id: int) -> None:
    # The UMKM row stands for the pair: every write about its interests and matches takes it.
    Umkm.objects.select_for_update().filter(pk=umkm_id).values_list("pk", flat=True).get()


def _pending_of_pair(*, umkm: Umkm, firm: Firm, need: Need | None) -> QuerySet:
    return Interest.objects.filter(umkm=umkm, firm=firm, need=need, state=InterestState.PENDING)


def _expire(interests: QuerySet, now: datetime) -> int:
    # The expiry is the moment it ended, whenever the job notices it.
    return interests.filter(state=InterestState.PENDING, expires_at__lte=now).update(
        state=InterestState.EXPIRED, answered_at=F("expires_at")
    )


@transaction.atomic
def interest_send(
    *, sender, umkm: Umkm, firm: Firm, need: Need | None, message: str
) -> InterestSent:
    """Sends ``sender``'s interest (see the module's docstring); says what it did."""
    message = _clean_message(message)
    direction = interest_check(sender=sender, umkm=umkm, firm=firm, need=need)
    _lock_pair(umkm.pk)
    now = timezone.now()
    _expire(_pending_of_pair(umkm=umkm, firm=firm, need=need), now)
    existing = _pending_of_pair(umkm=umkm, firm=firm, need=need).select_for_update().first()
    if existing is not None:
        if existing.direction == direction:
            return InterestSent(existing, Outcome.ALREADY_SENT)
        _accept(existing, user=sender, now=now, mutual=True, reply=message)
        return InterestSent(existing, Outcome.ACCEPTED_THEIRS)
    validity = timedelta(days=ProgrammeSettings.current().interest_validity_days)
    try:
        with transaction.atomic():
            interest = Interest.objects.create(
                umkm=umkm,
                firm=firm,
                need=need,
                direction=direction,
                sent_by=sender,
                message=message,
                sent_at=now,
                expires_at=now + validity,
            )
    except IntegrityError:
        # Only a writer that skipped the lock gets here: the constraint kept one row.
        existing = _pending_of_pair(umkm=umkm, firm=firm, need=need).first()
        if existing is None or existing.direction != direction:
            raise
        return InterestSent(existing, Outcome.ALREADY_SENT)
    transaction.on_commit(lambda: _notify("interest_received", interest, _receivers(interest)))
    return InterestSent(interest, Outcome.SENT)


def interest_express(
    *, sender, umkm: Umkm, firm: Firm, need: Need | None, message: str
) -> Interest:
    """Sends interest and returns it: the new one, the same side's pending one (a double
    submit), or the other side's pending one, now accepted (a mutual match)."""
    return interest_send(sender=sender, umkm=umkm, firm=firm, need=need, message=message).interest


def _locked(interest: Interest) -> Interest:
    _lock_pair(interest.umkm_id)
    # "self" only: the need is on the nullable side of an outer join, which cannot be locked.
    return (
        Interest.objects.select_for_update(of=("self",))
        .select_related("umkm__owner", "firm", "need")
        .get(pk=interest.pk)
    )


def _refuse_unless_side(interest: Interest, user, side: Side) -> None:
    if side_of(user, interest) == side:
        return
    if side == Side.RECEIVER:
        raise InterestError(_("Only the side that received this interest can answer it."))
    raise InterestError(_("Only the side that sent this interest can withdraw it."))


def _accept(interest: Interest, *, user, now: datetime, mutual: bool, reply: str = "") -> Match:
    """Accepts the locked ``interest``: the pair's waiting match (made now if there is none)."""
    mutual = (
        mutual
        or Interest.objects.filter(umkm_id=interest.umkm_id, firm_id=interest.firm_id)
        .exclude(direction=interest.direction)
        .exists()
    )
    match = (
        Match.objects.select_for_update()
        .filter(umkm_id=interest.umkm_id, firm_id=interest.firm_id, queue_state=QueueState.WAITING)
        .first()
    )
    if match is None:
        score = match_score_for(firm=interest.firm, umkm=interest.umkm, need=interest.need).score
        match = Match.objects.create(
            umkm_id=interest.umkm_id,
            firm_id=interest.firm_id,
            matched_at=now,
            is_mutual=mutual,
            score=max(0, min(100, int(score))),
        )
    elif mutual and not match.is_mutual:
        match.is_mutual = True
        match.save(update_fields=["is_mutual"])
    interest.state = InterestState.ACCEPTED
    interest.answered_at = now
    interest.answered_by = user
    interest.match = match
    interest.save(update_fields=["state", "answered_at", "answered_by", "match"])
    transaction.on_commit(
        lambda: _notify(
            "interest_accepted", interest, _senders(interest), answered_by=user, reply=reply
        )
    )
    return match


@transaction.atomic
def interest_accept(*, interest: Interest, user) -> Match:
    """The receiving side accepts: the pair waits in the queue for a bridging session."""
    locked = _locked(interest)
    _refuse_unless_side(locked, user, Side.RECEIVER)
    now = timezone.now()
    _refuse_unless_pending(locked, now)
    return _accept(locked, user=user, now=now, mutual=False)


@transaction.atomic
def interest_decline(*, interest: Interest, user, reason: str = "") -> Interest:
    """The receiving side declines, with a reason the sender reads if given."""
    reason = _clean_reason(reason)
    locked = _locked(interest)
    _refuse_unless_side(locked, user, Side.RECEIVER)
    now = timezone.now()
    _refuse_unless_pending(locked, now)
    locked.state = InterestState.DECLINED
    locked.answered_at = now
    locked.answered_by = user
    locked.decline_reason = reason
    locked.save(update_fields=["state", "answered_at", "answered_by", "decline_reason"])
    transaction.on_commit(
        lambda: _notify("interest_declined", locked, _senders(locked), answered_by=user)
    )
    return locked


@transaction.atomic
def interest_withdraw(*, interest: Interest, user) -> Interest:
    """The sending side takes its pending interest back; the pair may write again later."""
    locked = _locked(interest)
    _refuse_unless_side(locked, user, Side.SENDER)
    now = timezone.now()
    _refuse_unless_pending(locked, now)
    locked.state = InterestState.WITHDRAWN
    locked.answered_at = now
    locked.answered_by = user
    locked.save(update_fields=["state", "answered_at", "answered_by"])
    return locked


@transaction.atomic
def interests_expire_due(*, now: datetime | None = None) -> int:
    """Marks pending interests past their expiry as expired; returns how many."""
    return _expire(Interest.objects.all(), now or timezone.now())


def interest_reminders_send(*, now: datetime | None = None) -> int:
    """E-mails the receiver of each pending interest that expires within the programme's
    reminder days, once (``reminded_at``); returns how many reminders went out.

    Each interest is its own transaction: the row is marked and the message sent inside it, so
    two runs at once remind once, and a message the mail server refuses is tried again on the
    next run.
    """
    now = now or timezone.now()
    window = timedelta(days=ProgrammeSettings.current().interest_reminder_days)
    due = list(
        Interest.objects.filter(
            state=InterestState.PENDING,
            reminded_at__isnull=True,
            expires_at__gt=now,
            expires_at__lte=now + window,
        ).values_list("pk", flat=True)
    )
    sent = 0
    for pk in due:
        try:
            with transaction.atomic():
                interest = (
                    Interest.objects.select_for_update(of=("self",))
                    .select_related("umkm__owner", "firm", "need", "sent_by")
                    .filter(pk=pk, state=InterestState.PENDING, reminded_at__isnull=True)
                    .first()
                )
                if interest is None:
                    continue  # answered, or reminded by another run, meanwhile
                interest.reminded_at = now
                interest.save(update_fields=["reminded_at"])
                recipients = _receivers(interest)
                if recipients:
                    _send("interest_reminder", interest, recipients)
        except (smtplib.SMTPException, OSError):
            logger.exception("Reminder about interest %s not sent", pk)
            continue
        sent += 1
    return sent


# E-mails


def _umkm_recipients(umkm: Umkm) -> list[str]:
    # The owner's account address, not the business one: the account is who signs in to answer.
    owner = umkm.owner
    return [owner.email] if owner is not None and owner.is_active and owner.email else []


def _firm_recipients(firm: Firm) -> list[str]:
    return [
        email
        for email in firm.representatives.filter(user__is_active=True)
        .order_by("joined_at", "pk")
        .values_list("user__email", flat=True)
        if email
    ]


def _receivers(interest: Interest) -> list[str]:
    if interest.direction == InterestDirection.FROM_FIRM:
        return _umkm_recipients(interest.umkm)
    return _firm_recipients(interest.firm)


def _senders(interest: Interest) -> list[str]:
    if interest.direction == InterestDirection.FROM_FIRM:
        return _firm_recipients(interest.firm)
    return _umkm_recipients(interest.umkm)


def _send(template: str, interest: Interest, recipients: list[str], **extra) -> None:
    # People have no stored language; the portal's (Indonesian) is the one they signed up in.
    with translation.override(settings.LANGUAGE_CODE):
        from_firm = interest.direction == InterestDirection.FROM_FIRM
        context = {
            "interest": interest,
            "sender_party": interest.firm.name if from_firm else interest.umkm.name,
            "receiver_party": interest.umkm.name if from_firm else interest.firm.name,
            "sender_name": interest.sent_by.name if interest.sent_by else "",
            "expires_on": formats.date_format(
                timezone.localtime(interest.expires_at), "DATE_FORMAT"
            ),
            "interest_url": settings.SITE_URL + reverse("interest_detail", args=[interest.pk]),
            **extra,
        }
        send_portal_email(template, context, recipients)


def _notify(template: str, interest: Interest, recipients: list[str], **extra) -> None:
    """Sends after the commit; a mail server that refuses does not undo what was done."""
    if not recipients:
        return
    try:
        _send(template, interest, recipients, **extra)
    except (smtplib.SMTPException, OSError):
        logger.exception("E-mail %s about interest %s not sent", template, interest.pk)


# Selectors


@dataclass(frozen=True)
class InterestLists:
    received: list[Interest]
    sent: list[Interest]


def _of_party(party: Umkm | Firm) -> tuple[QuerySet, str]:
    """The party's interests and the direction of those it received."""
    if isinstance(party, Umkm):
        return Interest.objects.filter(umkm=party), InterestDirection.FROM_FIRM
    return Interest.objects.filter(firm=party), InterestDirection.FROM_UMKM


def _in_state(interests: QuerySet, state: str, now: datetime) -> QuerySet:
    """By the state people see: a pending interest past its expiry is expired already."""
    if not state:
        return interests
    if state == InterestState.PENDING:
        return interests.filter(state=InterestState.PENDING, expires_at__gt=now)
    if state == InterestState.EXPIRED:
        return interests.filter(
            Q(state=InterestState.EXPIRED) | Q(state=InterestState.PENDING, expires_at__lte=now)
        )
    return interests.filter(state=state)


def interests_of_party(*, party: Umkm | Firm, state: str = "") -> InterestLists:
    """The interests an UMKM or a firm received and sent, newest first, optionally in one
    state (an InterestState value), with both parties, the need and the match loaded: one query.
    """
    interests, received = _of_party(party)
    rows = list(
        _in_state(interests, state, timezone.now())
        .select_related(
            "umkm__province", "umkm__regency", "firm", "need", "match", "sent_by", "answered_by"
        )
        .order_by("-sent_at", "-pk")
    )
    return InterestLists(
        received=[row for row in rows if row.direction == received],
        sent=[row for row in rows if row.direction != received],
    )


@dataclass(frozen=True)
class InterestSummary:
    """What a dashboard shows of a party's interests."""

    received_pending: int
    to_answer: list[Interest]
    sent_pending: int
    waiting_matches: int


def interest_summary_of_party(*, party: Umkm | Firm) -> InterestSummary:
    """Counts of pending interests received and sent, the few received ones that expire
    first, and the number of matches waiting for a session: three queries."""
    interests, received = _of_party(party)
    pending = interests.filter(state=InterestState.PENDING, expires_at__gt=timezone.now())
    counts = pending.aggregate(
        received=Count("pk", filter=Q(direction=received)),
        sent=Count("pk", filter=~Q(direction=received)),
    )
    to_answer = list(
        pending.filter(direction=received)
        .select_related("umkm", "firm", "need")
        .order_by("expires_at", "pk")[:DASHBOARD_TO_ANSWER]
    )
    matches = Match.objects.waiting().filter(
        **({"umkm": party} if isinstance(party, Umkm) else {"firm": party})
    )
    return InterestSummary(
        received_pending=counts["received"],
        to_answer=to_answer,
        sent_pending=counts["sent"],
        waiting_matches=matches.count(),
    )
