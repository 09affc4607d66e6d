"""Site-wide pages: the programme's home, the privacy notice and the health check."""

from datetime import date

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from partnerships.statistics import programme_headline

# The ceremony that started the programme (BKPM, 18 January 2021): the history the home page tells.
CEREMONY_2021 = {
    "date": date(2021, 1, 18),
    "firms": 56,
    "umkm": 196,
    "value": 1_500_000_000_000,
}


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {"ceremony": CEREMONY_2021, "programme": programme_headline()},
    )


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/privacy.html", {"privacy_contact": settings.PRIVACY_CONTACT_EMAIL}
    )


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """200 "ok" while the database answers; 503 for load balancers to route around us."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@cache_control(max_age=86400, public=True)
@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon, such as the admin's."""
    return HttpResponseRedirect(static("img/favicon.svg"))
