"""Shapes of the report summaries (the dataclasses of `reports.selectors`)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers_reference import ForceBriefSerializer, JudgmentSerializer


class ActionFiguresSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    overdue = serializers.IntegerField()
    due_soon = serializers.IntegerField()
    at_risk = serializers.IntegerField()
    verified = serializers.IntegerField()
    percent_verified = serializers.IntegerField(
        allow_null=True, help_text="Verified, as a whole % of actions not cancelled."
    )
    by_status = serializers.DictField(child=serializers.IntegerField())


class ReportActionSerializer(serializers.Serializer):
    """An action as a report lists it."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()
    progress = serializers.IntegerField()
    effective_due_date = serializers.DateField()
    owner = serializers.CharField(source="owner.username", allow_null=True, default=None)
    finding = serializers.IntegerField(source="finding_id")


class InspectionSummarySerializer(serializers.Serializer):
    inspection = serializers.IntegerField(source="inspection.pk")
    cycle = serializers.CharField(source="inspection.cycle.slug")
    published_on = serializers.DateField(source="inspection.published_on", allow_null=True)
    findings_by_kind = serializers.DictField(child=serializers.IntegerField())
    findings_total = serializers.IntegerField()
    findings_open = serializers.IntegerField()
    actions = ActionFiguresSerializer()
    judgments = JudgmentSerializer(many=True)


class MonthRowSerializer(serializers.Serializer):
    month = serializers.DateField()
    opened = serializers.IntegerField()
    submitted = serializers.IntegerField()
    verified = serializers.IntegerField()


class ForceReportSerializer(serializers.Serializer):
    force = ForceBriefSerializer()
    today = serializers.DateField()
    months = serializers.IntegerField()
    totals = ActionFiguresSerializer()
    inspections = InspectionSummarySerializer(many=True)
    overdue = ReportActionSerializer(many=True, help_text="The first 100, soonest due first.")
    at_risk = ReportActionSerializer(many=True, help_text="The first 100, soonest due first.")
    progress = MonthRowSerializer(many=True)


class ReportFindingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    text = serializers.CharField()
    status = serializers.CharField()
    actions = ReportActionSerializer(many=True, source="actions.all")


class InspectionReportSerializer(serializers.Serializer):
    inspection = serializers.IntegerField(source="inspection.pk")
    force = ForceBriefSerializer(source="inspection.force")
    cycle = serializers.CharField(source="inspection.cycle.slug")
    today = serializers.DateField()
    judgments = JudgmentSerializer(many=True)
    findings = ReportFindingSerializer(many=True)


class GradeCellSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    grade = serializers.CharField()
    inspected = serializers.BooleanField()
    last_inspected = serializers.CharField()


class ForceRowSerializer(serializers.Serializer):
    force = ForceBriefSerializer()
    inspected = serializers.BooleanField()
    findings_open = serializers.IntegerField()
    actions_total = serializers.IntegerField()
    actions_counted = serializers.IntegerField()
    actions_verified = serializers.IntegerField()
    actions_overdue = serializers.IntegerField()
    percent_verified = serializers.IntegerField(allow_null=True)
    grades = serializers.SerializerMethodField(
        help_text="The force's grade for each question of the cycle it was graded on."
    )

    @extend_schema_field(GradeCellSerializer(many=True))
    def get_grades(self, row) -> list[dict]:
        questions = self.context.get("questions", [])
        return [
            {
                "question": question.pk,
                "grade": cell.grade,
                "inspected": cell.inspected,
                "last_inspected": cell.last_inspected,
            }
            for question, cell in zip(questions, row.grades, strict=False)
            if cell is not None
        ]


class ComparisonSerializer(serializers.Serializer):
    force = ForceBriefSerializer()
    group_year = serializers.CharField()
    year_matches_cycle = serializers.BooleanField()
    rows = ForceRowSerializer(many=True)
    group_percent_verified = serializers.IntegerField(allow_null=True)
    group_overdue = serializers.IntegerField()
    group_forces = serializers.IntegerField()


class NationalQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class NationalReportSerializer(serializers.Serializer):
    cycle = serializers.CharField(source="cycle.slug", allow_null=True, default=None)
    cycles = serializers.SerializerMethodField(help_text="Cycles you may report on (slugs).")
    sort = serializers.CharField()
    today = serializers.DateField()
    questions = NationalQuestionSerializer(many=True)
    forces = ForceRowSerializer(many=True)
    comparison = ComparisonSerializer(allow_null=True)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_cycles(self, report) -> list[str]:
        return [cycle.slug for cycle in report.cycles]
