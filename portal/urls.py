from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import path

from portal import views

admin.site.site_header = admin.site.site_title = "Portal Kemitraan"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Indonesian at the bare paths, English under /en/: people bookmark these.
    *i18n_patterns(
        path("", views.home, name="home"),
        path("privacy/", views.privacy, name="privacy"),
        prefix_default_language=False,
    ),
]
