"""Fixes found by trying the admin: nothing moves a finding or an inspection (and with
them actions and evidence) to another force; questions come from the inspection's cycle,
labelled; a new action's due date is not in the past."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from improvements.models import Evidence
from inspections.models import Cycle, Finding, Inspection, Question
from tests.factories import FindingFactory, InspectionFactory

pytestmark = pytest.mark.django_db


def _value(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, list | tuple):
        return [_value(v) for v in value]
    return value


def form_data(response) -> dict:
    """What the admin's change page would post back unchanged (its form and inlines)."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is not None:
            data[name] = _value(value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = management.initial.get(name, 0)
        for sub in formset.initial_forms:
            for name in sub.fields:
                value = sub.instance.pk if name == "id" else sub.initial.get(name)
                if value is not None:
                    data[sub.add_prefix(name)] = _value(value)
    return data


@pytest.fixture
def evidence(action, owner):
    return Evidence.objects.create(
        action=action, description="Minutes", url="https://example.org/m", added_by=owner
    )


def test_a_finding_with_actions_cannot_be_moved_to_another_forces_inspection(
    client, inspector, outsider, action, evidence, lancs
):
    other = InspectionFactory(force=lancs)
    client.force_login(inspector)
    url = reverse("admin:inspections_finding_change", args=[action.finding_id])
    page = client.get(url)
    assert "inspection" not in page.context["adminform"].form.fields
    response = client.post(url, form_data(page) | {"inspection": other.pk})
    assert response.status_code == 302
    assert Finding.objects.get(pk=action.finding_id).inspection_id != other.pk
    client.force_login(outsider)
    assert client.get(reverse("workspace:action_detail", args=[action.pk])).status_code == 404
    download = client.get(reverse("workspace:evidence_download", args=[evidence.pk]))
    assert download.status_code == 404


def test_a_finding_without_actions_can_still_be_corrected(client, inspector, finding):
    client.force_login(inspector)
    page = client.get(reverse("admin:inspections_finding_change", args=[finding.pk]))
    assert "inspection" in page.context["adminform"].form.fields


def test_an_inspection_with_findings_cannot_be_moved_to_another_force(
    client, inspector, outsider, action, lancs
):
    inspection = action.finding.inspection
    client.force_login(inspector)
    url = reverse("admin:inspections_inspection_change", args=[inspection.pk])
    page = client.get(url)
    assert "force" not in page.context["adminform"].form.fields
    assert "cycle" not in page.context["adminform"].form.fields
    response = client.post(url, form_data(page) | {"force": lancs.pk})
    assert response.status_code == 302
    assert Inspection.objects.get(pk=inspection.pk).force_id != lancs.pk
    client.force_login(outsider)
    assert client.get(reverse("workspace:action_detail", args=[action.pk])).status_code == 404


def test_the_model_refuses_to_move_an_inspection_with_findings(finding, lancs):
    inspection = finding.inspection
    inspection.force = lancs
    with pytest.raises(ValidationError, match="its force cannot change"):
        inspection.full_clean()


def test_an_inspection_without_findings_can_still_be_corrected(client, inspector, inspection):
    client.force_login(inspector)
    page = client.get(reverse("admin:inspections_inspection_change", args=[inspection.pk]))
    assert "force" in page.context["adminform"].form.fields


def test_questions_come_from_the_inspections_cycle_labelled_with_it(client, inspector, finding):
    client.force_login(inspector)
    page = client.get(reverse("admin:inspections_finding_change", args=[finding.pk]))
    field = page.context["adminform"].form.fields["question"]
    cycle = finding.inspection.cycle
    offered = list(field.queryset)
    assert offered == list(Question.objects.filter(cycle=cycle))
    assert f"Investigating crime ({cycle.name})" in page.text
    assert page.text.count("Investigating crime (") == 1


def test_the_inspection_pages_inlines_offer_its_cycles_questions(client, inspector, finding):
    client.force_login(inspector)
    inspection = finding.inspection
    page = client.get(reverse("admin:inspections_inspection_change", args=[inspection.pk]))
    other_cycles = Cycle.objects.exclude(pk=inspection.cycle_id)
    assert other_cycles.exists()
    for other in other_cycles:
        assert f"({other.name})</option>" not in page.text
    assert f"({inspection.cycle.name})</option>" in page.text


def test_a_new_action_with_a_past_due_date_is_refused_in_the_admin(
    client, inspector, finding, owner, today
):
    client.force_login(inspector)
    response = client.post(
        reverse("admin:improvements_action_add"),
        {
            "finding": finding.pk,
            "title": "Train the call handlers",
            "owner": owner.pk,
            "priority": "medium",
            "due_date": (today - datetime.timedelta(days=1)).isoformat(),
            "evidence-TOTAL_FORMS": 0,
            "evidence-INITIAL_FORMS": 0,
            "updates-TOTAL_FORMS": 0,
            "updates-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "The due date must be today or in the future." in response.text
    assert not finding.actions.exists()


def test_a_new_action_due_today_is_accepted_in_the_admin(client, inspector, finding, owner, today):
    client.force_login(inspector)
    response = client.post(
        reverse("admin:improvements_action_add"),
        {
            "finding": finding.pk,
            "title": "Train the call handlers",
            "owner": owner.pk,
            "priority": "medium",
            "due_date": today.isoformat(),
            "evidence-TOTAL_FORMS": 0,
            "evidence-INITIAL_FORMS": 0,
            "updates-TOTAL_FORMS": 0,
            "updates-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    assert finding.actions.count() == 1


def test_a_new_action_on_the_findings_page_is_refused_a_past_due_date(
    client, inspector, owner, today
):
    finding = FindingFactory()
    client.force_login(inspector)
    url = reverse("admin:inspections_finding_change", args=[finding.pk])
    page = client.get(url)
    data = form_data(page) | {
        "actions-TOTAL_FORMS": 1,
        "actions-0-title": "Train the call handlers",
        "actions-0-priority": "medium",
        "actions-0-due_date": (today - datetime.timedelta(days=3)).isoformat(),
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "The due date must be today or in the future." in response.text
    assert not finding.actions.exists()
