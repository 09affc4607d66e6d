"""The portal's URLs plus ``/bench/constant/``, a bare Django view returning a constant: the
yardstick of benchmarks/throughput.py (it passes through the same middleware as every page).
Loaded only through benchmarks.bench_settings, never by the portal."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def constant(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok\n", content_type="text/plain")


urlpatterns = [path("bench/constant/", constant, name="bench_constant"), *portal_urlpatterns]
