"""Actions: list, detail, create for a finding, change (inspectors: the details; force
leads: reassign); their timeline (post a note, a progress figure or a status change,
withdrawing a submission among them); proposing a new due date and deciding on it.

Every change is one call to `improvements.services`, which asks `improvements.workflow`;
the API has no rules of its own. Who is refused what, as on the action page and the add
action page:

- an action, or a finding to add one to, outside what you may see: 404 (through
  `action_queryset` and `Finding.objects.visible_to`);
- a change your role may never make: 403 with the workflow's reason, asked before the
  body is read (`workflow.check_who`), as the page does;
- a change refused for now (wrong status, no evidence, no reason): 400 with the reason;
- a change to the action's fields without `If-Match`: 428; with a stale ETag: 412 with
  the current one, and nothing changes (the service compares the version again under the
  row lock, so two writes arriving together cannot both apply).
"""

from __future__ import annotations

from functools import cached_property

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action as route
from rest_framework.response import Response

from api.concurrency import etag_for, version_from_if_match
from api.errors import PreconditionFailed
from api.fields import DynamicFieldsViewMixin
from api.kept import KeptListMixin
from api.schema import IF_MATCH, IF_MATCH_FOR_CHANGES
from api.serializers_actions import (
    ActionChangeSerializer,
    ActionCreateSerializer,
    ActionSerializer,
    DueDateDecisionSerializer,
    DueDateProposalSerializer,
    TimelineEntrySerializer,
    TimelinePostSerializer,
)
from improvements import services, workflow
from improvements.filters import ActionFilter
from improvements.models import CLOSED_STATUSES, Action, ActionUpdate
from improvements.selectors import action_queryset
from inspections.models import Finding

ETAG = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=True,
    description='The action\'s current version, for If-Match: `"<id>-<version>"`.',
)


