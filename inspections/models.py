"""Forces, PEEL cycles and their frameworks, inspections, judgments and findings.

The framework of a cycle (its pillars, questions and grade scale) is data: a new PEEL
cycle is added in the admin or in `reference/frameworks.json`, not in code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from peel.change_record import RecordsChanges

if TYPE_CHECKING:
    from accounts.models import User


class Force(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, help_text="Forces' names change: keep it current.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MostSimilarGroup(models.Model):
    """A force's most similar forces in a year. Per force, not symmetric."""

    force = models.ForeignKey(Force, on_delete=models.CASCADE, related_name="similar_groups")
    year = models.CharField(max_length=10, help_text='The year of the grouping, e.g. "2018/19".')
    members = models.ManyToManyField(Force, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["force", "year"], name="msg_one_per_force_year")
        ]
        ordering = ["force__name", "-year"]
        verbose_name = "most similar group"

    def __str__(self) -> str:
        return f"{self.force} ({self.year})"


class Grade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    ADEQUATE = "adequate", "Adequate"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"
    UNGRADED = "ungraded", "Ungraded"

    @classmethod
    def from_label(cls, label: str) -> Grade:
        wanted = " ".join(label.split()).lower()
        for grade in cls:
            if grade.label.lower() == wanted:
                return grade
        raise ValueError(f"Unknown grade {label!r}")


class GradeScale(models.TextChoices):
    FOUR_POINT = "four_point", "Four-point (2014-2019)"
    FIVE_POINT = "five_point", "Five-point (2021 onwards)"


GRADES_ON_SCALE = {
    GradeScale.FOUR_POINT: [
        Grade.OUTSTANDING,
        Grade.GOOD,
        Grade.REQUIRES_IMPROVEMENT,
        Grade.INADEQUATE,
        Grade.UNGRADED,
    ],
    GradeScale.FIVE_POINT: [
        Grade.OUTSTANDING,
        Grade.GOOD,
        Grade.ADEQUATE,
        Grade.REQUIRES_IMPROVEMENT,
        Grade.INADEQUATE,
        Grade.UNGRADED,
    ],
}


