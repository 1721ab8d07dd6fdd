"""Presentation helpers for the report pages."""

from __future__ import annotations

from django import template
from django.urls import reverse

from improvements import deadlines
from improvements.deadlines import Rag

register = template.Library()

#: The action page lives in the force workspace; the first of these names that exists is
#: used, so a report links to the action whatever the workspace calls its route.
GRADE_ABBREVIATIONS = {
    "outstanding": "O",
    "good": "G",
    "adequate": "A",
    "requires_improvement": "RI",
    "inadequate": "I",
    "ungraded": "U",
}

RAG_TAG_CLASSES = {
    Rag.RED: "govuk-tag--red",
    Rag.AMBER: "govuk-tag--orange",
    Rag.GREEN: "govuk-tag--green",
    Rag.BLUE: "govuk-tag--blue",
    Rag.GREY: "govuk-tag--grey",
}

GRADE_TAG_CLASSES = {
    "outstanding": "govuk-tag--blue",
    "good": "govuk-tag--green",
    "adequate": "govuk-tag--yellow",
    "requires_improvement": "govuk-tag--orange",
    "inadequate": "govuk-tag--red",
    "ungraded": "govuk-tag--grey",
}


@register.filter
def action_url(action_id: int) -> str:
    """The action's page in the workspace."""
    return reverse("workspace:action_detail", args=[action_id])


@register.filter
def grade_abbr(grade: str) -> str:
    return GRADE_ABBREVIATIONS.get(grade, "")


@register.filter
def grade_tag_class(grade: str) -> str:
    return GRADE_TAG_CLASSES.get(grade, "govuk-tag--grey")


@register.filter
def rag_label(value: str) -> str:
    try:
        return Rag(value).label
    except ValueError:
        return ""


@register.filter
def rag_tag_class(value: str) -> str:
    return RAG_TAG_CLASSES.get(value, "govuk-tag--grey")


@register.filter
def days_overdue(action, today) -> int:
    return deadlines.days_overdue(action, today)


@register.simple_tag
def sort_link(request, key: str, current: str) -> str:
    """The URL that sorts by `key`: ascending first, descending when already ascending."""
    params = request.GET.copy()
    params["sort"] = f"-{key}" if current == key else key
    return "?" + params.urlencode()


@register.simple_tag
def aria_sort(key: str, current: str) -> str:
    if current == key:
        return "ascending"
    if current == f"-{key}":
        return "descending"
    return "none"
