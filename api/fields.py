"""`?fields=a,b` and `?brief=1` on lists: fewer fields per row, from the same query.

Because a row may then lack fields, the schema marks response fields optional
(SPECTACULAR_SETTINGS["COMPONENT_NO_READ_ONLY_REQUIRED"]).
"""

from __future__ import annotations

from rest_framework import serializers


def wanted_fields(request, serializer_class) -> set[str] | None:
    """The field names a GET list asks for, or None for all of them."""
    if request is None or request.method != "GET":
        return None
    if request.query_params.get("fields"):
        return {name.strip() for name in request.query_params["fields"].split(",")}
    if request.query_params.get("brief", "").lower() in {"1", "true", "yes"}:
        return set(getattr(serializer_class.Meta, "brief_fields", ()))
    return None


class DynamicFieldsSerializer(serializers.Serializer):
    # Keeps only `only` of its fields (unknown names are ignored; `id` always stays).
    # (A comment, not a docstring: the schema would show it as every row's description.)

    def __init__(self, *args, only: set[str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if only is not None:
            for name in set(self.fields) - only - {"id"}:
                self.fields.pop(name)


class DynamicFieldsModelSerializer(DynamicFieldsSerializer, serializers.ModelSerializer):
    pass


class DynamicFieldsViewMixin:
    """For list views: pass `?fields=` / `?brief=` to the serializer of each row."""

    def get_serializer(self, *args, **kwargs):
        serializer_class = self.get_serializer_class()
        if self.action == "list" and issubclass(serializer_class, DynamicFieldsSerializer):
            kwargs.setdefault("only", wanted_fields(self.request, serializer_class))
        return super().get_serializer(*args, **kwargs)
