"""`make run`'s demo data: the real report, actions in every state, one user per role."""

import pytest
from django.core.management import call_command

from accounts.models import Role, User
from demo.loader import DEMO_PASSWORD, load_demo_data
from improvements.deadlines import Rag, rag_for
from improvements.models import Action, Status
from inspections.models import Finding, Inspection

pytestmark = pytest.mark.django_db


def test_demo_data_has_the_report_and_actions_in_every_state(today):
    load_demo_data(today)
    # the real 2018/19 report, and a made-up recent one with recommendations (PCC demo)
    assert Inspection.objects.filter(force__slug="cambridgeshire").count() == 2
    recent = Inspection.objects.get(force__slug="cambridgeshire", cycle__slug="peel-2023-25")
    assert recent.findings.filter(kind="recommendation").count() == 2
    assert Finding.objects.filter(inspection__force__slug="cambridgeshire").count() >= 11
    cambs_actions = Action.objects.filter(finding__inspection__force__slug="cambridgeshire")
    statuses = set(cambs_actions.values_list("status", flat=True))
    assert statuses == {
        Status.NOT_STARTED,
        Status.IN_PROGRESS,
        Status.ON_HOLD,
        Status.SUBMITTED,
        Status.VERIFIED,
    }
    assert cambs_actions.overdue(today).count() == 1
    assert cambs_actions.filter(proposed_due_date__isnull=False).count() == 1
    submitted = cambs_actions.get(status=Status.SUBMITTED)
    assert submitted.evidence.count() == 2
    assert {rag_for(a, today) for a in cambs_actions} == {
        Rag.RED,
        Rag.AMBER,
        Rag.GREEN,
        Rag.BLUE,
    }


def test_demo_users_one_per_role_with_the_published_password(today):
    load_demo_data(today)
    expected = {
        "inspector": (Role.INSPECTOR, None),
        "cambs-lead": (Role.FORCE_LEAD, "cambridgeshire"),
        "cambs-manager": (Role.FORCE_MANAGER, "cambridgeshire"),
        "national-manager": (Role.NATIONAL_MANAGER, None),
        "lancs-lead": (Role.FORCE_LEAD, "lancashire"),
    }
    for username, (role, force) in expected.items():
        user = User.objects.get(username=username)
        assert user.role == role
        assert (user.force.slug if user.force else None) == force
        assert user.check_password(DEMO_PASSWORD)
    assert User.objects.get(username="inspector").is_staff


def test_loading_the_demo_twice_adds_nothing(today):
    load_demo_data(today)
    counts = (Action.objects.count(), Finding.objects.count(), User.objects.count())
    load_demo_data(today)
    assert (Action.objects.count(), Finding.objects.count(), User.objects.count()) == counts


def test_the_command_prints_who_to_sign_in_as(settings, capsys, reference_data, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("DJANGO_DEBUG", "1")  # asked for in so many words (test_demo_guard.py)
    monkeypatch.delenv("PEEL_DJANGO_DEBUG_DEFAULTED", raising=False)
    call_command("load_demo_data")
    out = capsys.readouterr().out
    for username in ("inspector", "cambs-lead", "cambs-manager", "national-manager", "lancs-lead"):
        assert username in out
    assert "demo-password" in out
