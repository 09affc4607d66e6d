"""E-mails the portal sends: the one way to render and send them, and the registration ones."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from partnerships.models import Firm, Umkm


def send_portal_email(template: str, context: dict, recipients: list[str]) -> None:
    """Sends partnerships/email/<template>_subject.txt and <template>.txt, rendered in the
    active language: callers build the context (and its URLs) under translation.override."""
    subject = render_to_string(f"partnerships/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"partnerships/email/{template}.txt", context)
    send_mail(subject, body, None, recipients)


def _recipients(profile: Umkm | Firm) -> list[str]:
    if isinstance(profile, Umkm):
        return [profile.owner.email] if profile.owner else []
    return [rep.user.email for rep in profile.representatives.select_related("user")]


def send_verification_decision(profile: Umkm | Firm) -> None:
    recipients = _recipients(profile)
    if not recipients:
        return
    # People register on the Indonesian site first; the message is in the portal's language.
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "profile": profile,
            "dashboard_url": f"{settings.SITE_URL}{reverse('dashboard')}",
        }
        send_portal_email("verification_decision", context, recipients)
