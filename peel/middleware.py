"""Response headers every page gets, and uploads refused for size before they are read.

- `SecurityHeadersMiddleware`: a `Permissions-Policy` that turns off the browser features
  the tracker never uses, on every response; and `Cache-Control: private, no-store` on
  every response to a signed-in user, so no shared cache or browser history keeps a page
  of someone's findings (views that say something stricter keep it).
- `RequestSizeLimitMiddleware`: a request whose declared body (`Content-Length`) is larger
  than `MAX_REQUEST_BYTES` is answered 413 before anything reads the body, CSRF
  included, so an oversized upload costs one header, not the whole file. Bodies without a
  length (chunked) are bounded by Django's DATA_UPLOAD_MAX_MEMORY_SIZE and the evidence
  check of EVIDENCE_MAX_BYTES.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


def declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.MAX_REQUEST_BYTES
        if declared_length(request) > limit:
            body = render_to_string(
                "413.html", {"limit": filesizeformat(settings.EVIDENCE_MAX_BYTES)}, request
            )
            response = HttpResponse(body, status=413)
            # The body is left unread: the connection cannot be reused for another request.
            response["Connection"] = "close"
            return response
        return self.get_response(request)
