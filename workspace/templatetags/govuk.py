"""GOV.UK form markup for Django form fields: the few facts templates cannot work out.

Used by templates/includes/field.html and error_summary.html.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.forms import BoundField

register = template.Library()


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    selected: bool
    id: str


def _is_choice_group(field: BoundField) -> bool:
    """A multiple choice (a select-multiple or checkboxes) shows as a group of checkboxes:
    the browser sends every ticked value under the one name, as a select-multiple would."""
    return getattr(field.field.widget, "allow_multiple_selected", False)


@register.filter
def field_anchor(field: BoundField) -> str:
    """The id an error summary link points at: the field, or a group's first choice."""
    return f"{field.auto_id}_0" if _is_choice_group(field) else field.auto_id


@register.filter
def input_kind(field: BoundField) -> str:
    """text, password, email, select, checkboxes, checkbox (a yes-only filter), textarea."""
    if _is_choice_group(field):
        return "checkboxes"
    widget_type = field.widget_type
    if widget_type == "nullbooleanselect":
        return "checkbox"
    if widget_type == "select":
        return "select"
    if widget_type in ("password", "email", "textarea"):
        return widget_type
    return "text"


def _chosen(field: BoundField) -> set[str]:
    value = field.value()
    if value is None:
        return set()
    if isinstance(value, list | tuple):
        return {str(v) for v in value}
    return {str(value)}


@register.filter
def options(field: BoundField) -> list[Option]:
    """A select's or checkbox group's options. The empty choice reads "Any" in a filter;
    a field that must be answered keeps its own prompt ("Choose an owner")."""
    chosen = _chosen(field)
    result = []
    for index, (value, label) in enumerate(field.field.choices):
        value = "" if value is None else str(value)
        prompt = str(label) if field.field.required and str(label).strip("-") else "Any"
        result.append(
            Option(
                value=value,
                label=str(label) if value else prompt,
                selected=value in chosen if value else not chosen,
                id=f"{field.auto_id}_{index}",
            )
        )
    return result


@register.filter
def is_checked(field: BoundField) -> bool:
    """A yes-only checkbox (a NullBoolean filter such as "Overdue only") is ticked."""
    return str(field.value()).lower() in ("true", "1", "on", "2")


@register.filter
def described_by(field: BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)
