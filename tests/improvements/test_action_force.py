"""An action stores its finding's force (`Action.force`), set however it is created, and a
force's staff read their actions through it: on PostgreSQL, a force's list in due-date
order reads that force's actions by index (`action_force_due`), not the nation's."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F

from improvements import services
from improvements.models import Action
from inspections.models import Force
from tests.factories import ActionFactory, FindingFactory, InspectionFactory

pytestmark = pytest.mark.django_db


def test_an_action_added_to_the_plan_takes_its_finding_s_force(owner, finding, cambs, today):
    action = services.create_action(
        finding, by=owner, title="Audit", owner=owner, due_date=today + datetime.timedelta(days=9)
    )
    assert Action.objects.get(pk=action.pk).force == cambs


def test_an_action_saved_without_a_force_takes_its_finding_s(lancs):
    action = ActionFactory(finding=FindingFactory(inspection=InspectionFactory(force=lancs)))
    assert Action.objects.get(pk=action.pk).force == lancs


def test_the_demo_generator_stores_each_action_s_force(reference_data, settings, monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "1")
    call_command("generate_demo_data", forces=2, cycles=1, seed=5, verbosity=0)
    assert Action.objects.exists()
    assert not Action.objects.exclude(force_id=F("finding__inspection__force_id")).exists()


def test_force_staff_see_only_actions_of_their_force(owner, action, lancs_action):
    assert list(Action.objects.visible_to(owner)) == [action]
    # The force is tested on the action's own copy of it (the index's first column).
    where = str(Action.objects.visible_to(owner).query).split("WHERE")[1]
    assert f'"improvements_action"."force_id" = {owner.force_id}' in where


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans are PostgreSQL's")
def test_a_force_s_list_in_due_date_order_reads_its_own_actions_by_index(owner, cambs, today):
    """Many forces' actions, one force's list of 25: PostgreSQL starts from that force (its
    actions in order by the index on force and due date, or its inspections' findings'
    actions), never walking the nation's actions in due-date order or reading them all."""
    forces = [*Force.objects.exclude(pk=cambs.pk)[:20], cambs]
    rows = []
    for force in forces:
        inspection = InspectionFactory(force=force)
        findings = [FindingFactory(inspection=inspection) for _ in range(5)]
        for n in range(200):
            finding = findings[n % 5]
            rows.append(
                Action(
                    finding=finding,
                    force=force,
                    title=f"{force.slug} {n}",
                    due_date=today + datetime.timedelta(days=n % 400),
                )
            )
    Action.objects.bulk_create(rows, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE improvements_action, inspections_finding, inspections_inspection")
    page = Action.objects.visible_to(owner).order_by("effective_due_date", "pk")[:25]
    plan = page.explain()
    assert "action_effective_due" not in plan, plan
    assert "Seq Scan on improvements_action" not in plan, plan
    assert "action_force_due" in plan or "Index Cond: (finding_id =" in plan, plan
    assert {a.force_id for a in page} == {cambs.pk}
