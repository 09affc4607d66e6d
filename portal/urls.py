from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from portal import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("admin/", admin.site.urls),
    # Indonesian at the bare paths, English under /en/: people bookmark these.
    *i18n_patterns(
        path("", views.home, name="home"),
        path("privacy/", views.privacy, name="privacy"),
        path("accounts/", include("portal.accounts.urls")),
        path("accounts/", include("allauth.urls")),
        path("", include("partnerships.urls")),
        prefix_default_language=False,
    ),
]
