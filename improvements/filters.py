"""The one FilterSet for lists of actions: the force's action list and its exports."""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Role, User
from improvements.deadlines import Rag, rag_expression
from improvements.models import Action, Priority, Status
from inspections.models import FindingKind, Force, Inspection, Pillar, Question


def _inspections(request) -> QuerySet[Inspection]:
    user = getattr(request, "user", None)
    if user is None:
        return Inspection.objects.none()
    return Inspection.objects.visible_to(user).select_related("force", "cycle")


def _owners(request) -> QuerySet[User]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return User.objects.none()
    owners = User.objects.filter(role=Role.FORCE_LEAD, is_active=True).order_by(
        "first_name", "last_name", "username"
    )
    if user.is_force_staff:
        return owners.filter(force_id=user.force_id)
    return owners if user.sees_all_forces else owners.none()


def _forces(request) -> QuerySet[Force]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Force.objects.none()
    if user.is_force_staff:
        return Force.objects.filter(pk=user.force_id)
    return Force.objects.all()


class ActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Search")
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, label="Status")
    rag = django_filters.MultipleChoiceFilter(choices=Rag.choices, method="filter_rag", label="RAG")
    priority = django_filters.MultipleChoiceFilter(choices=Priority.choices, label="Priority")
    force = django_filters.ModelChoiceFilter(
        field_name="finding__inspection__force",
        queryset=_forces,
        to_field_name="slug",
        label="Force",
    )
    inspection = django_filters.ModelChoiceFilter(
        field_name="finding__inspection", queryset=_inspections, label="Inspection"
    )
    pillar = django_filters.ModelChoiceFilter(
        method="filter_pillar",
        queryset=Pillar.objects.select_related("cycle"),
        label="Pillar",
    )
    question = django_filters.ModelChoiceFilter(
        field_name="finding__question",
        queryset=Question.objects.select_related("cycle"),
        label="Question",
    )
    kind = django_filters.MultipleChoiceFilter(
        field_name="finding__kind",
        choices=[c for c in FindingKind.choices if c[0] != FindingKind.COMMENDED_PRACTICE],
        label="Finding type",
    )
    owner = django_filters.ModelChoiceFilter(queryset=_owners, label="Owner")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="Overdue only")
    due_after = django_filters.DateFilter(method="filter_due_after", label="Due on or after")
    due_before = django_filters.DateFilter(method="filter_due_before", label="Due on or before")
    sort = django_filters.OrderingFilter(
        fields=(
            ("effective_due_date", "due"),
            ("title", "title"),
            ("status", "status"),
            ("progress", "progress"),
            ("updated_at", "updated"),
            ("finding__inspection__force__name", "force"),
        ),
        field_labels={
            "effective_due_date": "Due date",
            "title": "Title",
            "status": "Status",
            "progress": "Progress",
            "updated_at": "Last updated",
            "finding__inspection__force__name": "Force",
        },
        label="Sort by",
    )

    class Meta:
        model = Action
        fields: list[str] = []

    def __init__(self, *args, today: datetime.date | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The day the list is drawn for, so that filters and row colours agree.
        self.today = today or timezone.localdate()

    def filter_pillar(self, queryset, name, value):
        """Findings sit under a question of the pillar, or under the pillar itself."""
        if not value:
            return queryset
        return queryset.filter(Q(finding__question__pillar=value) | Q(finding__pillar=value))

    def filter_search(self, queryset, name, value: str):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(finding__text__icontains=value)
        )

    def filter_rag(self, queryset, name, values: list[str]):
        if not values:
            return queryset
        return queryset.alias(rag_value=rag_expression(self.today)).filter(rag_value__in=values)

    def filter_overdue(self, queryset, name, value: bool | None):
        if value:
            return queryset.overdue(self.today)
        return queryset

    def filter_due_after(self, queryset, name, value):
        return queryset.filter(effective_due_date__gte=value) if value else queryset

    def filter_due_before(self, queryset, name, value):
        return queryset.filter(effective_due_date__lte=value) if value else queryset

    def applied(self) -> list[tuple[str, str]]:
        """The filters in use, as (label, value) pairs, for headings and export files."""
        if not self.is_bound or not self.is_valid():
            return []
        pairs = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", [], False) or name == "sort":
                continue
            field = self.form.fields[name]
            if isinstance(value, list):
                choices = dict(field.choices)
                shown = ", ".join(str(choices.get(v, v)) for v in value)
            elif hasattr(field, "choices") and not hasattr(value, "pk"):
                shown = str(dict(field.choices).get(value, value))
            else:
                shown = "Yes" if value is True else str(value)
            pairs.append((str(field.label or name), shown))
        return pairs
