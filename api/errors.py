"""Every API error in one JSON shape, whatever raised it:

    {"status": 400, "message": "What went wrong, in words", "errors": {"field": ["..."]},
     "request_id": "..."}

`exception_handler` (DRF's EXCEPTION_HANDLER) reshapes DRF's errors and maps the
workflow's refusals: `NotAllowed` is 403, any other `WorkflowError` 400 (beside the field
it names, if any), `Http404` 404. `handler400`, `handler403`, `handler404` and `handler500`
(peel/urls.py) answer the same shape for /api/ paths that no view handled, and leave
other paths to Django's pages.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from improvements.workflow import NotAllowed, WorkflowError
from peel.request_context import current_request_id


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = (
        "Send If-Match with the action's ETag (from GET on the action) to change it, "
        "so that you cannot overwrite a change you have not seen."
    )
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "The action has changed since you read it: nothing was saved. Read it again "
        "(its current ETag is in this response) and make your change again."
    )
    default_code = "precondition_failed"

    def __init__(self, etag: str, detail: str | None = None) -> None:
        super().__init__(detail)
        self.etag = etag


class WorkflowRefused(exceptions.APIException):
    """A change the workflow refuses for now (400), with the field it is about."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "refused"

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def body(status_code: int, message: str, errors: dict[str, list[str]] | None = None) -> dict:
    return {
        "status": status_code,
        "message": message,
        "errors": errors or {},
        "request_id": current_request_id() or "",
    }


def _flatten(data: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error details as {"field" or "field.sub" or "field.0": [messages]}."""
    if isinstance(data, dict):
        flat: dict[str, list[str]] = {}
        for key, value in data.items():
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(data, list):
        if all(not isinstance(item, dict | list) for item in data):
            return {prefix or "non_field_errors": [str(item) for item in data]}
        flat = {}
        for index, item in enumerate(data):
            flat.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    return {prefix or "non_field_errors": [str(data)]}


def _translate(exc: Exception) -> Exception:
    if isinstance(exc, Http404):
        return exceptions.NotFound("Not found, or not yours to see.")
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, NotAllowed):
        return exceptions.PermissionDenied(str(exc))
    if isinstance(exc, WorkflowError) and not isinstance(exc, exceptions.APIException):
        return WorkflowRefused(str(exc), exc.field)
    return exc


def exception_handler(exc: Exception, context: dict) -> Response | None:
    exc = _translate(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a server error: handler500 answers it, logged by Django
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        non_field = errors.get("non_field_errors")
        message = non_field[0] if non_field and len(errors) == 1 else "Check the fields named."
    elif isinstance(exc, WorkflowRefused):
        message = str(exc.detail)
        errors = {exc.field: [message]} if exc.field else {}
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        message = str(detail) if not isinstance(detail, dict | list) else "Request refused."
        errors = _flatten(detail) if isinstance(detail, dict | list) else {}
    response.data = body(response.status_code, message, errors)
    if isinstance(exc, PreconditionFailed):
        response["ETag"] = exc.etag
    return response


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def handler400(request: HttpRequest, exception: Exception):
    if _is_api(request):
        return JsonResponse(body(400, "The request could not be read."), status=400)
    return defaults.bad_request(request, exception)


def handler403(request: HttpRequest, exception: Exception):
    if _is_api(request):
        return JsonResponse(body(403, str(exception) or "You may not do this."), status=403)
    return defaults.permission_denied(request, exception)


def handler404(request: HttpRequest, exception: Exception):
    if _is_api(request):
        return JsonResponse(body(404, "There is no such API endpoint."), status=404)
    return defaults.page_not_found(request, exception)


def handler500(request: HttpRequest):
    if _is_api(request):
        message = "Something went wrong on our side. Quote the request_id if you report it."
        return JsonResponse(body(500, message), status=500)
    return defaults.server_error(request)
