"""Forms for the force's own plan: adding an action to a finding, reassigning it, and
withdrawing a submission or a piece of evidence. They parse what was typed; whether the
change is allowed is `improvements.workflow`'s and `improvements.services`' to say."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet

from accounts.models import Role, User
from improvements.models import Priority
from inspections.models import Finding, FindingStatus
from workspace.forms import ActionForm, DateInputForm, VersionedForm


def possible_owners(finding: Finding) -> QuerySet[User]:
    """What the owner list offers: the active force leads of the finding's force (the
    service checks the same rule, `workflow.is_possible_owner`)."""
    return User.objects.filter(
        role=Role.FORCE_LEAD, is_active=True, force_id=finding.inspection.force_id
    ).order_by("first_name", "last_name", "username")


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


def _owner_field(finding: Finding) -> OwnerChoiceField:
    return OwnerChoiceField(
        label="Owner",
        queryset=possible_owners(finding),
        empty_label="Choose an owner",
        error_messages={
            "required": "Choose who owns the action.",
            "invalid_choice": "Choose an owner from the list: a force lead in the force.",
        },
    )


class AddActionForm(DateInputForm):
    """A new action for a finding: title, description, owner, priority, due date, and the
    reason when the date is after a recommendation's own deadline."""

    title = forms.CharField(
        label="Title",
        max_length=200,
        strip=True,
        error_messages={
            "required": "Enter a title for the action.",
            "max_length": "The title must be 200 characters or fewer.",
        },
    )
    description = forms.CharField(
        label="Description",
        required=False,
        widget=forms.Textarea,
        strip=True,
        max_length=5000,
        error_messages={"max_length": "The description must be 5,000 characters or fewer."},
    )
    priority = forms.ChoiceField(
        choices=Priority.choices,
        initial=Priority.MEDIUM,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a priority.",
            "invalid_choice": "Choose a priority.",
        },
    )
    reason_for_later_date = forms.CharField(
        label="Reason for a due date after the deadline",
        required=False,
        widget=forms.Textarea,
        strip=True,
        max_length=2000,
        error_messages={"max_length": "The reason must be 2,000 characters or fewer."},
    )

    field_order = ["title", "description", "owner", "priority", "day", "month", "year"]

    def __init__(self, *args, finding: Finding, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = _owner_field(finding)
        self.order_fields(self.field_order)


class ReassignForm(VersionedForm):
    def __init__(self, *args, finding: Finding, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = _owner_field(finding)
        self.fields["owner"].label = "New owner"


class WithdrawSubmissionForm(VersionedForm):
    reason = forms.CharField(
        widget=forms.Textarea,
        strip=True,
        max_length=5000,
        error_messages={"required": "Enter the reason for withdrawing the submission."},
    )


class WithdrawEvidenceForm(ActionForm):
    """Withdraw one piece of evidence; it changes no field of the action, so no version."""

    reason = forms.CharField(
        widget=forms.Textarea,
        strip=True,
        max_length=2000,
        error_messages={"required": "Enter the reason for withdrawing the evidence."},
    )


class FindingStatusForm(forms.Form):
    """An inspector's change of a finding's status, with the reason. What is offered
    follows the finding's status: an open finding can be marked addressed, superseded (by
    a later finding of the same force) or closed; any other is reopened. Whether the
    change is allowed is `inspections.services.change_finding_status`'s to say."""

    to_status = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the finding's new status.",
            "invalid_choice": "Choose the finding's new status.",
        },
    )
    # The candidates are read once (the page renders the list, the post checks against it).
    superseded_by = forms.TypedChoiceField(
        coerce=int,
        required=False,
        empty_value=None,
        label="The finding that supersedes it",
        error_messages={"invalid_choice": "Choose a finding from the list."},
    )
    reason = forms.CharField(
        widget=forms.Textarea,
        strip=True,
        max_length=5000,
        label="Reason",
        error_messages={"required": "Enter the reason, for example the inspection that found it."},
    )

    def __init__(self, *args, finding: Finding, candidates: QuerySet[Finding], **kwargs):
        super().__init__(*args, **kwargs)
        if finding.status == FindingStatus.OPEN:
            choices = [
                (FindingStatus.ADDRESSED, "Addressed"),
                (FindingStatus.SUPERSEDED, "Superseded by a later finding"),
                (FindingStatus.CLOSED, "Closed"),
            ]
        else:
            choices = [(FindingStatus.OPEN, "Reopen it")]
        self.fields["to_status"].choices = choices
        if len(choices) == 1:
            self.fields["to_status"].initial = choices[0][0]
        self.candidates = {f.pk: f for f in candidates}
        self.fields["superseded_by"].choices = [("", "Choose a finding")] + [
            (f.pk, f"{f.inspection.cycle.name}: {f.get_kind_display()}, {f.short_text}")
            for f in self.candidates.values()
        ]

    def clean_superseded_by(self) -> Finding | None:
        pk = self.cleaned_data.get("superseded_by")
        return self.candidates.get(pk) if pk is not None else None

    def clean(self):
        data = super().clean()
        if data.get("to_status") == FindingStatus.SUPERSEDED and not data.get("superseded_by"):
            if "superseded_by" not in self.errors:
                self.add_error("superseded_by", "Choose the finding that supersedes it.")
        elif data.get("to_status") != FindingStatus.SUPERSEDED:
            data["superseded_by"] = None  # only a superseded finding names one
        return data
