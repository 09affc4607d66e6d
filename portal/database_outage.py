"""While the database is away, pages answer 503 with a friendly page instead of an error.

PostgreSQL restarting, a failover or a full connection pool surfaces in a view as
OperationalError (or InterfaceError on a connection that broke under it). That is not a bug in
the page: the visitor should hear "try again in a minute", and a load balancer should see 503
with Retry-After and route around this server, as it does from /healthz. Django's connection
health checks (CONN_HEALTH_CHECKS, set in portal/environment.py) replace the dead connection on
the next request, so the portal recovers by itself when the database is back.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("portal.database_outage")

RETRY_AFTER_SECONDS = 30


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable for %s: %s", request.path, exception)
        # Rendered without the request: its context processors would ask the database again.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
