"""The portal's URLs plus a view that fails, to see the 500 page a visitor would get."""

from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def broken(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("broken/", broken), *portal_urlpatterns]
