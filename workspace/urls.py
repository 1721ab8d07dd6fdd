"""Force workspace pages. Lists and finding pages live in views_lists, the action page and
the verification queue in views_actions; both modules add their routes here."""

from django.urls import path

from workspace import (
    views_actions,
    views_finding,
    views_findings,
    views_lists,
    views_plan,
    views_queue,
)

app_name = "workspace"

urlpatterns: list = []

# --- Lists and the finding page (workspace/views_lists.py) ------------------------------
urlpatterns += [
    path("my-actions/", views_lists.my_actions, name="my_actions"),
    path("actions/", views_lists.action_list, name="action_list"),
    path("findings/", views_findings.finding_register, name="finding_register"),
    path("findings/<int:pk>/", views_finding.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/status/", views_finding.change_status, name="finding_status"),
]
# --- end of lists -------------------------------------------------------------------------

# --- The action page, its form posts, evidence downloads, the verification queue ------
# (views_actions; each POST has its own URL and redirects back to the action page)
urlpatterns += [
    path("actions/<int:pk>/", views_actions.action_detail, name="action_detail"),
    path("actions/<int:pk>/update/", views_actions.post_update, name="action_update"),
    path("actions/<int:pk>/evidence/", views_actions.add_evidence, name="action_evidence"),
    path(
        "actions/<int:pk>/due-date/",
        views_actions.propose_due_date,
        name="action_propose_due_date",
    ),
    path(
        "actions/<int:pk>/due-date/agree/",
        views_actions.agree_due_date,
        name="action_agree_due_date",
    ),
    path(
        "actions/<int:pk>/due-date/decline/",
        views_actions.decline_due_date,
        name="action_decline_due_date",
    ),
    path("actions/<int:pk>/submit/", views_actions.submit_action, name="action_submit"),
    path("actions/<int:pk>/verify/", views_actions.verify_action, name="action_verify"),
    path("actions/<int:pk>/return/", views_actions.return_action, name="action_return"),
    path("actions/<int:pk>/cancel/", views_actions.cancel_action, name="action_cancel"),
    path(
        "evidence/<int:pk>/download/",
        views_actions.evidence_download,
        name="evidence_download",
    ),
    path("verification/", views_queue.verification_queue, name="verification_queue"),
]
# --- end of the action page routes ----------------------------------------------------

# --- The force's plan (views_plan): add an action to a finding, reassign, withdraw ---------
urlpatterns += [
    path("findings/<int:pk>/actions/new/", views_plan.add_action, name="add_action"),
    path("actions/<int:pk>/reassign/", views_plan.reassign_action, name="action_reassign"),
    path("actions/<int:pk>/withdraw/", views_plan.withdraw_submission, name="action_withdraw"),
    path(
        "actions/<int:pk>/evidence/<int:evidence_pk>/withdraw/",
        views_plan.withdraw_evidence,
        name="evidence_withdraw",
    ),
]
