"""The force writes its plan: adding an action to a finding (its own page), reassigning an
action, and withdrawing a submission or a piece of evidence (forms on the action page).

Who gets what, as on the action page (see workspace/views_actions.py): a finding or an
action the user may not see is a 404; a role that may never make the change is a 403 with
the workflow's reason; a change refused for now is a 400 with the reason, keeping what was
typed; a stale edit is a 409. Each view parses a form and makes one service call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods, require_POST

from improvements import services, workflow
from improvements.models import Action
from inspections.models import Finding
from workspace.forms_plan import AddActionForm
from workspace.views_actions import _post_change

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


def _add_action_page(
    request: HttpRequest, finding: Finding, form: AddActionForm | None, *, status: int, message=""
) -> HttpResponse:
    deadline = finding.deadline if finding.kind == Finding.Kind.RECOMMENDATION else None
    return render(
        request,
        "workspace/add_action.html",
        {
            "finding": finding,
            "form": form,
            "deadline": deadline,
            "later_date_hint": (
                f"Only if the due date is after {date_format(deadline, 'j F Y')}: "
                "why the force needs longer."
                if deadline
                else ""
            ),
            "today": timezone.localdate(),
            "errors": [{"text": message, "href": "#add-action-form"}] if message else [],
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_action(request: HttpRequest, pk: int) -> HttpResponse:
    """A new action for an open finding (force leads of its force; inspectors too)."""
    user = request.user
    finding = get_object_or_404(
        Finding.objects.visible_to(user).select_related(
            "inspection__force", "inspection__cycle", "question", "pillar"
        ),
        pk=pk,
    )
    try:
        workflow.check_add_action(user, finding)
    except workflow.NotAllowed as error:
        return _add_action_page(request, finding, None, status=403, message=str(error))
    except workflow.WorkflowError as error:
        return _add_action_page(request, finding, None, status=400, message=str(error))
    form = AddActionForm(request.POST or None, finding=finding, auto_id="%s")
    if request.method == "GET":
        return _add_action_page(request, finding, form, status=200)
    if not form.is_valid():
        return _add_action_page(request, finding, form, status=400)
    data = form.cleaned_data
    try:
        action = services.create_action(
            finding,
            by=user,
            title=data["title"],
            description=data["description"],
            owner=data["owner"],
            priority=data["priority"],
            due_date=data["due_date"],
            reason_for_later_date=data["reason_for_later_date"],
        )
    except workflow.WorkflowError as error:
        if error.field and form.show_error(error.field, str(error)):
            return _add_action_page(request, finding, form, status=400)
        return _add_action_page(request, finding, form, status=400, message=str(error))
    messages.success(request, f"Action added: {action.title}.")
    return redirect(f"{finding_url(finding)}#actions")


def finding_url(finding: Finding) -> str:
    return reverse("workspace:finding_detail", args=[finding.pk])


@login_required
@require_POST
def reassign_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Name another owner among the force's leads (force leads of the action's force)."""

    def change(action: Action, data: dict) -> str:
        updated = services.reassign_action(
            action, by=request.user, owner=data["owner"], version=data["version"]
        )
        return f"Action reassigned to {updated.owner}."

    return _post_change(request, pk, "reassign", change, who="reassign")


@login_required
@require_POST
def withdraw_submission(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a submission back before it is verified, with the reason (force leads)."""

    def change(action: Action, data: dict) -> str:
        services.withdraw_submission(
            action, by=request.user, reason=data["reason"], version=data["version"]
        )
        return "Submission withdrawn. The action is in progress again."

    return _post_change(request, pk, "withdraw", change)


@login_required
@require_POST
def withdraw_evidence(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    """Mark a piece of evidence withdrawn, with the reason; it is kept (force leads)."""
    action = get_object_or_404(Action.objects.visible_to(request.user), pk=pk)
    evidence = get_object_or_404(action.evidence, pk=evidence_pk)

    def change(action: Action, data: dict) -> str:
        services.withdraw_evidence(evidence, by=request.user, reason=data["reason"])
        return f"Evidence withdrawn: {evidence.description}. It is kept on the record."

    return _post_change(
        request,
        pk,
        "withdraw_evidence",
        change,
        who="withdraw_evidence",
        evidence_posted=evidence.pk,
    )
