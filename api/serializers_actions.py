"""Shapes of actions, their timeline, due-date proposals and evidence, and of the bodies
clients send to change them (each parsed here and handed to one service call)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from accounts.models import Role, User
from api.concurrency import etag_for
from api.fields import DynamicFieldsModelSerializer
from api.serializers_reference import UserBriefSerializer
from improvements import workflow
from improvements.deadlines import Rag
from improvements.models import Action, ActionUpdate, Evidence, Priority


class ActionSerializer(DynamicFieldsModelSerializer):
    force = serializers.SlugRelatedField(
        source="finding.inspection.force", read_only=True, slug_field="slug"
    )
    inspection = serializers.IntegerField(source="finding.inspection_id", read_only=True)
    owner = UserBriefSerializer(read_only=True, allow_null=True)
    effective_due_date = serializers.DateField(
        read_only=True, help_text="The revised due date, or the original."
    )
    overdue = serializers.SerializerMethodField(help_text="Open and past its due date.")
    rag = serializers.ChoiceField(choices=Rag.choices, read_only=True)
    evidence_count = serializers.IntegerField(read_only=True)
    etag = serializers.SerializerMethodField(help_text="Send it back in If-Match to change it.")
    transitions = serializers.SerializerMethodField(
        help_text="The status changes you may make now (names for `transition`)."
    )

    class Meta:
        model = Action
        fields = [
            "id",
            "finding",
            "inspection",
            "force",
            "title",
            "description",
            "owner",
            "status",
            "priority",
            "progress",
            "due_date",
            "revised_due_date",
            "revised_due_reason",
            "effective_due_date",
            "proposed_due_date",
            "proposed_due_reason",
            "proposed_at",
            "overdue",
            "rag",
            "evidence_count",
            "created_at",
            "updated_at",
            "submitted_at",
            "verified_at",
            "version",
            "etag",
            "transitions",
        ]
        read_only_fields = fields
        brief_fields = ["id", "title", "status", "effective_due_date", "rag", "force"]

    def get_overdue(self, action: Action) -> bool:
        # The database's three-valued logic gives NULL for "not overdue" on some rows.
        return bool(action.overdue_now)

    def get_etag(self, action: Action) -> str:
        return etag_for(action)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_transitions(self, action: Action) -> list[str]:
        user = self.context["request"].user
        return [t.name for t in workflow.available(action, user)]


class ActionCreateSerializer(serializers.Serializer):
    """POST: a new action for an open finding of your force (`services.create_action`)."""

    finding = serializers.IntegerField(
        help_text="The finding's id: an open area for improvement, cause of concern or "
        "recommendation you may see (404 otherwise)."
    )
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=5000
    )
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(role=Role.FORCE_LEAD, is_active=True),
        help_text="A force lead of the finding's force (as on the add action page).",
    )
    priority = serializers.ChoiceField(
        choices=Priority.choices, required=False, default=Priority.MEDIUM
    )
    due_date = serializers.DateField(help_text="Today or later.")
    reason_for_later_date = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text="Needed when the due date is after a recommendation's own deadline.",
    )


class ActionChangeSerializer(serializers.Serializer):
    """PATCH: any of these; what is left out stays as it is. Force leads change the owner
    alone (a reassignment); inspectors any of them."""

    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(role=Role.FORCE_LEAD, is_active=True),
        required=False,
        allow_null=True,
    )
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)


class TimelineEntrySerializer(serializers.ModelSerializer):
    author = UserBriefSerializer(read_only=True)

    class Meta:
        model = ActionUpdate
        fields = [
            "id",
            "kind",
            "created_at",
            "author",
            "note",
            "from_status",
            "to_status",
            "progress",
            "revised_due_date",
        ]
        read_only_fields = fields


class TimelinePostSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=10_000,
        help_text="The update's text; the reason, for a status change that needs one.",
    )
    progress = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=100
    )
    transition = serializers.ChoiceField(
        choices=[(t.name, t.label) for t in workflow.TRANSITIONS],
        required=False,
        allow_null=True,
        default=None,
        help_text="A status change, by name (see the action's `transitions`).",
    )


class DueDateProposalSerializer(serializers.Serializer):
    proposed_due_date = serializers.DateField()
    reason = serializers.CharField(max_length=2000)


class DueDateDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("agree", "Agree"), ("decline", "Decline")])
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000,
        help_text="Needed to decline.",
    )  # fmt: skip


class EvidenceSerializer(DynamicFieldsModelSerializer):
    kind = serializers.SerializerMethodField()
    added_by = UserBriefSerializer(read_only=True)
    withdrawn_by = UserBriefSerializer(read_only=True, allow_null=True)
    download_url = serializers.SerializerMethodField()
    url = serializers.CharField(read_only=True, help_text="The link, or empty for a file.")

    class Meta:
        model = Evidence
        fields = [
            "id",
            "action",
            "kind",
            "description",
            "url",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "added_by",
            "added_at",
            "download_url",
            "withdrawn_at",
            "withdrawn_by",
            "withdrawn_reason",
        ]
        read_only_fields = fields
        brief_fields = ["id", "action", "kind", "description", "added_at", "withdrawn_at"]

    @extend_schema_field(serializers.ChoiceField(choices=["file", "link"]))
    def get_kind(self, evidence: Evidence) -> str:
        return "file" if evidence.is_file else "link"

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, evidence: Evidence) -> str | None:
        if not evidence.is_file:
            return None
        request = self.context.get("request")
        return reverse("api:evidence-download", args=[evidence.pk], request=request)


class EvidenceUploadSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=500)
    file = serializers.FileField(required=False, allow_null=True, default=None)
    url = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="A link, instead of a file."
    )


class EvidenceWithdrawalSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=2000, help_text="Why it is withdrawn (it is kept, marked withdrawn)."
    )
