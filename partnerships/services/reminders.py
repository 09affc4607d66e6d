"""Reminder e-mails that officials send to the people in their scope who have something left
to do: interests waiting for their answer, a profile still in draft, a registration sent back
for correction, or an account that never got as far as a profile.

One message per person per day (Jakarta date): the unique constraint on Reminder
(recipient, sent_on) decides, so two officials pressing the button at once still send one.
A person with both interests to answer and an unfinished registration gets one e-mail that
mentions both; it is recorded as a reminder about the interests, which expire. A new kind is
a new query in ``reminder_recipients`` and a template ``partnerships/email/reminder_<kind>.txt``.
"""

import logging
import smtplib
from dataclasses import dataclass, replace
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from partnerships.models import (
    Firm,
    FirmRepresentative,
    InterestDirection,
    InterestState,
    Reminder,
    ReminderKind,
    Umkm,
    VerificationState,
)
from partnerships.notifications import send_portal_email
from partnerships.officials import firms_in_scope, scoped_province_ids, umkm_in_scope
from portal.accounts.models import Role, User

logger = logging.getLogger(__name__)

REMINDER_PERMISSION = "partnerships.add_reminder"

# A profile in these states is the owner's to finish or correct.
INCOMPLETE_STATES = (VerificationState.DRAFT, VerificationState.REJECTED)

# Someone who signed up but has no profile yet gets a day before anyone reminds them.
GRACE_PERIOD = timedelta(days=1)


class Situation:
    """Why a person is reminded (what the message and the official's list say)."""

    UMKM_DRAFT = "umkm_draft"
    UMKM_REJECTED = "umkm_rejected"
    NO_UMKM = "no_umkm"
    FIRM_DRAFT = "firm_draft"
    FIRM_REJECTED = "firm_rejected"
    NO_FIRM = "no_firm"
    # Nothing unfinished: only interests waiting for the person's answer.
    PENDING_INTERESTS = "pending_interests"


SITUATION_LABELS = {
    Situation.UMKM_DRAFT: _("UMKM profile not yet submitted"),
    Situation.UMKM_REJECTED: _("UMKM registration needs correction"),
    Situation.NO_UMKM: _("signed up as an UMKM owner, no profile yet"),
    Situation.FIRM_DRAFT: _("firm profile not yet submitted"),
    Situation.FIRM_REJECTED: _("firm registration needs correction"),
    Situation.NO_FIRM: _("signed up as a firm representative, no firm yet"),
}


@dataclass(frozen=True)
class ReminderRecipient:
    """A person a reminder would go to, and why: ``situation`` is their unfinished
    registration (or PENDING_INTERESTS when there is none), ``pending_interests`` how many
    interests wait for their answer, about ``profile`` (their UMKM or firm)."""

    user: User
    kind: str
    situation: str
    profile: Umkm | Firm | None = None
    pending_interests: int = 0

    @property
    def reason(self) -> str:
        reasons = []
        if self.pending_interests:
            reasons.append(
                ngettext(
                    "%(count)d interest waiting for an answer",
                    "%(count)d interests waiting for an answer",
                    self.pending_interests,
                )
                % {"count": self.pending_interests}
            )
        if self.situation in SITUATION_LABELS:
            reasons.append(str(SITUATION_LABELS[self.situation]))
        return "; ".join(reasons)


def _confirmed_addresses():
    # Only addresses their owner confirmed: a mistyped address never gets our mail.
    return EmailAddress.objects.filter(verified=True).values("user")


def _not_reminded_today():
    return Reminder.objects.filter(sent_on=timezone.localdate()).values("recipient")


def _reachable(prefix: str = "") -> Q:
    return Q(**{f"{prefix}is_active": True, f"{prefix}pk__in": _confirmed_addresses()}) & ~Q(
        **{f"{prefix}pk__in": _not_reminded_today()}
    )


