"""What a report says besides its judgments and findings: what it made of the items an
earlier inspection raised, and its "force in context" figures. Imported by
`inspections.models`, so Django registers both with the app."""

from __future__ import annotations

from django.db import models

from inspections.models import Finding, Inspection, Question


class EarlierItemReview(models.Model):
    """What a report says about an item from an earlier inspection: addressed, met, or remains.

    The earlier item itself is linked when it is in the database; the report's own words
    are kept either way.
    """

    class Outcome(models.TextChoices):
        ADDRESSED = "addressed", "Addressed"
        MET = "met", "Met"
        REMAINS = "remains", "Remains"

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="earlier_item_reviews"
    )
    kind = models.CharField(max_length=25, choices=Finding.Kind.choices)
    year = models.CharField(max_length=10, blank=True)
    question = models.ForeignKey(Question, on_delete=models.PROTECT, null=True, blank=True)
    text = models.TextField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    earlier_finding = models.ForeignKey(
        Finding, on_delete=models.SET_NULL, null=True, blank=True, related_name="reviews"
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["inspection", "order"]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()}: {self.get_outcome_display()}"


class ContextFigure(models.Model):
    """A "force in context" figure with its comparator, as the report prints it."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="context_figures"
    )
    section = models.CharField(max_length=50, blank=True)
    label = models.CharField(max_length=200)
    period = models.CharField(max_length=100, blank=True)
    force_value = models.CharField(max_length=30)
    comparator = models.CharField(max_length=50, blank=True)
    comparator_value = models.CharField(max_length=30, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["inspection", "order"]

    def __str__(self) -> str:
        return f"{self.label}: {self.force_value}"
