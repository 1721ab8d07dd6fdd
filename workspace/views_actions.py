"""The action page, the changes posted from it, evidence downloads, and the inspectors'
verification queue.

Who gets what (the same for every view here):

- Anonymous visitors are sent to sign in.
- An action the user may not see (`Action.objects.visible_to`, through `get_action_for`)
  answers 404 on every page, form post and download, so nothing confirms it exists.
- Someone who may see the action but may never make the change posted (a manager posting
  an update, a force lead verifying or agreeing a due date) gets 403, asked of
  `workflow.check_who` before the form is even read: the action page again, with the
  workflow's reason in the error summary. Nothing changes.
- A change that is refused for now (a mistake in the form, wrong status, no evidence yet,
  no reason) gets 400; an edit made on top of someone else's gets 409. Both re-show the
  page with the reason (beside the field it is about, when the service names one) and
  with what the user typed, and for a conflict with the action as it now is.
- A change that works redirects to the action page (or the queue) with a success banner.

Views parse with a form, make one call to `improvements.services`, and render.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from improvements import services, workflow
from improvements.deadlines import long_date
from improvements.models import Action, ActionUpdate, Evidence
from improvements.selectors import action_queryset, downloadable_evidence
from peel.page_cache import per_session
from workspace import forms, forms_plan

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User

#: Changes with a form of their own on the page (not among the update form's choices).
OWN_FORM_TRANSITIONS = {"submit", "verify", "return", "cancel", "withdraw"}


def get_action_for(user: User, pk: int) -> Action:
    """The one way in to an action for these views: 404 unless `user` may see it."""
    queryset = action_queryset(user, timezone.localdate()).select_related(
        "revised_due_agreed_by", "proposed_by", "verified_by", "created_by"
    )
    return get_object_or_404(queryset, pk=pk)


# --- the timeline -------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    """One item of the action's timeline: an update (note, progress, status change,
    revised due date) or a piece of evidence."""

    when: datetime.datetime
    who: Any
    title: str
    update: ActionUpdate | None = None
    evidence: Evidence | None = None


def _update_title(update: ActionUpdate) -> str:
    """The entry's heading, from what it records (`ActionUpdate.kind`)."""
    if update.kind == ActionUpdate.Kind.STATUS_CHANGE:
        return f"Status changed to {update.get_to_status_display().lower()}"
    return update.get_kind_display()


def timeline(updates: list[ActionUpdate], evidence: list[Evidence]) -> list[TimelineEntry]:
    """Updates and evidence in one list, newest first. Evidence appears as itself (with
    its file or link), so its `evidence_added` entries are not shown twice."""
    entries = [
        TimelineEntry(u.created_at, u.author, _update_title(u), update=u)
        for u in updates
        if u.kind != ActionUpdate.Kind.EVIDENCE_ADDED
    ] + [TimelineEntry(e.added_at, e.added_by, "Evidence added", evidence=e) for e in evidence]
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


# --- rendering the page ---------------------------------------------------------------

FORM_CLASSES: dict[str, type] = {
    "update": forms.UpdateForm,
    "evidence": forms.EvidenceForm,
    "due": forms.DueDateForm,
    "agree": forms.AgreeDueDateForm,
    "decline": forms.DeclineDueDateForm,
    "submit": forms.SubmitForm,
    "verify": forms.VerifyForm,
    "return": forms.ReturnForm,
    "cancel": forms.CancelForm,
    "reassign": forms_plan.ReassignForm,
    "withdraw": forms_plan.WithdrawSubmissionForm,
    "withdraw_evidence": forms_plan.WithdrawEvidenceForm,
}


def _new_form(name: str, action: Action, data=None, files=None):
    kwargs: dict[str, Any] = {"prefix": name, "auto_id": "%s"}
    if issubclass(FORM_CLASSES[name], forms.VersionedForm):
        kwargs["initial"] = {"version": action.version}
    if name == "reassign":
        kwargs["finding"] = action.finding
    return FORM_CLASSES[name](data, files, **kwargs)


