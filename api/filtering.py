"""The pages' FilterSets, applied to API lists.

A view names its FilterSet (`filterset_class`); this backend builds it as the pages do,
with the request (its choices are scoped to the user) and, for FilterSets that draw the
list for a day (`ActionFilter`: overdue, RAG), the same day the rows are annotated for.
An invalid filter is a 400 with the field named.
"""

from __future__ import annotations

import inspect

from django_filters.rest_framework import DjangoFilterBackend


class FilterBackend(DjangoFilterBackend):
    def get_filterset_kwargs(self, request, queryset, view) -> dict:
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        filterset_class = getattr(view, "filterset_class", None)
        if filterset_class and "today" in inspect.signature(filterset_class.__init__).parameters:
            kwargs["today"] = view.today
        return kwargs
