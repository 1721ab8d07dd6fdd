"""Forms for the action page and the verification queue.

They parse and check what the user typed, with GOV.UK-style messages; the rules about who
may change what, and when, live in `improvements.workflow` and `improvements.services`.
Every form that changes an action's fields carries the `version` the user saw, so that a
save made on top of someone else's change is refused (see `services.EditConflict`).
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError

from improvements import workflow
from improvements.evidence import ALLOWED_DESCRIPTION


class ActionForm(forms.Form):
    def show_error(self, field: str, message: str) -> bool:
        """Show a service's refusal beside the field it is about (`WorkflowError.field`);
        False if this form has no such field, for the page to show it above the form."""
        if field not in self.fields:
            return False
        self.add_error(field, message)
        return True


class VersionedForm(ActionForm):
    """Carries the action's version as the user loaded it."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": "The page was missing some information. Reload it and try again.",
            "invalid": "The page was missing some information. Reload it and try again.",
        },
    )


class UpdateForm(VersionedForm):
    """A timeline entry: a note, a new progress figure and/or a status change."""

    note = forms.CharField(
        required=False,
        widget=forms.Textarea,
        strip=True,
        max_length=5000,
        error_messages={"max_length": "The note must be 5,000 characters or fewer."},
    )
    progress = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=100,
        error_messages={
            "invalid": "Enter progress as a whole number from 0 to 100.",
            "min_value": "Progress must be 0 or more.",
            "max_value": "Progress must be 100 or less.",
        },
    )
    # Any known change is accepted here; whether it is possible now, and for this user, is
    # the workflow's decision (the page offers only `workflow.available(action, user)`).
    transition = forms.ChoiceField(
        required=False,
        choices=[("", "Keep the current status")]
        + [(t.name, t.label) for t in workflow.TRANSITIONS],
        error_messages={"invalid_choice": "Choose a status change from the list."},
    )

    def clean(self):
        data = super().clean()
        if (
            not data.get("note")
            and data.get("progress") is None
            and not data.get("transition")
            and not self.errors
        ):
            raise ValidationError(
                "Write a note, change the progress or choose a new status.", code="empty"
            )
        return data

    def show_error(self, field: str, message: str) -> bool:
        # A status change that needs a reason takes the note as its reason.
        return super().show_error("note" if field == "reason" else field, message)


class EvidenceForm(ActionForm):
    """A file or a link, as the radios say, with what it shows. Adding evidence changes no
    field of the action, so it carries no version.

    Both inputs are on the page (without JavaScript both show; with it, the chosen one):
    the radio decides which is used and the other is ignored. The file and the link
    themselves are checked by `services.add_evidence` (improvements/evidence.py), once;
    its refusals come back here through `show_error` to sit beside their field."""

    allowed_types = ALLOWED_DESCRIPTION
    FILE, LINK = "file", "link"

    description = forms.CharField(
        max_length=500,
        strip=True,
        error_messages={
            "required": "Describe what the evidence shows.",
            "max_length": "The description must be 500 characters or fewer.",
        },
    )
    kind = forms.ChoiceField(
        choices=[(FILE, "Upload a file"), (LINK, "Add a link")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether to upload a file or add a link.",
            "invalid_choice": "Select whether to upload a file or add a link.",
        },
    )
    file = forms.FileField(
        required=False,
        allow_empty_file=True,  # the service says "is empty" in our words
        error_messages={"invalid": "The selected file could not be read. Choose it again."},
    )
    url = forms.CharField(required=False, strip=True)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == self.FILE and not data.get("file") and "file" not in self.errors:
            self.add_error("file", "Select a file to upload.")
        elif kind == self.LINK and not data.get("url"):
            self.add_error("url", "Enter a link.")
        # What to hand the service: the file or the link the radio chose, not both.
        data["upload"] = data.get("file") if kind == self.FILE else None
        data["link"] = data.get("url", "") if kind == self.LINK else ""
        return data


class DateInputForm(ActionForm):
    """A GOV.UK date input (day, month, year), read into `cleaned_data["due_date"]`.

    The three parts are kept as typed, so a mistake never empties the boxes. The form only
    reads the date; whether it is allowed (not in the past, not the current one) is the
    service's to say, shown here by `show_error("date" or "due_date", ...)`."""

    day = forms.CharField(required=False, max_length=10)
    month = forms.CharField(required=False, max_length=10)
    year = forms.CharField(required=False, max_length=10)

    LABEL = "The due date"
    PARTS = ("day", "month", "year")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        #: the parts of the date to highlight (GOV.UK: only the wrong ones, or all three)
        self.date_error_parts: tuple[str, ...] = ()

    def clean(self):
        data = super().clean()
        parts = {p: (data.get(p) or "").strip() for p in self.PARTS}
        missing = [p for p in self.PARTS if not parts[p]]
        if len(missing) == 3:
            return self._date_error(f"Enter {self.LABEL.lower()}.", self.PARTS)
        if missing:
            return self._date_error(
                f"{self.LABEL} must include a {' and a '.join(missing)}.", tuple(missing)
            )
        not_numbers = [p for p in self.PARTS if not parts[p].isdigit()]
        if not_numbers:
            return self._date_error(f"{self.LABEL} must be a real date.", tuple(not_numbers))
        if len(parts["year"]) != 4:
            return self._date_error("Year must include 4 numbers.", ("year",))
        try:
            data["due_date"] = datetime.date(
                int(parts["year"]), int(parts["month"]), int(parts["day"])
            )
        except ValueError:
            return self._date_error(f"{self.LABEL} must be a real date.", self.PARTS)
        return data

    def show_error(self, field: str, message: str) -> bool:
        if field in ("date", "due_date"):
            self._date_error(message, self.PARTS)
            return True
        return super().show_error(field, message)

    def _date_error(self, message: str, parts: tuple[str, ...]):
        self.date_error_parts = parts
        self.add_error(parts[0], message)
        return self.cleaned_data

    @property
    def date_error(self) -> str:
        for part in self.PARTS:
            if part in self.errors:
                return self.errors[part][0]
        return ""


class DueDateForm(DateInputForm, VersionedForm):
    """A proposed new due date and the reason for it."""

    reason = forms.CharField(
        widget=forms.Textarea,
        strip=True,
        max_length=2000,
        error_messages={
            "required": "Enter the reason for the new due date.",
            "max_length": "The reason must be 2,000 characters or fewer.",
        },
    )

    LABEL = "The new due date"


class AgreeDueDateForm(VersionedForm):
    """Agree the proposed due date (inspectors): nothing to type."""


class DeclineDueDateForm(VersionedForm):
    reason = forms.CharField(
        widget=forms.Textarea,
        strip=True,
        max_length=5000,
        error_messages={"required": "Enter the reason for declining the new due date."},
    )


class SubmitForm(VersionedForm):
    """Put the action forward as complete; a note for the inspector is optional."""

    note = forms.CharField(required=False, widget=forms.Textarea, strip=True, max_length=5000)


class VerifyForm(VersionedForm):
    note = forms.CharField(required=False, widget=forms.Textarea, strip=True, max_length=5000)


class ReturnForm(VersionedForm):
    reason = forms.CharField(
        widget=forms.Textarea,
        strip=True,
        max_length=5000,
        error_messages={"required": "Enter the reason for returning the action to the force."},
    )


class CancelForm(VersionedForm):
    reason = forms.CharField(
        widget=forms.Textarea,
        strip=True,
        max_length=5000,
        error_messages={"required": "Enter the reason for cancelling the action."},
    )
