"""The portal's URLs plus views that fail, to see the pages a visitor would get."""

from django.db import OperationalError
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def broken(request):
    raise RuntimeError("a bug in a view")


def database_gone(request):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")


urlpatterns = [
    path("broken/", broken),
    path("database-gone/", database_gone),
    *portal_urlpatterns,
]
