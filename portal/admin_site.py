"""The officials' admin site: Django's admin with the programme dashboard on its home page.

``PortalAdminConfig`` replaces "django.contrib.admin" in INSTALLED_APPS and makes
``PortalAdminSite`` the default site, so ``admin.site`` and ``@admin.register`` keep working.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    site_header = _("Kemitraan portal")
    site_title = _("Kemitraan portal")
    index_title = _("Programme administration")

    def index(self, request: HttpRequest, extra_context=None):
        # Imported here: the site is built while the app registry is still loading.
        from partnerships.programme_dashboard import programme_dashboard

        extra_context = {"dashboard": programme_dashboard(request.user), **(extra_context or {})}
        return super().index(request, extra_context)


class PortalAdminConfig(AdminConfig):
    default_site = "portal.admin_site.PortalAdminSite"
