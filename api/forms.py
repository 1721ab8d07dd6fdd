"""The form to make an API token on the account page."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

EXPIRY_CHOICES = [
    ("30", "In 30 days"),
    ("90", "In 90 days"),
    ("365", "In a year"),
    ("never", "Never (revoke it yourself when it is no longer needed)"),
]
ACCESS_CHOICES = [
    ("read", "Read only: it can read but change nothing"),
    ("write", "Read and write: it can post updates and evidence, and make changes you may make"),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What is the token for?",
        help_text="For example, the name of the system that will use it.",
        max_length=100,
        error_messages={
            "required": "Enter what the token is for",
            "max_length": "What the token is for must be 100 characters or fewer",
        },
    )
    access = forms.ChoiceField(
        label="What may it do?",
        choices=ACCESS_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the token may do"},
    )
    expiry = forms.ChoiceField(
        label="When should it expire?",
        choices=EXPIRY_CHOICES,
        widget=forms.RadioSelect,
        initial="90",
        error_messages={"required": "Choose when the token expires"},
    )

    def expires_at(self) -> datetime.datetime | None:
        choice = self.cleaned_data["expiry"]
        if choice == "never":
            return None
        return timezone.now() + datetime.timedelta(days=int(choice))