class Cycle(models.Model):
    """A PEEL inspection cycle and its framework, e.g. "PEEL 2018/19 (integrated assessment)"."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, unique=True)
    year = models.CharField(max_length=10, help_text='e.g. "2018/19" or "2023-25".')
    grade_scale = models.CharField(max_length=12, choices=GradeScale.choices)
    report_titles = models.JSONField(
        default=list, blank=True, help_text="Titles a report of this cycle may carry."
    )
    pillar_inspections = models.BooleanField(
        default=False,
        help_text="Each pillar was inspected and reported separately (2014 to 2017).",
    )

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.name

    @property
    def grades(self) -> list[Grade]:
        return GRADES_ON_SCALE[GradeScale(self.grade_scale)]


class Pillar(models.Model):
    """Effectiveness, efficiency or legitimacy, in the cycles that grade pillars."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="pillars")
    name = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField(default=0)
    aliases = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["cycle", "order"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "name"], name="pillar_unique_name_in_cycle")
        ]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    """A question (or "core question") a cycle grades, under a pillar where the cycle has them."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="questions")
    pillar = models.ForeignKey(
        Pillar, on_delete=models.CASCADE, null=True, blank=True, related_name="questions"
    )
    name = models.CharField(max_length=150)
    order = models.PositiveSmallIntegerField(default=0)
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other headings reports use for this question."
    )

    class Meta:
        ordering = ["cycle", "order"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "name"], name="question_unique_name_in_cycle")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.pillar_id and self.pillar.cycle_id != self.cycle_id:
            raise ValidationError({"pillar": "The pillar belongs to another cycle."})


def inspection_scope(user: User, path: str = "", force_field: str = "") -> Q | None:
    """The condition on an inspection, reached from a query's model through `path` (e.g.
    "finding__inspection__"), that says which ones `user` may see; None: none at all.
    `force_field` names a copy of the inspection's force on the query's own model (an
    action's `force`), to test the force on instead of the joined inspection's.

    Force staff see their own force's published inspections; national managers every
    published one; inspectors everything, drafts included. Decided by role and force
    alone: the superuser flag widens nothing. Every `visible_to` filters with
    it on the joined inspection itself (not `pk__in` a subquery), so PostgreSQL can start
    from the force's few inspections (an index) instead of joining the whole nation's rows
    and discarding other forces' afterwards: a force's pages cost the same however much
    data the other forces have (bench/: the 1x/4x ratio)."""
    if not user.is_authenticated:
        return None
    if user.is_inspector:
        return Q()
    if user.sees_all_forces:
        return Q(**{f"{path}status": Inspection.Status.PUBLISHED})
    if user.is_force_staff:
        force = force_field or f"{path}force_id"
        return Q(**{f"{path}status": Inspection.Status.PUBLISHED, force: user.force_id})
    return None


def scoped(
    queryset: models.QuerySet, user: User, path: str, force_field: str = ""
) -> models.QuerySet:
    """`queryset` narrowed to what `user` may see, its inspection reached through `path`."""
    condition = inspection_scope(user, path, force_field)
    return queryset.none() if condition is None else queryset.filter(condition)


class InspectionQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> InspectionQuerySet:
        """What a user may see (`inspection_scope`)."""
        return scoped(self, user, "")

    def published(self) -> InspectionQuerySet:
        return self.filter(status=Inspection.Status.PUBLISHED)


class Inspection(RecordsChanges, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="inspections")
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="inspections")
    published_on = models.DateField(
        null=True,
        blank=True,
        help_text="Publication date (the first of the month if only the month is known).",
    )
    # The PCC's 56 days (inspections.pcc) run from the exact day; reports often print only
    # the month, so the importer never sets it and an inspector records it when known.
    exact_publication_date = models.DateField(
        "exact day of publication",
        null=True,
        blank=True,
        help_text="The day the report was published, when known: the PCC\u2019s 56 days to "
        "respond run from it. Leave blank if only the month is known.",
    )
    lead_inspector = models.CharField("lead HM Inspector", max_length=100, blank=True)
    report_url = models.URLField("report link", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["force__name", "-cycle__year"]
        constraints = [
            # One PEEL report per force per cycle: re-importing updates, never duplicates.
            models.UniqueConstraint(
                fields=["force", "cycle"], name="inspection_one_per_force_cycle"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_on__isnull=False),
                name="inspection_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.force} – {self.cycle}"

    @property
    def is_fixed(self) -> bool:
        """Its force and cycle stay as they are once it has findings: moving it would hand
        the findings, their actions and evidence to another force."""
        return self.pk is not None and self.findings.exists()

    def clean(self) -> None:
        exact, month = self.exact_publication_date, self.published_on
        if exact and month and (exact.year, exact.month) != (month.year, month.month):
            raise ValidationError(
                {"exact_publication_date": "The exact day must be in the month of publication."}
            )
        if not self.is_fixed:
            return
        stored = Inspection.objects.filter(pk=self.pk).values("force_id", "cycle_id").get()
        for name in ("force", "cycle"):
            if stored[f"{name}_id"] != getattr(self, f"{name}_id"):
                raise ValidationError(
                    {name: f"The inspection has findings: its {name} cannot change."}
                )


class JudgmentQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> JudgmentQuerySet:
        return scoped(self, user, "inspection__")


class Judgment(RecordsChanges, models.Model):
    """An inspection's grade for one pillar or one question."""

    #: Its entries in the change record name the inspection they belong to.
    change_record_parent = "inspection"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="judgments")
    pillar = models.ForeignKey(Pillar, on_delete=models.PROTECT, null=True, blank=True)
    question = models.ForeignKey(Question, on_delete=models.PROTECT, null=True, blank=True)
    grade = models.CharField(max_length=25, choices=Grade.choices)
    inspected = models.BooleanField(
        default=True, help_text="Inspected in this cycle; if not, the earlier judgment stands."
    )
    last_inspected = models.CharField(
        max_length=10, blank=True, help_text='When not inspected this cycle: the year, e.g. "2017".'
    )
    earlier_inspection = models.ForeignKey(
        Inspection, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = JudgmentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(pillar__isnull=False, question__isnull=True)
                    | Q(pillar__isnull=True, question__isnull=False)
                ),
                name="judgment_pillar_xor_question",
            ),
            models.UniqueConstraint(
                fields=["inspection", "pillar"],
                condition=Q(pillar__isnull=False),
                name="judgment_one_per_pillar",
            ),
            models.UniqueConstraint(
                fields=["inspection", "question"],
                condition=Q(question__isnull=False),
                name="judgment_one_per_question",
            ),
            models.CheckConstraint(
                condition=Q(inspected=True, last_inspected="")
                | Q(inspected=False) & ~Q(last_inspected=""),
                name="judgment_last_inspected_iff_not_inspected",
            ),
            models.CheckConstraint(
                condition=Q(grade__in=Grade.values), name="judgment_grade_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.get_grade_display()}"

    @property
    def area(self) -> Pillar | Question | None:
        return self.pillar or self.question

    def clean(self) -> None:
        cycle = self.inspection.cycle
        if self.grade and self.grade not in cycle.grades:
            raise ValidationError(
                {"grade": f"{self.get_grade_display()} is not on the {cycle} grade scale."}
            )
        area = self.pillar or self.question
        if area is not None and area.cycle_id != cycle.pk:
            raise ValidationError("The pillar or question belongs to another cycle.")


class FindingQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> FindingQuerySet:
        return scoped(self, user, "inspection__")

    def open(self) -> FindingQuerySet:
        return self.filter(status=FindingStatus.OPEN)

    def actionable(self) -> FindingQuerySet:
        """Findings a force acts on (commended practice needs no action)."""
        return self.exclude(kind=FindingKind.COMMENDED_PRACTICE)


class FindingKind(models.TextChoices):
    AREA_FOR_IMPROVEMENT = "area_for_improvement", "Area for improvement"
    CAUSE_OF_CONCERN = "cause_of_concern", "Cause of concern"
    RECOMMENDATION = "recommendation", "Recommendation"
    COMMENDED_PRACTICE = "commended_practice", "Commended practice"


class FindingStatus(models.TextChoices):
    OPEN = "open", "Open"
    ADDRESSED = "addressed", "Addressed"
    SUPERSEDED = "superseded", "Superseded"
    CLOSED = "closed", "Closed"


class Finding(RecordsChanges, models.Model):
    Kind = FindingKind
    Status = FindingStatus

    #: Its entries in the change record name the inspection they belong to.
    change_record_parent = "inspection"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=25, choices=Kind.choices)
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, null=True, blank=True, related_name="findings"
    )
    pillar = models.ForeignKey(
        Pillar,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        help_text="Only when the finding sits under a pillar rather than a question.",
    )
    cause_of_concern = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="recommendations",
        limit_choices_to={"kind": "cause_of_concern"},
        help_text="For a recommendation made under a cause of concern.",
    )
    order = models.PositiveIntegerField(default=0, help_text="Position in the report.")
    text = models.TextField()
    deadline_text = models.CharField(
        max_length=200, blank=True, help_text='The deadline as worded, e.g. "Within six months".'
    )
    deadline = models.DateField(null=True, blank=True)
    continues = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continued_by",
        help_text="The earlier finding this one repeats (\u201cthis area for improvement remains\u201d).",  # noqa: E501
    )
    continues_earlier = models.BooleanField(
        default=False,
        help_text="The report says it continues an earlier finding (even one not held here).",
    )
    earlier_year = models.CharField(max_length=10, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status_reason = models.TextField(blank=True)
    imported_text = models.TextField(
        blank=True,
        editable=False,
        help_text="The wording as last imported; a different text means an inspector edited it.",
    )

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["inspection", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=FindingKind.values), name="finding_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=FindingStatus.values), name="finding_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(cause_of_concern__isnull=True) | Q(kind="recommendation"),
                name="finding_only_recommendations_have_a_cause",
            ),
            # Closing a finding is an inspector's decision: it records when, who and why.
            models.CheckConstraint(
                condition=Q(status="open")
                | (Q(status_changed_at__isnull=False) & ~Q(status_reason="")),
                name="finding_closure_has_date_and_reason",
            ),
        ]
        indexes = [
            # The force's findings by inspection, in the report's order.
            models.Index(fields=["inspection", "kind", "order"], name="finding_inspection_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.short_text}"

    @property
    def short_text(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:77].rstrip() + "..."

    @property
    def area(self) -> Question | Pillar | None:
        return self.question or self.pillar

    def clean(self) -> None:
        if self.cause_of_concern_id and self.cause_of_concern.kind != self.Kind.CAUSE_OF_CONCERN:
            raise ValidationError({"cause_of_concern": "Choose a cause of concern."})
        if self.cause_of_concern_id and (self.cause_of_concern.inspection_id != self.inspection_id):
            raise ValidationError({"cause_of_concern": "It belongs to another inspection."})
        if self.continues_id and self.continues_id == self.pk:
            raise ValidationError({"continues": "A finding cannot continue itself."})
        if self.question_id and self.question.cycle_id != self.inspection.cycle_id:
            raise ValidationError({"question": "The question belongs to another cycle."})


# A finding's status history lives in its own module; imported here so Django registers it.
from inspections.finding_history import FindingStatusChange  # noqa: E402, F401

# The PCC's statutory response lives in its own module (inspections/pcc.py); importing it
# here registers its model with the app.
from inspections.pcc import PccResponse  # noqa: E402, F401

# What a report says besides its judgments and findings (earlier items reviewed, context
# figures) lives in its own module (inspections/report_details.py), registered here.
from inspections.report_details import ContextFigure, EarlierItemReview  # noqa: E402, F401
