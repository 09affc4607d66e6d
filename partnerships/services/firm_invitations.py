"""A representative invites a colleague by e-mail; the colleague joins the same firm."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from partnerships.models import Firm, FirmInvitation, FirmRepresentative
from partnerships.notifications import send_portal_email
from portal.accounts.models import Role, User, UserManager


class InvitationUnavailable(Exception):
    """The invitation was accepted or cancelled meanwhile: its link no longer works."""


class InvitationRefused(Exception):
    """This person may not accept this invitation; the message says why, for them to read."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@transaction.atomic
def firm_invitation_send(*, firm: Firm, invited_by: User, email: str) -> FirmInvitation:
    """Raises ValidationError (for the e-mail field) when the address cannot be invited."""
    email = UserManager.normalize_email(email)
    # Two colleagues inviting the same address at once: the second one sees the first.
    Firm.objects.select_for_update().filter(pk=firm.pk).get()
    if FirmRepresentative.objects.filter(user__email__iexact=email).exists():
        raise ValidationError(
            _(
                "This address already represents a firm on the portal. A person can "
                "represent only one firm."
            ),
            code="already_representative",
        )
    if FirmInvitation.objects.filter(
        firm=firm, email__iexact=email, accepted_at__isnull=True
    ).exists():
        raise ValidationError(
            _("This address already has an open invitation to this firm."),
            code="already_invited",
        )
    invitation = FirmInvitation.objects.create(
        firm=firm, email=email, token=secrets.token_urlsafe(32), invited_by=invited_by
    )
    # The colleague most likely reads the language the inviter is using now.
    language = translation.get_language() or settings.LANGUAGE_CODE
    transaction.on_commit(lambda: _send_invitation_email(invitation, language))
    return invitation


def _send_invitation_email(invitation: FirmInvitation, language: str) -> None:
    with translation.override(language):
        context = {
            "firm": invitation.firm,
            "invited_by": invitation.invited_by,
            "accept_url": settings.SITE_URL
            + reverse("firm_invitation_accept", kwargs={"token": invitation.token}),
        }
        send_portal_email("firm_invitation", context, [invitation.email])


@transaction.atomic
def firm_invitation_cancel(*, invitation: FirmInvitation) -> None:
    FirmInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).delete()


def firm_invitation_refusal(*, invitation: FirmInvitation, user: User):
    """Why this person may not accept this invitation, or None when they may."""
    if user.email.lower() != invitation.email.lower():
        return _(
            "This invitation was sent to another e-mail address. Sign in with the address "
            "that received the invitation to accept it."
        )
    if user.is_staff:
        return _("An official's account cannot represent a firm. Use a separate account.")
    if user.is_umkm_owner:
        return _(
            "Your account is registered as an UMKM owner, so it cannot also represent a firm. "
            "Sign up with another e-mail address to represent the firm."
        )
    current = FirmRepresentative.objects.filter(user=user).values_list("firm_id", flat=True)
    current_firm_id = current.first()
    if current_firm_id == invitation.firm_id:
        return _("You already represent this firm.")
    if current_firm_id is not None:
        return _(
            "You already represent another firm on the portal, and a person can represent "
            "only one firm."
        )
    return None


@transaction.atomic
def firm_invitation_accept(
    *, invitation: FirmInvitation, user: User, job_title: str = ""
) -> FirmRepresentative:
    """The signed-in person joins the invitation's firm; a token is used once."""
    locked = (
        FirmInvitation.objects.select_for_update()
        .filter(pk=invitation.pk, accepted_at__isnull=True)
        .first()
    )
    if locked is None:
        raise InvitationUnavailable
    person = User.objects.select_for_update().get(pk=user.pk)
    refusal = firm_invitation_refusal(invitation=locked, user=person)
    if refusal is not None:
        raise InvitationRefused(refusal)
    if not person.role:
        person.role = Role.FIRM_REPRESENTATIVE
        person.save(update_fields=["role"])
    representative = FirmRepresentative.objects.create(
        firm_id=locked.firm_id, user=person, job_title=job_title.strip()
    )
    locked.accepted_at = timezone.now()
    locked.save(update_fields=["accepted_at"])
    return representative