class ActionViewSet(
    DynamicFieldsViewMixin,
    KeptListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Actions you may see, filtered by the action list page's own FilterSet
    (`improvements.filters.ActionFilter`: `q`, `status`, `rag`, `priority`, `force`,
    `inspection`, `pillar`, `question`, `kind`, `owner`, `overdue`, `due_after`,
    `due_before`; `sort`), paged by number or, with `?cursor=`, by last change."""

    serializer_class = ActionSerializer
    filterset_class = ActionFilter
    cursor_ordering = ("updated_at", "id")
    http_method_names = ["get", "post", "patch", "head", "options"]

    @cached_property
    def today(self):
        # One day for the whole request: the filters and the rows' RAG agree.
        return timezone.localdate()

    def get_queryset(self):
        return action_queryset(self.request.user, self.today).order_by("effective_due_date", "pk")

    def get_object(self) -> Action:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def _answer(self, action: Action, code: int = status.HTTP_200_OK) -> Response:
        """The action as it now is (re-read with the list's annotations), with its ETag."""
        fresh = get_object_or_404(self.get_queryset(), pk=action.pk)
        response = Response(self.get_serializer(fresh).data, status=code)
        response["ETag"] = etag_for(fresh)
        return response

    def _write(self, action: Action, change):
        """Make the change; a conflict found under the row lock is a 412 with the ETag."""
        try:
            return change()
        except services.EditConflict:
            current = Action.objects.only("pk", "version").get(pk=action.pk)
            raise PreconditionFailed(etag_for(current)) from None

    def _parse(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(responses={200: ActionSerializer}, parameters=[ETAG])
    def retrieve(self, request, *args, **kwargs):
        return self._answer(self.get_object())

    @extend_schema(
        request=ActionCreateSerializer,
        responses={201: ActionSerializer},
        parameters=[ETAG],
        description="Add an action to an open finding (`services.create_action`): force "
        "leads of the finding's force write its plan, inspectors may add to it. The due "
        "date is today or later and, for a recommendation, no later than its deadline "
        "unless `reason_for_later_date` says why. A finding you may not see is 404.",
    )
    def create(self, request, *args, **kwargs):
        data = self._parse(ActionCreateSerializer)
        finding = get_object_or_404(
            Finding.objects.visible_to(request.user).select_related("inspection"),
            pk=data["finding"],
        )
        action = services.create_action(
            finding,
            by=request.user,
            title=data["title"],
            description=data["description"],
            owner=data["owner"],
            priority=data["priority"],
            due_date=data["due_date"],
            reason_for_later_date=data["reason_for_later_date"],
        )
        return self._answer(action, status.HTTP_201_CREATED)

    @extend_schema(
        request=ActionChangeSerializer,
        responses={200: ActionSerializer},
        parameters=[IF_MATCH, ETAG],
        description="Inspectors change the title, description, owner or priority "
        "(`services.change_details`); force leads of the action's force change the owner "
        "alone, to another of its force leads (`services.reassign_action`). Fields left "
        "out stay as they are.",
    )
    def partial_update(self, request, *args, **kwargs):
        action = self.get_object()
        if not request.user.is_inspector and set(request.data) == {"owner"}:
            return self._reassign(action)
        version = version_from_if_match(request, action)
        data = self._parse(ActionChangeSerializer)
        changed = self._write(
            action,
            lambda: services.change_details(
                action,
                by=request.user,
                version=version,
                title=data.get("title", action.title),
                description=data.get("description", action.description),
                owner=data.get("owner", action.owner),
                priority=data.get("priority", action.priority),
            ),
        )
        return self._answer(changed)

    def _reassign(self, action: Action) -> Response:
        workflow.check_who("reassign", self.request.user, action)
        version = version_from_if_match(self.request, action)
        data = self._parse(ActionChangeSerializer)
        changed = self._write(
            action,
            lambda: services.reassign_action(
                action, by=self.request.user, owner=data["owner"], version=version
            ),
        )
        return self._answer(changed)

    # --- the timeline ---------------------------------------------------------------

    @extend_schema(
        methods=["GET"],
        responses={200: TimelineEntrySerializer(many=True)},
        description="The action's timeline, newest first.",
    )
    @extend_schema(
        methods=["POST"],
        request=TimelinePostSerializer,
        responses={201: ActionSerializer},
        parameters=[IF_MATCH_FOR_CHANGES, ETAG],
        description="Post a note, a progress figure and/or a status change "
        "(`services.post_update`). A status change that needs a reason takes the note.",
    )
    @route(
        detail=True,
        methods=["get", "post"],
        filterset_class=None,
        # A timeline syncs by when its entries were written (they are never changed).
        cursor_ordering=("created_at", "id"),
    )
    def timeline(self, request, pk=None):
        action = self.get_object()
        if request.method == "GET":
            updates = (
                ActionUpdate.objects.filter(action=action)
                .select_related("author")
                .order_by("-created_at", "-pk")
            )
            page = self.paginate_queryset(updates)
            data = TimelineEntrySerializer(page, many=True).data
            return self.get_paginated_response(data)
        data = self._parse(TimelinePostSerializer)
        transition = data["transition"] or None
        workflow.check_who(transition or "edit", request.user, action)
        changes_fields = data["progress"] is not None or bool(transition)
        version = version_from_if_match(request, action) if changes_fields else None
        updated = self._write(
            action,
            lambda: services.post_update(
                action,
                by=request.user,
                version=version,
                note=data["note"],
                progress=data["progress"],
                transition=transition,
            ),
        )
        return self._answer(updated, status.HTTP_201_CREATED)

    # --- due dates ------------------------------------------------------------------

    @extend_schema(
        request=DueDateProposalSerializer,
        responses={200: ActionSerializer},
        parameters=[IF_MATCH, ETAG],
        description="A force lead proposes a new due date with its reason, for an "
        "inspector to agree (`services.propose_due_date`).",
    )
    @route(detail=True, methods=["post"], url_path="due-date", filterset_class=None)
    def propose_due_date(self, request, pk=None):
        action = self.get_object()
        workflow.check_who("propose_due_date", request.user, action)
        version = version_from_if_match(request, action)
        data = self._parse(DueDateProposalSerializer)
        updated = self._write(
            action,
            lambda: services.propose_due_date(
                action,
                by=request.user,
                version=version,
                proposed_due_date=data["proposed_due_date"],
                reason=data["reason"],
            ),
        )
        return self._answer(updated)

    @extend_schema(
        request=DueDateDecisionSerializer,
        responses={200: ActionSerializer},
        parameters=[IF_MATCH, ETAG],
        description="An inspector agrees the proposed due date, or declines it with a "
        "reason (`services.agree_due_date` / `decline_due_date`).",
    )
    @route(detail=True, methods=["post"], url_path="due-date/decision", filterset_class=None)
    def decide_due_date(self, request, pk=None):
        action = self.get_object()
        # Who may decide, before the rest of the body is read (as the page does).
        decision = "decline" if request.data.get("decision") == "decline" else "agree"
        workflow.check_who(f"{decision}_due_date", request.user, action)
        version = version_from_if_match(request, action)
        data = self._parse(DueDateDecisionSerializer)
        if data["decision"] == "agree":
            updated = self._write(
                action,
                lambda: services.agree_due_date(action, by=request.user, version=version),
            )
        else:
            updated = self._write(
                action,
                lambda: services.decline_due_date(
                    action, by=request.user, version=version, reason=data["reason"]
                ),
            )
        return self._answer(updated)


class DueDateProposalViewSet(
    DynamicFieldsViewMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """New due dates waiting for an inspector's decision, oldest first, as on the
    verification queue (for force staff: their own force's)."""

    serializer_class = ActionSerializer
    filterset_class = None

    @cached_property
    def today(self):
        return timezone.localdate()

    def get_queryset(self):
        return (
            action_queryset(self.request.user, self.today)
            .filter(proposed_due_date__isnull=False)
            .exclude(status__in=CLOSED_STATUSES)
            .order_by("proposed_at", "pk")
        )