def render_action_page(
    request: HttpRequest,
    action: Action,
    *,
    status: int = 200,
    bound: tuple[str, Any] | None = None,
    message: str = "",
    message_href: str = "",
    conflict: bool = False,
    evidence_posted: int | None = None,
) -> HttpResponse:
    """The action page. `bound` is the name of the form the user posted and the form (kept
    as typed; None when they have no such form); `message` is the service's refusal,
    shown in the error summary, linking to `message_href` (by default, the form posted)."""
    user = request.user
    updates = list(action.updates.select_related("author"))
    evidence = list(action.evidence.select_related("added_by", "withdrawn_by"))
    posted, posted_form = bound if bound is not None else ("", None)
    page_forms = {name: _new_form(name, action) for name in FORM_CLASSES}
    if posted_form is not None:
        page_forms[posted] = posted_form
    available = workflow.available(action, user)
    available_names = {t.name for t in available}
    context = {
        "action": action,
        "finding": action.finding,
        "timeline": timeline(updates, evidence),
        "evidence_list": evidence,
        "forms": page_forms,
        "can_edit": workflow.can_edit(user, action),
        "can_decide_due_date": workflow.can_decide_due_date(user, action),
        "status_choices": [t for t in available if t.name not in OWN_FORM_TRANSITIONS],
        "can_submit": "submit" in available_names,
        "can_verify": "verify" in available_names,
        "can_return": "return" in available_names,
        "can_cancel": "cancel" in available_names,
        "has_evidence": any(not item.is_withdrawn for item in evidence),
        "can_reassign": workflow.can_reassign(user, action),
        "can_withdraw": "withdraw" in available_names,
        # which evidence item's withdraw form was posted (its errors show beside it)
        "evidence_posted": evidence_posted,
        # The error summary (includes/error_summary.html): the service's refusal, then
        # the posted form's mistakes; errors not tied to a field link to the form.
        "errors": [{"text": message, "href": message_href or f"#{posted}-form"}] if message else [],
        "error_form": posted_form,
        "error_anchor": f"{posted}-form",
        "conflict": conflict,
        "today": timezone.localdate(),
        "max_upload": settings.EVIDENCE_MAX_BYTES,
    }
    return render(request, "workspace/action_detail.html", context, status=status)


@login_required
@require_GET
@per_session
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The action: details, due dates, evidence, the timeline, and the forms the user may use."""
    return render_action_page(request, get_action_for(request.user, pk))


# --- posting changes ------------------------------------------------------------------


def _refuse(
    request: HttpRequest, action: Action, name: str, error: workflow.NotAllowed
) -> HttpResponse:
    """403: the page with the reason. They have no such form on the page, so the message
    links to the action's details, and nothing they posted is shown back."""
    return render_action_page(
        request,
        action,
        status=403,
        bound=(name, None),
        message=str(error),
        message_href="#action-details",
    )


def _post_change(
    request: HttpRequest,
    pk: int,
    name: str,
    change: Callable[[Action, dict], str],
    *,
    who: str | None = None,
    evidence_posted: int | None = None,
) -> HttpResponse:
    """Parse the `name` form, make the change (one service call, which returns the success
    message), and redirect; or re-show the page with the reason and the user's input.

    `who` names the change for `workflow.check_who` (by default the form's name, which is
    the transition's): someone who may never make it is refused (403) before their input
    is even read, so they are told why rather than shown mistakes in a form they lack."""
    page = {"evidence_posted": evidence_posted}
    action = get_action_for(request.user, pk)
    try:
        workflow.check_who(who or name, request.user, action)
    except workflow.NotAllowed as error:
        return _refuse(request, action, name, error)
    form = _new_form(name, action, request.POST, request.FILES)
    if not form.is_valid():
        return render_action_page(request, action, status=400, bound=(name, form), **page)
    try:
        success = change(action, form.cleaned_data)
    except services.EditConflict as error:
        # Show the action as it is now and keep what they typed, with the version they
        # have now seen, so that making the change again works.
        current = get_action_for(request.user, pk)
        data = request.POST.copy()
        data[form.add_prefix("version")] = str(current.version)
        form = _new_form(name, current, data, request.FILES)
        form.is_valid()
        return render_action_page(
            request,
            current,
            status=409,
            bound=(name, form),
            message=str(error),
            conflict=True,
            **page,
        )
    except workflow.NotAllowed as error:
        return _refuse(request, action, name, error)
    except workflow.WorkflowError as error:
        # Beside the field it is about when the form has it, else above the form.
        if error.field and form.show_error(error.field, str(error)):
            return render_action_page(request, action, status=400, bound=(name, form), **page)
        return render_action_page(
            request, action, status=400, bound=(name, form), message=str(error), **page
        )
    messages.success(request, success)
    if request.POST.get("next") == "queue" and request.user.is_inspector:
        return redirect("workspace:verification_queue")
    return redirect("workspace:action_detail", pk=pk)