def _recipient_querysets(official: User):
    """The querysets behind ``reminder_recipients``: incomplete UMKM (with their owner),
    representatives of incomplete firms, and (for central officials only) accounts without
    a profile, or None."""
    umkm = (
        umkm_in_scope(Umkm.objects.all(), official)
        .filter(verification_state__in=INCOMPLETE_STATES, owner__isnull=False)
        .filter(_reachable("owner__"))
        .order_by("submitted_at", "pk")
    )
    firms = firms_in_scope(Firm.objects.filter(verification_state__in=INCOMPLETE_STATES), official)
    representatives = (
        FirmRepresentative.objects.filter(firm__in=firms.values("pk"))
        .filter(_reachable("user__"))
        .order_by("firm__name", "pk")
    )
    without_profile = None
    if scoped_province_ids(official) is None:
        without_profile = (
            User.objects.filter(
                _reachable(), date_joined__lt=timezone.now() - GRACE_PERIOD, is_staff=False
            )
            .filter(
                Q(role=Role.UMKM_OWNER, umkm__isnull=True)
                | Q(role=Role.FIRM_REPRESENTATIVE, firm_representative__isnull=True)
            )
            .order_by("date_joined", "pk")
        )
    return umkm, representatives, without_profile


def _pending_interest_querysets(official: User):
    """Who has interests waiting for their answer, with how many: owners of UMKM in
    ``official``'s scope for interests from firms, and representatives of firms in scope for
    interests from UMKM. Pending means what ``Interest.objects.pending()`` holds."""
    now = timezone.now()

    def waiting(prefix: str, direction: str) -> Count:
        return Count(
            f"{prefix}interests",
            filter=Q(
                **{
                    f"{prefix}interests__state": InterestState.PENDING,
                    f"{prefix}interests__direction": direction,
                    f"{prefix}interests__expires_at__gt": now,
                }
            ),
        )

    owners = (
        umkm_in_scope(Umkm.objects.filter(owner__isnull=False), official)
        .filter(_reachable("owner__"))
        .annotate(waiting=waiting("", InterestDirection.FROM_FIRM))
        .filter(waiting__gt=0)
        .order_by("pk")
    )
    firms = firms_in_scope(Firm.objects.all(), official)
    representatives = (
        FirmRepresentative.objects.filter(firm__in=firms.values("pk"))
        .filter(_reachable("user__"))
        .annotate(waiting=waiting("firm__", InterestDirection.FROM_UMKM))
        .filter(waiting__gt=0)
        .order_by("firm__name", "pk")
    )
    return owners, representatives


def _with_pending_interests(official: User) -> dict[int, ReminderRecipient]:
    """The people with interests to answer, by user id, in a fixed number of queries."""
    owners, representatives = _pending_interest_querysets(official)
    found: dict[int, ReminderRecipient] = {}
    receivers = [(umkm.owner, umkm, umkm.waiting) for umkm in owners.select_related("owner")]
    receivers += [
        (representative.user, representative.firm, representative.waiting)
        for representative in representatives.select_related("user", "firm")
    ]
    for user, profile, count in receivers:
        earlier = found.get(user.pk)
        if earlier is not None:
            # An owner who also represents a firm: one message about all of it, naming neither.
            profile = earlier.profile if earlier.profile == profile else None
            count += earlier.pending_interests
        found[user.pk] = ReminderRecipient(
            user, ReminderKind.PENDING_INTERESTS, Situation.PENDING_INTERESTS, profile, count
        )
    return found


