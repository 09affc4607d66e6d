"""How allauth creates our users and writes to them."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils.translation import gettext

from portal.accounts.models import User


@dataclass(frozen=True)
class PortalSite:
    """What allauth's e-mails call "the site": the portal's name, not the request's host."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user: User, form, commit: bool = True) -> User:
        # The role and name are set before the first save: an account never exists without them.
        user.name = form.cleaned_data["name"]
        user.role = form.cleaned_data["role"]
        return super().save_user(request, user, form, commit=commit)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        site = PortalSite(
            name=gettext("Kemitraan portal"),
            domain=urlsplit(settings.SITE_URL).netloc or settings.SITE_URL,
        )
        super().send_mail(template_prefix, email, {"current_site": site, **context})
