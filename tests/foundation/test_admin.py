"""The inspectors' admin: inspectors work in it; force staff and managers never get in."""

import pytest
from django.urls import reverse

from inspections.models import Finding, FindingStatus

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "admin:index",
    "admin:inspections_inspection_changelist",
    "admin:inspections_finding_changelist",
    "admin:inspections_judgment_changelist",
    "admin:improvements_action_changelist",
    "admin:inspections_force_changelist",
    "admin:accounts_user_changelist",
]


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_inspectors_use_the_admin(client, inspector, action, page):
    client.force_login(inspector)
    assert client.get(reverse(page)).status_code == 200


def test_inspection_page_shows_judgments_and_findings_inline(client, inspector, inspection):
    from tests.factories import FindingFactory, JudgmentFactory

    JudgmentFactory(inspection=inspection, grade="requires_improvement")
    FindingFactory(inspection=inspection, text="The force should answer calls faster.")
    client.force_login(inspector)
    page = client.get(reverse("admin:inspections_inspection_change", args=[inspection.pk]))
    assert page.status_code == 200
    assert b"The force should answer calls faster." in page.content
    assert b"Requires improvement" in page.content


def test_finding_page_shows_its_actions_inline(client, inspector, action):
    client.force_login(inspector)
    page = client.get(reverse("admin:inspections_finding_change", args=[action.finding.pk]))
    assert action.title.encode() in page.content


