"""Forces, cycles, inspections and findings: read-only, scoped by `visible_to`."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone
from rest_framework import mixins, viewsets

from api.fields import DynamicFieldsViewMixin
from api.kept import KeptListMixin
from api.serializers_reference import (
    CycleSerializer,
    FindingSerializer,
    ForceSerializer,
    InspectionSerializer,
)
from improvements.filters import FindingFilter
from improvements.selectors import finding_queryset
from inspections.filters import InspectionFilter
from inspections.models import (
    Cycle,
    EarlierItemReview,
    Finding,
    FindingStatusChange,
    Force,
    Inspection,
    Judgment,
    MostSimilarGroup,
)


class ReadOnlyViewSet(
    DynamicFieldsViewMixin,
    KeptListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """List and detail; the detail is looked up in the same scoped queryset (404 outside)."""

    def get_object(self):
        lookup = self.lookup_field
        obj = get_object_or_404(self.get_queryset(), **{lookup: self.kwargs[lookup]})
        self.check_object_permissions(self.request, obj)
        return obj


class ForceViewSet(ReadOnlyViewSet):
    """The 43 forces (reference data every signed-in user may read), each with its most
    similar groups by year. 2 queries + 1 per page for the groups and their members."""

    serializer_class = ForceSerializer
    lookup_field = "slug"
    filterset_class = None

    def get_queryset(self):
        groups = MostSimilarGroup.objects.order_by("-year").prefetch_related(
            Prefetch("members", queryset=Force.objects.order_by("name"))
        )
        return Force.objects.order_by("name").prefetch_related(
            Prefetch("similar_groups", queryset=groups)
        )


class CycleViewSet(ReadOnlyViewSet):
    """PEEL cycles and their frameworks: pillars, questions and grade scale."""

    serializer_class = CycleSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Cycle.objects.order_by("-year").prefetch_related("pillars", "questions")


class InspectionViewSet(ReadOnlyViewSet):
    """Inspections you may see (force staff: their force's published ones), with their
    judgments. Filter with `force`, `cycle`, `status`, `published_after`; `sort`."""

    serializer_class = InspectionSerializer
    filterset_class = InspectionFilter

    def get_queryset(self):
        judgments = Judgment.objects.select_related("pillar", "question").order_by(
            "pillar__order", "question__order", "pk"
        )
        return (
            Inspection.objects.visible_to(self.request.user)
            .select_related("force", "cycle")
            .prefetch_related(Prefetch("judgments", queryset=judgments))
            .order_by("force__name", "-cycle__year", "pk")
        )


class FindingViewSet(ReadOnlyViewSet):
    """Findings you may see, with their actions' figures, their lineage (what they
    continue, what continues them, their recommendations, what later reports said of them)
    and their status history. Filtered by the findings register's own FilterSet
    (`improvements.filters.FindingFilter`: `q`, `kind`, `status`, `overdue`, `force`,
    `cycle`, `inspection`, `question`; `sort`), on the register's own queryset."""

    serializer_class = FindingSerializer
    filterset_class = FindingFilter

    def get_queryset(self):
        user = self.request.user
        visible = Finding.objects.visible_to(user)
        return (
            finding_queryset(user, timezone.localdate())
            .select_related("status_changed_by")
            .annotate(continues_visible=Exists(visible.filter(pk=OuterRef("continues_id"))))
            .prefetch_related(
                Prefetch("continued_by", queryset=visible.order_by("pk")),
                Prefetch("recommendations", queryset=visible.order_by("order", "pk")),
                Prefetch(
                    "status_changes",
                    queryset=FindingStatusChange.objects.select_related("changed_by")
                    .annotate(
                        superseded_visible=Exists(visible.filter(pk=OuterRef("superseded_by_id")))
                    )
                    .order_by("-changed_at", "-pk"),
                ),
                Prefetch(
                    "reviews",
                    queryset=EarlierItemReview.objects.filter(
                        inspection__in=Inspection.objects.visible_to(user)
                    ).order_by("inspection", "order"),
                ),
            )
            .order_by("inspection", "order", "pk")
        )
