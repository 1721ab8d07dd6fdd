"""Presentation helpers for workspace templates: tag colours, links, query strings.

Each tag is a thin wrapper around a plain function, so the rule it shows is tested once.
"""

from __future__ import annotations

import datetime

from django import template
from django.urls import reverse

from improvements import deadlines
from improvements.deadlines import Rag
from inspections.models import Grade

register = template.Library()

#: GOV.UK Frontend tag modifier for each RAG value (the tag also says the word).
RAG_TAG_CLASSES = {
    Rag.RED: "govuk-tag--red",
    Rag.AMBER: "govuk-tag--orange",
    Rag.GREEN: "govuk-tag--green",
    Rag.BLUE: "govuk-tag--blue",
    Rag.GREY: "govuk-tag--grey",
}

#: GOV.UK Frontend tag modifier for each inspection grade.
GRADE_TAG_CLASSES = {
    Grade.OUTSTANDING: "govuk-tag--green",
    Grade.GOOD: "govuk-tag--turquoise",
    Grade.ADEQUATE: "govuk-tag--yellow",
    Grade.REQUIRES_IMPROVEMENT: "govuk-tag--orange",
    Grade.INADEQUATE: "govuk-tag--red",
    Grade.UNGRADED: "govuk-tag--grey",
}


def rag_tag_class(value: str) -> str:
    try:
        return RAG_TAG_CLASSES[Rag(value)]
    except ValueError:
        return "govuk-tag--grey"


def rag_label(value: str) -> str:
    try:
        return Rag(value).label
    except ValueError:
        return str(value)


def grade_tag_class(value: str) -> str:
    try:
        return GRADE_TAG_CLASSES[Grade(value)]
    except ValueError:
        return "govuk-tag--grey"


def grade_label(value: str) -> str:
    try:
        return Grade(value).label
    except ValueError:
        return str(value)


def action_url(action_or_pk) -> str:
    """The action page."""
    pk = getattr(action_or_pk, "pk", action_or_pk)
    return reverse("workspace:action_detail", args=[pk])


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


def due_note(action, today: datetime.date) -> dict[str, str] | None:
    """What a list row says about an open action's date (`deadlines.due_note`), as the
    GOV.UK tag class and the words."""
    note = deadlines.due_note(action, today)
    if note is None:
        return None
    colour, words = note
    return {"tag_class": f"govuk-tag--{colour}", "text": words}


register.filter("rag_tag_class", rag_tag_class)
register.filter("due_note", due_note)
register.filter("rag_label", rag_label)
register.filter("grade_tag_class", grade_tag_class)
register.filter("grade_label", grade_label)
register.filter("action_url", action_url)
register.filter("duration_words", duration_words)


@register.simple_tag(takes_context=True)
def sort_link(context, key: str, default: str = "") -> str:
    """The query string that sorts by `key`: ascending first, descending when already so.

    `default` is the sort in force when the URL names none."""
    request = context["request"]
    current = request.GET.get("sort", "") or default
    params = request.GET.copy()
    params["sort"] = f"-{key}" if current == key else key
    params.pop("page", None)
    return "?" + params.urlencode()


@register.simple_tag(takes_context=True)
def aria_sort(context, key: str, default: str = "") -> str:
    """ascending / descending / none, for a sortable column header."""
    current = context["request"].GET.get("sort", "") or default
    if current == key:
        return "ascending"
    if current == f"-{key}":
        return "descending"
    return "none"
