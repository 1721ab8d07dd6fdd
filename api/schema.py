"""The OpenAPI schema's shared parts: the error shape on every operation, the headers
every response carries (X-Request-ID) or some do (ETag, Retry-After), If-Match on writes,
and `?fields=` / `?brief=` on lists.

Views describe their own bodies with `extend_schema`; `add_common_headers` (a
drf-spectacular post-processing hook) adds to every operation what every operation has.
"""

from __future__ import annotations

from drf_spectacular import openapi
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description=(
        'The ETag of the action as you last read it (e.g. `"12-4"`). Without it the change '
        "is refused with 428; if the action has changed since, with 412 and its current "
        "ETag, and nothing is saved."
    ),
)
IF_MATCH_FOR_CHANGES = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "The action's ETag: needed when the entry changes the progress or the status (428 "
        "without it, 412 if stale); a note alone never conflicts."
    ),
)
FIELDS = OpenApiParameter(
    "fields",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    description="Only these fields of each row, comma-separated (e.g. `id,title,status`).",
)
BRIEF = OpenApiParameter(
    "brief",
    OpenApiTypes.BOOL,
    OpenApiParameter.QUERY,
    description="A brief form of each row (its id, name and a few key fields).",
)

ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error, from every endpoint, has this shape.",
    "required": ["status", "message", "errors", "request_id"],
    "properties": {
        "status": {"type": "integer", "description": "The HTTP status, again."},
        "message": {"type": "string", "description": "What went wrong, in words."},
        "errors": {
            "type": "object",
            "description": "Messages by the field they are about (may be empty).",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
        "request_id": {"type": "string", "description": "The request's X-Request-ID."},
    },
}
REQUEST_ID_HEADER = {
    "description": "The request's ID (yours, if you sent a plain one in X-Request-ID).",
    "schema": {"type": "string"},
}
ETAG_HEADER = {
    "description": 'The action\'s current version, for If-Match: `"<id>-<version>"`.',
    "schema": {"type": "string"},
}
RETRY_AFTER_HEADER = {
    "description": "Seconds to wait before trying again.",
    "schema": {"type": "integer"},
}
ERRORS = {
    "400": "The request is invalid, or the workflow refuses the change for now (why is in "
    "`message`; field mistakes in `errors`).",
    "401": "No credentials, or a token that is unknown, expired or revoked.",
    "403": "Your role may never do this, or your token is read-only (why is in `message`).",
    "404": "Not found, or outside what you may see.",
    "429": "Too many requests: wait `Retry-After` seconds.",
}
PRECONDITION_ERRORS = {
    "412": "The action changed since your If-Match ETag: nothing was saved. The response's "
    "ETag header is the current one.",
    "428": "If-Match is missing: send the action's ETag.",
}
#: Which errors an operation can answer, by method (404 too when the path names an object
#: or the list takes filters and pages).
CODES_BY_METHOD = {
    "get": ("400", "401", "403", "404", "429"),
    "post": ("400", "401", "403", "404", "429"),
    "patch": ("400", "401", "403", "404", "429"),
}


class AutoSchema(openapi.AutoSchema):
    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method == "GET" and getattr(self.view, "action", None) == "list":
            serializer_class = self.view.get_serializer_class()
            if getattr(getattr(serializer_class, "Meta", None), "brief_fields", None):
                parameters += [FIELDS, BRIEF]
        return parameters


def _error_response(description: str, headers: dict | None = None) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        "headers": {"X-Request-ID": REQUEST_ID_HEADER, **(headers or {})},
    }


def add_common_headers(result: dict, generator, request, public) -> dict:
    """Post-processing hook: errors, X-Request-ID, Retry-After, and the If-Match answers."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in CODES_BY_METHOD:
                continue
            responses = operation.setdefault("responses", {})
            for response in responses.values():
                response.setdefault("headers", {})["X-Request-ID"] = REQUEST_ID_HEADER
            for code in CODES_BY_METHOD[method]:
                headers = {"Retry-After": RETRY_AFTER_HEADER} if code == "429" else None
                responses.setdefault(code, _error_response(ERRORS[code], headers))
            names = {p.get("name") for p in operation.get("parameters", [])}
            if "If-Match" in names:
                responses["412"] = _error_response(
                    PRECONDITION_ERRORS["412"], {"ETag": ETAG_HEADER}
                )
                responses["428"] = _error_response(PRECONDITION_ERRORS["428"])
    return result
