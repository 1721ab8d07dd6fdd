"""The force's list pages: My actions and the action list (a finding's page: views_finding).

Reading goes through `improvements.selectors` (scoped by `visible_to`, annotated with the
RAG status, N+1-free) and `Finding.objects.visible_to`; anything outside the user's scope
is a 404. Each page runs a fixed number of queries whatever the number of rows
(tests/workspace/test_lists.py pins them).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format

from improvements import deadlines
from improvements.deadlines import DUE_SOON_DAYS, LEGEND
from improvements.filters import ActionFilter
from improvements.models import Action, Status
from improvements.selectors import action_list as select_action_list
from improvements.selectors import action_queryset
from peel.page_cache import per_session

#: Rows per page of the action list.
PAGE_SIZE = 25
#: Verified actions stay on My actions for this long, then drop off.
RECENTLY_VERIFIED_DAYS = 90


# --- My actions ---------------------------------------------------------------------------


@dataclass
class ActionGroup:
    key: str
    title: str
    description: str
    actions: list[Action] = field(default_factory=list)
    warning: bool = False

    @property
    def count(self) -> int:
        return len(self.actions)


def group_my_actions(actions: list[Action], today: datetime.date) -> list[ActionGroup]:
    """Overdue, due soon, later, awaiting verification, recently verified.

    The rules are `improvements.deadlines`': overdue, then due within `DUE_SOON_DAYS`.
    """
    groups = {
        "overdue": ActionGroup(
            "overdue", "Overdue", "Past their due date and not yet submitted.", warning=True
        ),
        "due_soon": ActionGroup(
            "due_soon", f"Due in the next {DUE_SOON_DAYS} days", "Due from today onwards."
        ),
        "later": ActionGroup("later", "Due later", f"Due in more than {DUE_SOON_DAYS} days."),
        "submitted": ActionGroup(
            "submitted", "Awaiting verification", "Submitted to an inspector to verify."
        ),
        "verified": ActionGroup(
            "verified",
            "Recently verified",
            f"Verified by an inspector in the last {RECENTLY_VERIFIED_DAYS} days.",
        ),
    }
    for action in actions:
        if action.status == Status.SUBMITTED:
            groups["submitted"].actions.append(action)
        elif action.status == Status.VERIFIED:
            groups["verified"].actions.append(action)
        elif deadlines.is_overdue(action, today):
            groups["overdue"].actions.append(action)
        elif deadlines.days_to_due(action, today) <= DUE_SOON_DAYS:
            groups["due_soon"].actions.append(action)
        else:
            groups["later"].actions.append(action)
    groups["verified"].actions.sort(key=lambda a: a.verified_at, reverse=True)
    return list(groups.values())


@login_required
@per_session
def my_actions(request: HttpRequest) -> HttpResponse:
    """A force lead's own actions. The page is personal: other roles get a 404 (their
    start page is elsewhere, see accounts.views.home)."""
    user = request.user
    if not user.is_force_lead:
        raise Http404("My actions is a force lead's page.")
    today = timezone.localdate()
    recent = timezone.now() - datetime.timedelta(days=RECENTLY_VERIFIED_DAYS)
    actions = list(
        action_queryset(user, today)
        .filter(owner=user)
        .exclude(status=Status.CANCELLED)
        .exclude(status=Status.VERIFIED, verified_at__lt=recent)
        .order_by("effective_due_date", "pk")
    )
    groups = group_my_actions(actions, today)
    return render(
        request,
        "workspace/my_actions.html",
        {
            "groups": groups,
            "total": len(actions),
            "today": today,
            "rag_legend": LEGEND,
        },
    )


# --- The action list ----------------------------------------------------------------------

#: Columns of the action list: (sort key of ActionFilter.sort or "", heading).
COLUMNS = [
    ("title", "Action"),
    ("force", "Force"),
    ("", "Owner"),
    ("status", "Status"),
    ("", "RAG"),
    ("due", "Due date"),
    ("progress", "Progress"),
    ("updated", "Updated"),
]
DEFAULT_SORT = "due"  # what `selectors.action_list` orders by when no sort is chosen

#: The filter panel, in the order a user scans it.
FILTER_FIELDS = [
    "q",
    "overdue",
    "status",
    "rag",
    "priority",
    "kind",
    "force",
    "inspection",
    "pillar",
    "question",
    "owner",
    "due_after",
    "due_before",
]


def _prepare_filter_form(filterset: ActionFilter, user) -> None:
    """Presentation only: which filters this user sees, and how choices read."""
    form = filterset.form
    if user.sees_all_forces:
        form.fields["force"].label = "Force"
    else:
        del form.fields["force"]  # force staff see one force: nothing to choose
    form.fields["q"].help_text = "Words in the action or its finding"
    form.fields["due_after"].help_text = "For example, 1/4/2026"
    form.fields["due_before"].help_text = "For example, 31/3/2027"
    form.fields["question"].label_from_instance = lambda q: f"{q.name} ({q.cycle.year})"
    form.fields["pillar"].label_from_instance = lambda p: f"{p.name} ({p.cycle.year})"
    form.fields["inspection"].label_from_instance = lambda i: (
        f"{i.cycle.name}" if user.is_force_staff else f"{i.force.name}: {i.cycle.name}"
    )


def _without(params: QueryDict, name: str, value: str | None = None) -> QueryDict:
    params = params.copy()
    params.pop("page", None)
    if value is None:
        params.pop(name, None)
    else:
        params.setlist(name, [v for v in params.getlist(name) if v != value])
    return params


def selected_filters(filterset: ActionFilter, request: HttpRequest) -> list:
    """The filters in use as MOJ filter tags: [(heading, [(text, href that removes it)])]."""
    form = filterset.form
    if not filterset.is_bound:
        return []
    form.is_valid()  # cleaned_data holds the valid fields even when another is not
    selected = []
    for name, value in form.cleaned_data.items():
        if name == "sort" or value in (None, "", [], False):
            continue
        formfield = form.fields[name]
        if isinstance(value, list):
            labels = dict(formfield.choices)
            items = [(str(labels.get(v, v)), _without(request.GET, name, v)) for v in value]
        else:
            if hasattr(value, "pk"):
                text = formfield.label_from_instance(value)
            elif isinstance(value, datetime.date):
                text = date_format(value)
            elif value is True:
                text = "Yes"
            else:
                text = str(value)
            items = [(text, _without(request.GET, name))]
        selected.append(
            (
                str(formfield.label),
                [
                    (text, f"?{params.urlencode()}" if params else request.path)
                    for text, params in items
                ],
            )
        )
    return selected


@login_required
@per_session
def action_list(request: HttpRequest) -> HttpResponse:
    """The actions a user may see (their force's, or every force's for inspectors and
    national managers), filtered by the shared ActionFilter, sorted, 25 to a page."""
    user = request.user
    today = timezone.localdate()
    filterset = select_action_list(request, request.GET, today)
    _prepare_filter_form(filterset, user)
    actions = filterset.qs
    if filterset.is_bound and filterset.form.cleaned_data.get("sort"):
        actions = actions.order_by(*actions.query.order_by, "pk")  # a stable page order
    paginator = Paginator(actions, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    form = filterset.form
    columns = [(key, heading) for key, heading in COLUMNS if key != "force" or user.sees_all_forces]
    return render(
        request,
        "workspace/action_list.html",
        {
            "wide": True,
            "filterset": filterset,
            "form": form,
            "filter_fields": [form[name] for name in FILTER_FIELDS if name in form.fields],
            "selected_filters": selected_filters(filterset, request),
            "hidden": [("sort", request.GET["sort"])] if request.GET.get("sort") else [],
            "page_obj": page,
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            "columns": columns,
            "default_sort": DEFAULT_SORT,
            "today": today,
            "rag_legend": LEGEND,
        },
    )