@login_required
@require_POST
def post_update(request: HttpRequest, pk: int) -> HttpResponse:
    """A note, a progress figure and/or a status change (force leads of the action's force)."""

    def change(action: Action, data: dict) -> str:
        updated = services.post_update(
            action,
            by=request.user,
            version=data["version"],
            note=data["note"],
            progress=data["progress"],
            transition=data["transition"] or None,
        )
        if data["transition"]:
            return f"Status changed to {updated.get_status_display().lower()}."
        return "Your update has been added to the timeline."

    return _post_change(request, pk, "update", change, who="edit")


@login_required
@require_POST
def add_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """A file or a link (force leads of the action's force, while it is open)."""

    def change(action: Action, data: dict) -> str:
        evidence = services.add_evidence(
            action,
            by=request.user,
            description=data["description"],
            upload=data["upload"],
            url=data["link"],
        )
        return f"Evidence added: {evidence.description}."

    return _post_change(request, pk, "evidence", change, who="edit")


@login_required
@require_POST
def propose_due_date(request: HttpRequest, pk: int) -> HttpResponse:
    """A new due date with its reason, for an inspector to agree (force leads of the force,
    while the action is open); the original stays."""

    def change(action: Action, data: dict) -> str:
        updated = services.propose_due_date(
            action,
            by=request.user,
            version=data["version"],
            proposed_due_date=data["due_date"],
            reason=data["reason"],
        )
        return (
            f"New due date of {long_date(updated.proposed_due_date)} proposed. "
            "An inspector will agree or decline it."
        )

    return _post_change(request, pk, "due", change, who="propose_due_date")


@login_required
@require_POST
def agree_due_date(request: HttpRequest, pk: int) -> HttpResponse:
    """Agree the proposed due date: it becomes the revised due date (inspectors only)."""

    def change(action: Action, data: dict) -> str:
        updated = services.agree_due_date(action, by=request.user, version=data["version"])
        return f"New due date of {long_date(updated.revised_due_date)} agreed."

    return _post_change(request, pk, "agree", change, who="agree_due_date")


@login_required
@require_POST
def decline_due_date(request: HttpRequest, pk: int) -> HttpResponse:
    """Decline the proposed due date, with a reason (inspectors only)."""

    def change(action: Action, data: dict) -> str:
        services.decline_due_date(
            action, by=request.user, version=data["version"], reason=data["reason"]
        )
        return "Proposed due date declined. The due date has not changed."

    return _post_change(request, pk, "decline", change, who="decline_due_date")


def _transition_view(name: str, reason_field: str | None, success: str, doc: str):
    """A view posting one status change (its form is named after the transition)."""

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        def change(action: Action, data: dict) -> str:
            services.change_status(
                action,
                name,
                by=request.user,
                version=data["version"],
                reason=data[reason_field] if reason_field else "",
            )
            return success

        return _post_change(request, pk, name, change)

    view.__name__ = f"{name}_action"
    view.__doc__ = doc
    return view


submit_action = _transition_view(
    "submit",
    "note",
    "Action submitted for verification.",
    "Put the action forward as complete (force leads of the force; needs evidence).",
)
verify_action = _transition_view(
    "verify", "note", "Action verified.", "Verify a submitted action (inspectors only)."
)
return_action = _transition_view(
    "return",
    "reason",
    "Action returned to the force.",
    "Send a submitted action back to the force, with a reason (inspectors only).",
)
cancel_action = _transition_view(
    "cancel",
    "reason",
    "Action cancelled.",
    "Cancel an action that is not yet closed, with a reason (inspectors only).",
)


# --- evidence files -------------------------------------------------------------------


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """Stream an evidence file as a download, after the same scope check as the action
    (404 outside it). Never shown inline: `attachment` and `nosniff`, typed as checked on
    upload."""
    evidence = downloadable_evidence(request.user, pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- the verification queue -----------------------------------------------------------


def queue_forms(action: Action, names: tuple[str, ...]) -> dict[str, Any]:
    """Forms named as the endpoints expect, with ids unique per action."""
    return {
        name: FORM_CLASSES[name](
            prefix=name, auto_id=f"action-{action.pk}-%s", initial={"version": action.version}
        )
        for name in names
    }
