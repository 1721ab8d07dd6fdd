"""Forms of the notifications pages: mail preferences and the PCC's response."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from inspections.pcc import PccResponse
from notifications.kinds import Kind


class PreferencesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Send me an email when",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Untick what you do not want. Every email also has a link to stop that kind.",
    )

    def __init__(self, *args, kinds: tuple[Kind, ...], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = [(kind.value, kind.label) for kind in kinds]


class PccResponseForm(forms.Form):
    """The PCC's response to one recommendation. `based_on` is the response the form was
    shown with, so that two people recording at once cannot overwrite each other."""

    based_on = forms.IntegerField(required=False, widget=forms.HiddenInput)
    response = forms.CharField(
        label="The PCC\u2019s comments on the recommendation",
        widget=forms.Textarea,
        error_messages={"required": "Enter the PCC\u2019s comments on the recommendation."},
    )
    outcome = forms.ChoiceField(
        label="What does the response say will happen?",
        choices=PccResponse.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the response says will happen."},
    )
    action = forms.CharField(
        label="The action taken or proposed", required=False, widget=forms.Textarea
    )
    no_action_reason = forms.CharField(
        label="Why no action will be taken", required=False, widget=forms.Textarea
    )
    published_day = forms.CharField(required=False)
    published_month = forms.CharField(required=False)
    published_year = forms.CharField(required=False)
    link = forms.URLField(
        label="Link to the published response",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter the link as a web address, like https://www.example.org/response."
        },
    )

    def clean(self) -> dict:
        data = super().clean()
        outcome = data.get("outcome")
        if (
            outcome == PccResponse.Outcome.NO_ACTION
            and not data.get("no_action_reason", "").strip()
        ):
            self.add_error("no_action_reason", "Say why no action will be taken.")
        elif (
            outcome
            and outcome != PccResponse.Outcome.NO_ACTION
            and not data.get("action", "").strip()
        ):
            self.add_error("action", "Describe the action taken or proposed.")
        parts = [data.get(f"published_{p}", "").strip() for p in ("day", "month", "year")]
        data["published_on"] = None
        if any(parts):
            try:
                day, month, year = (int(p) for p in parts)
                if year < 1000:
                    raise ValueError
                data["published_on"] = datetime.date(year, month, day)
            except ValueError:
                self.add_error(
                    "published_day", "The date published must be a real date, like 27 3 2026."
                )
            if data["published_on"] and data["published_on"] > timezone.localdate():
                self.add_error("published_day", "The date published must be today or earlier.")
        return data
