from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    # allauth lists its e-mail addresses under "Accounts" too; ours are the people themselves.
    verbose_name = _("People and officials")
