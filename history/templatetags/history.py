"""`{% load history %}`: whether to offer the History link (the page itself checks too)."""

from django import template

from history.selectors import can_see_history

register = template.Library()


@register.filter
def sees_history(user) -> bool:
    return can_see_history(user)
