"""The FilterSets for lists of inspections and findings, shared by every list of them
(today the API's; a page or export listing them uses these too). Choices are scoped to
what the requesting user may see, like `improvements.filters.ActionFilter`'s."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from inspections.models import Cycle, Finding, FindingKind, FindingStatus, Force, Inspection


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


class FindingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="text", lookup_expr="icontains", label="Search")
    kind = django_filters.MultipleChoiceFilter(choices=FindingKind.choices, label="Finding type")
    status = django_filters.MultipleChoiceFilter(choices=FindingStatus.choices, label="Status")
    inspection = django_filters.ModelChoiceFilter(queryset=_inspections, label="Inspection")
    force = django_filters.ModelChoiceFilter(
        field_name="inspection__force", queryset=_forces, to_field_name="slug", label="Force"
    )
    cycle = django_filters.ModelChoiceFilter(
        field_name="inspection__cycle",
        queryset=Cycle.objects.all(),
        to_field_name="slug",
        label="Cycle",
    )
    sort = django_filters.OrderingFilter(
        fields=(("order", "order"), ("status_changed_at", "status_changed"), ("id", "id")),
        label="Sort by",
    )

    class Meta:
        model = Finding
        fields: list[str] = []
