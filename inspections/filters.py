"""The FilterSet for lists of inspections, shared by every list of them (today the API's;
a page or export listing them uses it too). Its choices are scoped to what the requesting
user may see, like `improvements.filters.ActionFilter`'s. Findings have one FilterSet for
the register, its exports and the API: `improvements.filters.FindingFilter`."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from inspections.models import Cycle, Force, Inspection


def _user(request):
    return getattr(request, "user", None)


def _inspections(request) -> QuerySet[Inspection]:
    user = _user(request)
    if user is None:
        return Inspection.objects.none()
    return Inspection.objects.visible_to(user)


def _forces(request) -> QuerySet[Force]:
    user = _user(request)
    if user is None or not user.is_authenticated:
        return Force.objects.none()
    if user.is_force_staff:
        return Force.objects.filter(pk=user.force_id)
    return Force.objects.all()


class InspectionFilter(django_filters.FilterSet):
    force = django_filters.ModelChoiceFilter(queryset=_forces, to_field_name="slug", label="Force")
    cycle = django_filters.ModelChoiceFilter(
        queryset=Cycle.objects.all(), to_field_name="slug", label="Cycle"
    )
    status = django_filters.MultipleChoiceFilter(choices=Inspection.Status.choices, label="Status")
    published_after = django_filters.DateFilter(
        field_name="published_on", lookup_expr="gte", label="Published on or after"
    )
    sort = django_filters.OrderingFilter(
        fields=(("published_on", "published"), ("force__name", "force"), ("cycle__year", "cycle")),
        label="Sort by",
    )

    class Meta:
        model = Inspection
        fields: list[str] = []
