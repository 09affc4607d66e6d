"""The public site's domain pages; English paths, Indonesian at the bare path (see portal.urls)."""

from django.urls import include, path

from partnerships.views import dashboard, public_profiles

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/umkm/submit/", dashboard.umkm_submit, name="umkm_submit"),
    path("dashboard/firm/submit/", dashboard.firm_submit, name="firm_submit"),
    path("dashboard/umkm/", include("partnerships.views.umkm_profile")),
    path("dashboard/firm/", include("partnerships.views.firm_profile")),
    path("umkm/<int:pk>/", public_profiles.umkm_detail, name="umkm_detail"),
    path("firms/<int:pk>/", public_profiles.firm_detail, name="firm_detail"),
    path("", include("partnerships.views.products")),
    path("", include("partnerships.views.regions")),
    path("", include("partnerships.views.firm_invitations")),
]
