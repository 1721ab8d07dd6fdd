"""The FilterSets for lists: actions (the action list, its exports and the API) and
findings (the findings register and its exports)."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils import timezone

from accounts.models import Role, User
from improvements.deadlines import Rag, rag_expression
from improvements.models import Action, Priority, Status
from inspections.models import (
    Cycle,
    Finding,
    FindingKind,
    FindingStatus,
    Force,
    Inspection,
    Pillar,
    Question,
)
from inspections.search import search_findings


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


class DescribedFilterSet(django_filters.FilterSet):
    """A FilterSet that can say which filters are in use (for headings and export files)."""

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


class ActionFilter(DescribedFilterSet):
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
        # field_name only tells the API schema the value's type (filter_pillar filters).
        field_name="finding__pillar",
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

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.iterator = ListedChoices
        return form

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


def _cycles(request) -> QuerySet[Cycle]:
    """The cycles of the inspections the user may see."""
    return Cycle.objects.filter(inspections__in=_inspections(request)).distinct().order_by("-year")


def _questions(request) -> QuerySet[Question]:
    return Question.objects.filter(cycle__in=_cycles(request)).select_related("cycle")


class FindingFilter(DescribedFilterSet):
    """The one FilterSet for the findings register and its exports. The queryset it is
    given is already scoped (`Finding.objects.visible_to`) and annotated by
    `selectors.finding_queryset` (actions, progress, overdue)."""

    q = django_filters.CharFilter(method="filter_search", label="Search the wording")
    kind = django_filters.MultipleChoiceFilter(choices=FindingKind.choices, label="Type")
    status = django_filters.MultipleChoiceFilter(choices=FindingStatus.choices, label="Status")
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label="With overdue actions only"
    )
    force = django_filters.ModelChoiceFilter(
        field_name="inspection__force", queryset=_forces, to_field_name="slug", label="Force"
    )
    cycle = django_filters.ModelChoiceFilter(
        field_name="inspection__cycle", queryset=_cycles, to_field_name="slug", label="Cycle"
    )
    inspection = django_filters.ModelChoiceFilter(queryset=_inspections, label="Inspection")
    question = django_filters.ModelChoiceFilter(queryset=_questions, label="Question")
    sort = django_filters.OrderingFilter(
        fields=(
            ("inspection__force__name", "force"),
            ("inspection__published_on", "published"),
            ("kind", "kind"),
            ("status", "status"),
            ("deadline", "deadline"),
            ("action_count", "actions"),
            ("progress", "progress"),
        ),
        field_labels={
            "inspection__force__name": "Force",
            "inspection__published_on": "Published",
            "kind": "Type",
            "status": "Status",
            "deadline": "Deadline",
            "action_count": "Actions",
            "progress": "Progress",
        },
        label="Sort by",
    )

    class Meta:
        model = Finding
        fields: list[str] = []

    def filter_search(self, queryset, name, value: str):
        return search_findings(queryset, value)

    def filter_overdue(self, queryset, name, value: bool | None):
        return queryset.filter(overdue_count__gt=0) if value else queryset


class ListedChoices(ModelChoiceIterator):
    """A choice list read in one plain query. Django's iterator streams the choices through
    `QuerySet.iterator()`, which on PostgreSQL is a server-side cursor: three round trips
    (declare, fetch, close) for a list of a few dozen, on every list page."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in list(self.queryset):
            yield self.choice(obj)
