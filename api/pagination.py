"""Pages of a list: by page number (with a maximum page size), or by cursor for clients
that sync everything.

`?page=2&page_size=100` pages through the list in the order asked for (`?sort=`); the
answer has `count`. `?cursor=` (empty to start) switches to cursor paging in the list's
sync order (for actions, last change first to last: `updated_at`, then id), which stays
correct while rows change underneath: follow `next` until it is null, keep the last
`next` and start from it next time to get only what changed since.
"""

from __future__ import annotations

from rest_framework.pagination import CursorPagination, PageNumberPagination


class _Cursor(CursorPagination):
    page_size_query_param = "page_size"
    max_page_size = 500

    def __init__(self, ordering: tuple[str, ...], page_size: int) -> None:
        self.ordering = ordering
        self.page_size = page_size


class ListPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    cursor_query_param = "cursor"

    def _cursor_for(self, request, view) -> _Cursor | None:
        ordering = getattr(view, "cursor_ordering", None)
        if ordering and self.cursor_query_param in request.query_params:
            return _Cursor(ordering, self.page_size)
        return None

    def paginate_queryset(self, queryset, request, view=None):
        self._cursor = self._cursor_for(request, view)
        if self._cursor is not None:
            return self._cursor.paginate_queryset(queryset, request, view)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self._cursor is not None:
            return self._cursor.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "example": 123,
                    "description": "How many rows the list has (page-number paging only).",
                },
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": 500}
                parameter["description"] = "Rows per page (at most 500; 50 if not given)."
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
        if getattr(view, "cursor_ordering", None):
            parameters.append(
                {
                    "name": self.cursor_query_param,
                    "required": False,
                    "in": "query",
                    "description": (
                        "Cursor paging for syncing everything: send it empty to start, then "
                        "follow `next`. Ordered by "
                        + ", ".join(view.cursor_ordering)
                        + "; the answer has no `count`."
                    ),
                    "schema": {"type": "string"},
                }
            )
        return parameters
