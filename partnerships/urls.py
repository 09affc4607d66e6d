"""The public site's domain pages; English paths, Indonesian at the bare path (see portal.urls)."""

from django.urls import include, path

from partnerships.views import dashboard, directory, public_profiles, statistics
from partnerships.views.needs import need_detail

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/umkm/submit/", dashboard.umkm_submit, name="umkm_submit"),
    path("dashboard/firm/submit/", dashboard.firm_submit, name="firm_submit"),
    path("", include("partnerships.views.umkm_claim")),
    path("dashboard/umkm/", include("partnerships.views.umkm_profile")),
    path("dashboard/firm/", include("partnerships.views.firm_profile")),
    path("dashboard/firm/needs/", include("partnerships.views.firm_needs")),
    path("umkm/", directory.umkm_list, name="umkm_list"),
    path("needs/", directory.need_list, name="need_list"),
    path("firms/", directory.firm_list, name="firm_list"),
    path("umkm/<int:pk>/", public_profiles.umkm_detail, name="umkm_detail"),
    path("firms/<int:pk>/", public_profiles.firm_detail, name="firm_detail"),
    path("needs/<int:pk>/", need_detail, name="need_detail"),
    path("dashboard/recommendations/", include("partnerships.views.recommendations")),
    path("", include("partnerships.views.products")),
    path("", include("partnerships.views.regions")),
    path("", include("partnerships.views.firm_invitations")),
    path("", include("partnerships.views.interests")),
    path("sessions/", include("partnerships.views.sessions")),
    path("commitments/", include("partnerships.views.commitment_documents")),
    path("dashboard/commitments/", include("partnerships.views.commitments")),
    path("statistics/", statistics.statistics, name="statistics"),
]
