"""`/healthz`: is this app server up and can it reach its database?

For load balancers and orchestrators: no sign-in, no session read or written, no redirect
to HTTPS (see SECURE_REDIRECT_EXEMPT), one `SELECT 1`. Answers 200 "ok", or 503 naming
what failed (never the error's text, which could say too much).
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database is unreachable")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
