"""Read-only shapes of forces, cycles, inspections and findings."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from api.fields import DynamicFieldsModelSerializer
from inspections.models import (
    Cycle,
    EarlierItemReview,
    Finding,
    FindingStatusChange,
    Force,
    Inspection,
    Judgment,
    MostSimilarGroup,
    Pillar,
    Question,
)


class UserBriefSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "name"]
        read_only_fields = fields

    def get_name(self, user: User) -> str:
        return user.get_full_name() or user.username


class ForceBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Force
        fields = ["id", "slug", "name"]
        read_only_fields = fields


class MostSimilarGroupSerializer(serializers.ModelSerializer):
    members = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")

    class Meta:
        model = MostSimilarGroup
        fields = ["year", "members"]
        read_only_fields = fields


class ForceSerializer(DynamicFieldsModelSerializer):
    similar_groups = MostSimilarGroupSerializer(many=True, read_only=True)

    class Meta:
        model = Force
        fields = ["id", "slug", "name", "similar_groups"]
        read_only_fields = fields
        brief_fields = ["id", "slug", "name"]


class QuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Question
        fields = ["id", "name", "order", "pillar", "aliases"]
        read_only_fields = fields


class PillarSerializer(serializers.ModelSerializer):
    class Meta:
        model = Pillar
        fields = ["id", "name", "order", "aliases"]
        read_only_fields = fields


class CycleSerializer(DynamicFieldsModelSerializer):
    grades = serializers.ListField(child=serializers.CharField(), read_only=True)
    pillars = PillarSerializer(many=True, read_only=True)
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = Cycle
        fields = ["id", "slug", "name", "year", "grade_scale", "grades", "pillars", "questions"]
        read_only_fields = fields
        brief_fields = ["id", "slug", "name", "year"]


class JudgmentSerializer(serializers.ModelSerializer):
    area = serializers.SerializerMethodField()

    class Meta:
        model = Judgment
        fields = ["id", "pillar", "question", "area", "grade", "inspected", "last_inspected"]
        read_only_fields = fields

    def get_area(self, judgment: Judgment) -> str:
        return str(judgment.area)


class InspectionSerializer(DynamicFieldsModelSerializer):
    force = ForceBriefSerializer(read_only=True)
    cycle = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    judgments = JudgmentSerializer(many=True, read_only=True)
    report_url = serializers.CharField(read_only=True, help_text="The report's link, or empty.")

    class Meta:
        model = Inspection
        fields = [
            "id",
            "force",
            "cycle",
            "status",
            "published_on",
            "lead_inspector",
            "report_url",
            "judgments",
            "updated_at",
        ]
        read_only_fields = fields
        brief_fields = ["id", "force", "cycle", "status", "published_on"]


class EarlierItemReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = EarlierItemReview
        fields = ["inspection", "year", "outcome", "text"]
        read_only_fields = fields


class FindingStatusChangeSerializer(serializers.ModelSerializer):
    changed_by = UserBriefSerializer(read_only=True, allow_null=True)
    superseded_by = serializers.SerializerMethodField(
        help_text="The finding that replaced this one, if you may see it."
    )

    class Meta:
        model = FindingStatusChange
        fields = ["from_status", "to_status", "changed_at", "changed_by", "reason", "superseded_by"]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_superseded_by(self, change: FindingStatusChange) -> int | None:
        visible = getattr(change, "superseded_visible", False)
        return change.superseded_by_id if visible else None


class FindingSerializer(DynamicFieldsModelSerializer):
    force = serializers.SlugRelatedField(
        source="inspection.force", read_only=True, slug_field="slug"
    )
    continues = serializers.SerializerMethodField(
        help_text="The earlier finding this one repeats, if you may see it."
    )
    continued_by = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    recommendations = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    reviews = EarlierItemReviewSerializer(
        many=True, read_only=True, help_text="What later reports said about this finding."
    )
    status_changed_by = UserBriefSerializer(read_only=True, allow_null=True)
    status_history = FindingStatusChangeSerializer(
        source="status_changes", many=True, read_only=True, help_text="Newest first."
    )
    action_count = serializers.IntegerField(
        read_only=True, help_text="Its actions, cancelled ones aside."
    )
    verified_count = serializers.IntegerField(read_only=True, help_text="Of those, verified.")
    overdue_count = serializers.IntegerField(read_only=True, help_text="Of those, overdue.")
    progress = serializers.FloatField(
        read_only=True, allow_null=True, help_text="Its actions' mean progress (0-100)."
    )

    class Meta:
        model = Finding
        fields = [
            "id",
            "inspection",
            "force",
            "kind",
            "question",
            "pillar",
            "cause_of_concern",
            "recommendations",
            "order",
            "text",
            "deadline_text",
            "deadline",
            "continues",
            "continues_earlier",
            "earlier_year",
            "continued_by",
            "reviews",
            "status",
            "status_changed_at",
            "status_changed_by",
            "status_reason",
            "status_history",
            "action_count",
            "verified_count",
            "overdue_count",
            "progress",
        ]
        read_only_fields = fields
        brief_fields = ["id", "inspection", "force", "kind", "text", "status"]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_continues(self, finding: Finding) -> int | None:
        return finding.continues_id if getattr(finding, "continues_visible", False) else None
