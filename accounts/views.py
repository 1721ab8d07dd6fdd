"""Sign-in pages are Django's own auth views (see accounts/urls.py); this is the home page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse

from accounts.models import Role


def _first_that_exists(*names: str) -> str:
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    raise NoReverseMatch(f"None of {names} exists.")


def home(request: HttpRequest) -> HttpResponseRedirect:
    """Send each role to the page it starts from; anyone else signs in first.

    Force leads: their own actions. Force managers: their force's actions. Inspectors: the
    verification queue. National managers: the reports. (Each falls back to the action list
    while a page does not exist yet.)
    """
    user = request.user
    if not user.is_authenticated:
        return redirect("login")
    if user.is_force_lead:
        return redirect("workspace:my_actions")
    if user.is_inspector:
        return redirect(_first_that_exists("workspace:verification_queue", "workspace:action_list"))
    if user.role == Role.NATIONAL_MANAGER:
        return redirect(_first_that_exists("reports:index", "workspace:action_list"))
    return redirect("workspace:action_list")
