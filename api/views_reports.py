"""The report summaries, read from `reports.selectors` as the report pages read them:
a force's (force staff: their own; 404 for another), an inspection's, and the national
one (inspectors and national managers; 403 for force staff)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers_reports import (
    ForceReportSerializer,
    InspectionReportSerializer,
    NationalReportSerializer,
)
from inspections.models import Inspection
from reports import selectors


class ForceReportView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "months",
                OpenApiTypes.INT,
                enum=list(selectors.MONTH_CHOICES),
                description=f"Months of progress (default {selectors.DEFAULT_MONTHS}).",
            )
        ],
        responses={200: ForceReportSerializer},
        description="A force's report: its inspections, action figures, the overdue and "
        "at-risk actions, and progress by month.",
    )
    def get(self, request, slug: str):
        force = get_object_or_404(selectors.visible_forces(request.user), slug=slug)
        try:
            months = int(request.query_params.get("months", selectors.DEFAULT_MONTHS))
        except ValueError:
            months = 0
        if months not in selectors.MONTH_CHOICES:
            choices = ", ".join(str(m) for m in selectors.MONTH_CHOICES)
            raise exceptions.ValidationError({"months": [f"Choose one of {choices}."]})
        report = selectors.force_report(request.user, force, timezone.localdate(), months)
        return Response(ForceReportSerializer(report).data)


class InspectionReportView(APIView):
    @extend_schema(
        responses={200: InspectionReportSerializer},
        description="An inspection's judgments and findings, each with its actions.",
    )
    def get(self, request, pk: int):
        inspection = get_object_or_404(
            Inspection.objects.visible_to(request.user).select_related("force", "cycle"), pk=pk
        )
        report = selectors.inspection_report(request.user, inspection, timezone.localdate())
        return Response(InspectionReportSerializer(report).data)


class NationalReportView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("cycle", OpenApiTypes.STR, description="A cycle's slug."),
            OpenApiParameter(
                "sort",
                OpenApiTypes.STR,
                enum=[p + k for k in selectors.NATIONAL_SORTS for p in ("", "-")],
            ),
            OpenApiParameter("force", OpenApiTypes.STR, description="The force (slug) to compare."),
        ],
        responses={200: NationalReportSerializer},
        description="Every force's figures for a cycle, and one force beside its most "
        "similar group. Inspectors and national managers only.",
    )
    def get(self, request):
        if not selectors.may_see_national_report(request.user):
            raise exceptions.PermissionDenied(
                "The national report is for inspectors and national managers."
            )
        report = selectors.national_report(
            request.user,
            timezone.localdate(),
            cycle_slug=request.query_params.get("cycle"),
            sort=request.query_params.get("sort", selectors.DEFAULT_NATIONAL_SORT),
            force_slug=request.query_params.get("force"),
        )
        context = {"questions": report.questions}
        return Response(NationalReportSerializer(report, context=context).data)
