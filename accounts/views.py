"""Sign-in pages are Django's own auth views (see accounts/urls.py); this is the home page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect

from accounts.models import Role


def home(request: HttpRequest) -> HttpResponseRedirect:
    """Send each role to the page it starts from; anyone else signs in first.

    Force leads: their own actions. Force managers: their force's report (how is the force
    doing?). Inspectors: the verification queue. National managers: the reports.
    """
    user = request.user
    if not user.is_authenticated:
        return redirect("login")
    if user.is_force_lead:
        return redirect("workspace:my_actions")
    if user.is_inspector:
        return redirect("workspace:verification_queue")
    if user.role == Role.NATIONAL_MANAGER:
        return redirect("reports:index")
    if user.role == Role.FORCE_MANAGER:
        return redirect("reports:force", slug=user.force.slug)
    return redirect("workspace:action_list")