def reminder_recipients(*, official: User) -> list[ReminderRecipient]:
    """The people in ``official``'s scope whom a reminder would reach today, one entry per
    person, in a fixed number of queries.

    Regional officials reach owners by their UMKM's province and representatives by their
    firm's locations; people without any profile have no province, so only central officials
    (and superusers) remind those. People with interests to answer come first (interests
    expire); one who also has an unfinished registration is listed once, with both.
    """
    umkm, representatives, without_profile = _recipient_querysets(official)
    pending = _with_pending_interests(official)
    found: list[ReminderRecipient] = []
    for profile in umkm.select_related("owner"):
        situation = (
            Situation.UMKM_REJECTED
            if profile.verification_state == VerificationState.REJECTED
            else Situation.UMKM_DRAFT
        )
        found.append(
            ReminderRecipient(profile.owner, ReminderKind.INCOMPLETE_PROFILE, situation, profile)
        )
    for representative in representatives.select_related("user", "firm"):
        firm = representative.firm
        situation = (
            Situation.FIRM_REJECTED
            if firm.verification_state == VerificationState.REJECTED
            else Situation.FIRM_DRAFT
        )
        found.append(
            ReminderRecipient(representative.user, ReminderKind.INCOMPLETE_PROFILE, situation, firm)
        )
    for user in without_profile if without_profile is not None else ():
        situation = Situation.NO_UMKM if user.is_umkm_owner else Situation.NO_FIRM
        found.append(ReminderRecipient(user, ReminderKind.INCOMPLETE_PROFILE, situation))
    # One message per person, whatever else they have waiting.
    seen: set[int] = set()
    unfinished = []
    for recipient in found:
        if recipient.user.pk in seen:
            continue
        seen.add(recipient.user.pk)
        answering = pending.get(recipient.user.pk)
        if answering is None:
            unfinished.append(recipient)
        else:
            # The unfinished registration rides along in the interests' e-mail.
            pending[recipient.user.pk] = replace(answering, situation=recipient.situation)
    return [*pending.values(), *unfinished]


def reminder_recipient_count(*, official: User) -> int:
    """How many people ``reminder_recipients`` would find, reading only their ids."""
    umkm, representatives, without_profile = _recipient_querysets(official)
    people = set(umkm.values_list("owner_id", flat=True))
    people.update(representatives.values_list("user_id", flat=True))
    if without_profile is not None:
        people.update(without_profile.values_list("pk", flat=True))
    owners, firm_people = _pending_interest_querysets(official)
    people.update(owners.values_list("owner_id", flat=True))
    people.update(firm_people.values_list("user_id", flat=True))
    return len(people)


def _language_of(user: User) -> str:
    """The language to write to ``user`` in. The portal does not store a preference yet, so
    everyone gets the portal's language (Indonesian), as with the other e-mails."""
    preferred = getattr(user, "language", "")
    return preferred if preferred in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _send(recipient: ReminderRecipient) -> None:
    with translation.override(_language_of(recipient.user)):
        context = {
            "recipient": recipient,
            "user": recipient.user,
            "profile": recipient.profile,
            "situation": recipient.situation,
            "pending_interests": recipient.pending_interests,
            "dashboard_url": f"{settings.SITE_URL}{reverse('dashboard')}",
            "interests_url": f"{settings.SITE_URL}{reverse('interest_list')}",
        }
        send_portal_email(f"reminder_{recipient.kind}", context, [recipient.user.email])


def reminders_send(*, official: User, recipients: list[ReminderRecipient] | None = None) -> int:
    """E-mails a reminder to each of ``recipients`` (by default everyone
    ``reminder_recipients`` finds) and records it; returns how many went out.

    Each person is one savepoint: the Reminder row is written first, and a person another
    official reminded in the meantime (the row exists for today) is skipped. A message the mail
    server refuses rolls its row back, so that person can be reminded again later.
    """
    if not official.has_perm(REMINDER_PERMISSION):
        raise PermissionDenied
    if recipients is None:
        recipients = reminder_recipients(official=official)
    sent = 0
    for recipient in recipients:
        now = timezone.now()
        try:
            with transaction.atomic():
                Reminder.objects.create(
                    recipient=recipient.user,
                    kind=recipient.kind,
                    sent_at=now,
                    sent_on=timezone.localdate(now),
                    sent_by=official,
                )
                _send(recipient)
        except IntegrityError:
            continue  # already reminded today
        except (smtplib.SMTPException, OSError):
            logger.exception("Reminder to user %s not sent", recipient.user.pk)
            continue
        sent += 1
    return sent
