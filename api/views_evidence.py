"""Evidence: list (all you may see, or one action's), upload a file or add a link,
withdraw one added by mistake (marked, never deleted), and download a file through the
same permission check as the page (`improvements.selectors.downloadable_evidence`)."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action as route
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from api.fields import DynamicFieldsViewMixin
from api.serializers_actions import (
    EvidenceSerializer,
    EvidenceUploadSerializer,
    EvidenceWithdrawalSerializer,
)
from improvements import services, workflow
from improvements.models import Evidence
from improvements.selectors import action_queryset, downloadable_evidence


class EvidenceViewSet(
    DynamicFieldsViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Evidence on actions you may see, newest first (`?action=<id>` for one action's)."""

    serializer_class = EvidenceSerializer
    filterset_class = None
    filterset_fields = ["action"]

    def get_queryset(self):
        return (
            Evidence.objects.visible_to(self.request.user)
            .select_related("added_by", "withdrawn_by")
            .order_by("-added_at", "-pk")
        )

    def get_object(self) -> Evidence:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    @extend_schema(
        request=EvidenceWithdrawalSerializer,
        responses={200: EvidenceSerializer},
        description="A force lead of the action's force withdraws evidence added by "
        "mistake, with the reason, while the action is open "
        "(`evidence_services.withdraw_evidence`). It is kept, marked withdrawn, and still "
        "downloadable; it no longer counts towards submission. Changes no field of the "
        "action, so no If-Match.",
    )
    @route(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def withdraw(self, request, pk=None):
        evidence = self.get_object()
        workflow.check_who("withdraw_evidence", request.user, evidence.action)
        serializer = EvidenceWithdrawalSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.withdraw_evidence(
            evidence, by=request.user, reason=serializer.validated_data["reason"]
        )
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The file, as an attachment."
            )
        },
        description="The file, as a download (never shown inline). 404 for a link, or "
        "evidence on an action you may not see.",
    )
    @route(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def download(self, request, pk=None):
        evidence = downloadable_evidence(request.user, pk)
        try:
            handle = evidence.file.open("rb")
        except FileNotFoundError:
            raise Http404("The file is missing.") from None
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=evidence.original_name,
            content_type=evidence.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class ActionEvidenceViewSet(viewsets.GenericViewSet):
    """One action's evidence: list, and add a file (multipart) or a link (JSON or form)."""

    serializer_class = EvidenceSerializer
    queryset = Evidence.objects.none()  # for the schema: rows come from the action's own
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filterset_class = None

    def _action(self):
        today = timezone.localdate()
        return get_object_or_404(action_queryset(self.request.user, today), pk=self.kwargs["pk"])

    def list(self, request, pk=None):
        action = self._action()
        evidence = (
            Evidence.objects.filter(action=action)
            .select_related("added_by", "withdrawn_by")
            .order_by("-added_at", "-pk")
        )
        page = self.paginate_queryset(evidence)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request={
            "multipart/form-data": EvidenceUploadSerializer,
            "application/json": EvidenceUploadSerializer,
        },
        responses={201: EvidenceSerializer},
        description="Attach a file (multipart: `description`, `file`) or a link "
        "(`description`, `url`) to an open action of your force (`services.add_evidence`: "
        "the file's type is checked by its content, and its size). Never conflicts with "
        "another edit, so no If-Match.",
    )
    def create(self, request, pk=None):
        action = self._action()
        workflow.check_who("edit", request.user, action)
        serializer = EvidenceUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        evidence = services.add_evidence(
            action,
            by=request.user,
            description=data["description"],
            upload=data["file"],
            url=data["url"],
        )
        evidence = Evidence.objects.select_related("added_by", "withdrawn_by").get(pk=evidence.pk)
        return Response(
            EvidenceSerializer(evidence, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )
