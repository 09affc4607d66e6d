"""E-mails the portal sends about a person's registration."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from partnerships.models import Firm, Umkm


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
        subject = render_to_string(
            "partnerships/email/verification_decision_subject.txt", context
        ).strip()
        body = render_to_string("partnerships/email/verification_decision.txt", context)
    send_mail(subject, body, None, recipients)