@pytest.mark.parametrize(
    "name", ["owner", "colleague", "force_manager", "outsider", "national_manager"]
)
def test_everyone_else_is_kept_out_even_if_marked_staff(client, cast, name):
    user = cast[name]
    user.is_staff = True
    user.save()
    client.force_login(user)
    response = client.get(reverse("admin:inspections_inspection_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_marking_findings_addressed_asks_for_the_reason(client, inspector, finding):
    client.force_login(inspector)
    url = reverse("admin:inspections_finding_changelist")
    asked = client.post(url, {"action": "mark_addressed", "_selected_action": [finding.pk]})
    assert asked.status_code == 200
    assert b"reason" in asked.content.lower()
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN

    client.post(
        url,
        {
            "action": "mark_addressed",
            "_selected_action": [finding.pk],
            "apply": "1",
            "reason": "Found addressed at the 2021 revisit.",
        },
    )
    finding.refresh_from_db()
    assert finding.status == FindingStatus.ADDRESSED
    assert finding.status_changed_by == inspector
    assert finding.status_reason == "Found addressed at the 2021 revisit."
    assert finding.status_changed_at is not None


def test_marking_findings_superseded_without_a_reason_changes_nothing(client, inspector, finding):
    client.force_login(inspector)
    response = client.post(
        reverse("admin:inspections_finding_changelist"),
        {"action": "mark_superseded", "_selected_action": [finding.pk], "apply": "1", "reason": ""},
    )
    assert response.status_code == 200
    assert b"This field is required" in response.content
    assert Finding.objects.get(pk=finding.pk).status == FindingStatus.OPEN


def test_action_status_cannot_be_edited_in_the_admin(client, inspector, action):
    client.force_login(inspector)
    page = client.get(reverse("admin:improvements_action_change", args=[action.pk]))
    assert b'name="status"' not in page.content


def test_inspectors_can_look_people_up_but_not_change_them(client, inspector, owner):
    client.force_login(inspector)
    page = client.get(reverse("admin:accounts_user_change", args=[owner.pk]))
    assert page.status_code == 200
    assert b'name="role"' not in page.content
    assert b'name="is_superuser"' not in page.content
    response = client.post(
        reverse("admin:accounts_user_change", args=[owner.pk]),
        {"username": "owner", "role": "inspector", "force": ""},
    )
    assert response.status_code == 403
    owner.refresh_from_db()
    assert owner.role == "force_lead"


def test_inspectors_cannot_reset_passwords_or_add_users(client, inspector, owner):
    client.force_login(inspector)
    url = reverse("admin:auth_user_password_change", args=[owner.pk])
    response = client.post(url, {"password1": "Taken-over-123", "password2": "Taken-over-123"})
    assert response.status_code == 403
    owner.refresh_from_db()
    assert not owner.check_password("Taken-over-123")
    assert client.get(reverse("admin:accounts_user_add")).status_code == 403


def test_superusers_manage_users(client, reference_data, owner, django_user_model):
    admin_user = django_user_model.objects.create_superuser("root", password="x")
    client.force_login(admin_user)
    page = client.get(reverse("admin:accounts_user_change", args=[owner.pk]))
    assert b'name="role"' in page.content


def test_force_staff_are_kept_out_even_as_superusers(client, owner):
    owner.is_superuser = owner.is_staff = True
    owner.save()
    client.force_login(owner)
    assert client.get(reverse("admin:index")).status_code == 302


def test_admin_changes_are_recorded_with_who_and_when(client, inspector, inspection):
    from django.contrib.admin.models import LogEntry

    client.force_login(inspector)
    url = reverse("admin:inspections_inspection_change", args=[inspection.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "force": inspection.force_id,
            "cycle": inspection.cycle_id,
            "published_on": "2020-02-01",
            "status": "published",
            "lead_inspector": "Zoë Billingham",
            "report_url": "https://www.justiceinspectorates.gov.uk/hmicfrs/",
        }
    )
    for prefix in ("judgments", "findings", "earlier_item_reviews", "context_figures"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    entry = LogEntry.objects.get(object_id=str(inspection.pk))
    assert entry.user == inspector
    inspection.refresh_from_db()
    assert inspection.updated_by == inspector


def test_an_action_owner_from_another_force_is_refused(client, inspector, finding, outsider):
    client.force_login(inspector)
    response = client.post(
        reverse("admin:improvements_action_add"),
        {
            "finding": finding.pk,
            "title": "Cross-force action",
            "owner": outsider.pk,
            "priority": "medium",
            "due_date": "2030-01-01",
            "evidence-TOTAL_FORMS": 0,
            "evidence-INITIAL_FORMS": 0,
            "updates-TOTAL_FORMS": 0,
            "updates-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert b"The owner must be a force lead in the finding" in response.content


def test_an_action_added_in_the_admin_goes_through_the_services(client, inspector, finding, owner):
    from improvements.models import Action

    client.force_login(inspector)
    response = client.post(
        reverse("admin:improvements_action_add"),
        {
            "finding": finding.pk,
            "title": "Set up a scrutiny panel",
            "owner": owner.pk,
            "priority": "high",
            "due_date": "2030-01-01",
            "evidence-TOTAL_FORMS": 0,
            "evidence-INITIAL_FORMS": 0,
            "updates-TOTAL_FORMS": 0,
            "updates-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(title="Set up a scrutiny panel")
    assert action.created_by == inspector
    assert [u.note for u in action.updates.all()] == ["Action created."]


def test_changing_an_owner_in_the_admin_is_on_the_timeline(client, inspector, action, colleague):
    client.force_login(inspector)
    before = action.version
    response = client.post(
        reverse("admin:improvements_action_change", args=[action.pk]),
        {
            "title": action.title,
            "description": "",
            "owner": colleague.pk,
            "priority": "medium",
            "evidence-TOTAL_FORMS": 0,
            "evidence-INITIAL_FORMS": 0,
            "updates-TOTAL_FORMS": 0,
            "updates-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content[:3000]
    action.refresh_from_db()
    assert action.owner == colleague
    assert action.version == before + 1
    assert f"Owner: {colleague}" in action.updates.first().note


def test_the_original_due_date_cannot_be_changed_in_the_admin(client, inspector, action):
    client.force_login(inspector)
    page = client.get(reverse("admin:improvements_action_change", args=[action.pk]))
    assert b'name="due_date"' not in page.content
    assert b'name="finding"' not in page.content


def test_commended_practice_gets_no_action(client, inspector, inspection):
    from tests.factories import FindingFactory

    practice = FindingFactory(inspection=inspection, kind="commended_practice")
    client.force_login(inspector)
    response = client.post(
        reverse("admin:improvements_action_add"),
        {
            "finding": practice.pk,
            "title": "Nothing to do",
            "priority": "medium",
            "due_date": "2030-01-01",
            "evidence-TOTAL_FORMS": 0,
            "evidence-INITIAL_FORMS": 0,
            "updates-TOTAL_FORMS": 0,
            "updates-INITIAL_FORMS": 0,
        },
    )
    assert b"Commended practice needs no action" in response.content


def test_actions_added_inline_on_a_finding_go_through_the_services(
    client, inspector, finding, owner
):
    client.force_login(inspector)
    url = reverse("admin:inspections_finding_change", args=[finding.pk])
    response = client.post(
        url,
        {
            "inspection": finding.inspection_id,
            "kind": finding.kind,
            "question": finding.question_id or "",
            "order": finding.order,
            "text": finding.text,
            "status_changes-TOTAL_FORMS": 0,
            "status_changes-INITIAL_FORMS": 0,
            "actions-TOTAL_FORMS": 1,
            "actions-INITIAL_FORMS": 0,
            "actions-0-title": "Inline action",
            "actions-0-owner": owner.pk,
            "actions-0-priority": "low",
            "actions-0-due_date": "2030-06-30",
        },
    )
    assert response.status_code == 302, response.content[:3000]
    action = finding.actions.get(title="Inline action")
    assert [u.note for u in action.updates.all()] == ["Action created."]
