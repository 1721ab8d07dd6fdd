"""The one set of presentation helpers every page uses: tag colours, labels, links, sort
links. `{% load ui %}`.

One colour per grade, per action status and per RAG value, whatever the page (the finding
page, the lists, the reports): GOV.UK Frontend tag modifiers, each value's clearly
different from its neighbours' (red and amber in particular), and the tag always says the
word too, so colour is never the only signal. Each tag is a thin wrapper around a plain
function, so the rule it shows is tested once.
"""

from __future__ import annotations

import datetime

from django import template
from django.urls import reverse

from improvements import deadlines
from improvements.deadlines import Rag
from improvements.models import Status
from inspections.models import Grade

register = template.Library()

#: For each RAG value. Amber is yellow, not orange: GOV.UK's orange and red tags look
#: alike. Blue (verified) and grey (cancelled) match those statuses' tags.
RAG_TAG_CLASSES = {
    Rag.RED: "govuk-tag--red",
    Rag.AMBER: "govuk-tag--yellow",
    Rag.GREEN: "govuk-tag--green",
    Rag.BLUE: "govuk-tag--blue",
    Rag.GREY: "govuk-tag--grey",
}

#: For each inspection grade, worst to best as red, yellow, purple, green, blue: no two
#: alike, and the two grades that need improving share the RAG's red and amber.
GRADE_TAG_CLASSES = {
    Grade.OUTSTANDING: "govuk-tag--blue",
    Grade.GOOD: "govuk-tag--green",
    Grade.ADEQUATE: "govuk-tag--purple",
    Grade.REQUIRES_IMPROVEMENT: "govuk-tag--yellow",
    Grade.INADEQUATE: "govuk-tag--red",
    Grade.UNGRADED: "govuk-tag--grey",
}

#: Short forms for the national grid (the full grade is in each cell's title).
GRADE_ABBREVIATIONS = {
    Grade.OUTSTANDING: "O",
    Grade.GOOD: "G",
    Grade.ADEQUATE: "A",
    Grade.REQUIRES_IMPROVEMENT: "RI",
    Grade.INADEQUATE: "I",
    Grade.UNGRADED: "U",
}

#: For each action status. Verified is blue and cancelled grey, as in the RAG colours, so
#: in progress is light blue.
STATUS_TAG_CLASSES = {
    Status.NOT_STARTED: "govuk-tag--grey",
    Status.IN_PROGRESS: "govuk-tag--light-blue",
    Status.ON_HOLD: "govuk-tag--orange",
    Status.SUBMITTED: "govuk-tag--purple",
    Status.VERIFIED: "govuk-tag--blue",
    Status.CANCELLED: "govuk-tag--grey",
}

UNKNOWN_TAG_CLASS = "govuk-tag--grey"


def rag_tag_class(value: str) -> str:
    return RAG_TAG_CLASSES.get(value, UNKNOWN_TAG_CLASS)


def rag_label(value: str) -> str:
    try:
        return Rag(value).label
    except ValueError:
        return str(value)


def grade_tag_class(value: str) -> str:
    return GRADE_TAG_CLASSES.get(value, UNKNOWN_TAG_CLASS)


def grade_label(value: str) -> str:
    try:
        return Grade(value).label
    except ValueError:
        return str(value)


def grade_abbr(value: str) -> str:
    return GRADE_ABBREVIATIONS.get(value, "")


def status_tag_class(value: str) -> str:
    return STATUS_TAG_CLASSES.get(value, UNKNOWN_TAG_CLASS)


def action_url(action_or_pk) -> str:
    """The action page (from an action or its primary key)."""
    pk = getattr(action_or_pk, "pk", action_or_pk)
    return reverse("workspace:action_detail", args=[pk])


def days_overdue(action, today: datetime.date) -> int:
    """Whole days past the due date (`improvements.deadlines`); 0 when not overdue."""
    return deadlines.days_overdue(action, today)


def due_note(action, today: datetime.date) -> dict[str, str] | None:
    """What a list row says about an open action's date (`deadlines.due_note`: overdue by
    N days, due today, due in N days), as the GOV.UK tag class and the words."""
    note = deadlines.due_note(action, today)
    if note is None:
        return None
    colour, words = note
    return {"tag_class": f"govuk-tag--{colour}", "text": words}


def duration_words(value: datetime.timedelta | None) -> str:
    """1 hour, 30 minutes, 2 hours 15 minutes."""
    if not value:
        return ""
    minutes = int(value.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes or not hours:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


register.filter("rag_tag_class", rag_tag_class)
register.filter("rag_label", rag_label)
register.filter("grade_tag_class", grade_tag_class)
register.filter("grade_label", grade_label)
register.filter("grade_abbr", grade_abbr)
register.filter("status_tag_class", status_tag_class)
register.filter("action_url", action_url)
register.filter("days_overdue", days_overdue)
register.filter("due_note", due_note)
register.filter("duration_words", duration_words)


@register.simple_tag(takes_context=True)
def sort_link(context, key: str, current: str = "") -> str:
    """The query string that sorts by `key`: ascending first, descending when `current`
    (the sort the page is in) is already ascending by it. Filters are kept; the page
    number goes, since the first page of the new order is wanted."""
    params = context["request"].GET.copy()
    params["sort"] = f"-{key}" if current == key else key
    params.pop("page", None)
    return "?" + params.urlencode()


@register.simple_tag
def aria_sort(key: str, current: str = "") -> str:
    """ascending / descending / none, for a sortable column header."""
    if current == key:
        return "ascending"
    if current == f"-{key}":
        return "descending"
    return "none"
