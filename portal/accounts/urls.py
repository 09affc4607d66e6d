"""The person's own account pages; allauth's pages share the accounts/ prefix (portal.urls)."""

from django.urls import path

from portal.accounts import views

urlpatterns = [
    path("", views.account_overview, name="account_overview"),
    # Listed before allauth's own sign-up (same path), which it extends.
    path("signup/", views.signup, name="account_signup"),
    path("data/", views.account_data, name="account_data"),
    path("delete/", views.account_delete, name="account_delete"),
]
