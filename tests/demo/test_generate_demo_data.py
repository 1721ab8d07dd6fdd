"""generate_demo_data: deterministic, consistent, and careful with an existing database."""

import datetime
import io

import pytest
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.db.models import F, OuterRef, Subquery

from accounts.models import Role, User
from demo.histories import MISSING_FILE_PREFIX
from improvements.models import Action, ActionUpdate, Evidence, Status
from inspections.models import Cycle, Finding, FindingKind, Inspection, Judgment, MostSimilarGroup

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data_asked_for")]


@pytest.fixture
def demo_data_asked_for(monkeypatch):
    """Run as `DJANGO_DEBUG=1 manage.py generate_demo_data` (tests/foundation/
    test_demo_guard.py checks the refusal without it)."""
    monkeypatch.setenv("DJANGO_DEBUG", "1")
    monkeypatch.delenv("PEEL_DJANGO_DEBUG_DEFAULTED", raising=False)


DAY = "2026-06-30"


def generate(*extra, seed=7, forces=3, cycles=2):
    out = io.StringIO()
    call_command(
        "generate_demo_data",
        f"--forces={forces}",
        f"--cycles={cycles}",
        f"--seed={seed}",
        f"--today={DAY}",
        *extra,
        stdout=out,
    )
    return out.getvalue()


def snapshot():
    return {
        "counts": [
            m.objects.count()
            for m in (Inspection, Judgment, Finding, Action, ActionUpdate, Evidence, User)
        ],
        "actions": list(
            Action.objects.order_by("pk").values_list(
                "title", "status", "progress", "due_date", "revised_due_date", "created_at"
            )[:20]
        ),
        "updates": list(
            ActionUpdate.objects.order_by("pk").values_list(
                "note", "from_status", "to_status", "progress", "created_at"
            )[:20]
        ),
        "findings": list(Finding.objects.order_by("pk").values_list("kind", "text")[:20]),
    }


def test_the_same_seed_gives_the_same_data():
    generate()
    first = snapshot()
    generate("--replace")
    assert snapshot() == first


def test_another_seed_gives_other_data():
    generate()
    first = snapshot()
    generate("--replace", seed=8)
    assert snapshot() != first


def test_it_refuses_a_database_that_already_has_inspections():
    generate()
    before = Action.objects.count()
    with pytest.raises(CommandError, match=r"already has 6 inspections"):
        generate()
    assert Action.objects.count() == before


def test_it_makes_an_inspection_per_force_and_cycle_with_users_and_groups():
    output = generate()
    assert Inspection.objects.count() == 6
    assert Inspection.objects.published().count() == 6
    assert "Generated" in output
    assert User.objects.filter(role=Role.FORCE_LEAD).count() == 9
    assert User.objects.filter(role=Role.FORCE_MANAGER).count() == 3
    assert MostSimilarGroup.objects.count() == 6
    assert all(g.members.count() == 2 for g in MostSimilarGroup.objects.all())


def test_extra_cycles_are_synthetic_and_labelled_so():
    generate(cycles=Cycle.objects.count() + 2)
    synthetic = Cycle.objects.filter(slug__startswith="demo-")
    assert synthetic.count() == 2
    assert all("synthetic demo cycle" in c.name for c in synthetic)
    assert all(c.grade_scale == "four_point" and c.questions.count() == 10 for c in synthetic)


def test_every_status_appears_and_every_history_ends_in_the_actions_status():
    generate(forces=4, cycles=3)
    statuses = set(Action.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    last_change = (
        ActionUpdate.objects.filter(action=OuterRef("pk"))
        .exclude(to_status="")
        .order_by("-created_at", "-pk")
        .values("to_status")[:1]
    )
    mismatched = (
        Action.objects.exclude(status=Status.NOT_STARTED)
        .annotate(last=Subquery(last_change))
        .exclude(last=F("status"))
    )
    assert mismatched.count() == 0
    assert not ActionUpdate.objects.filter(created_at__date__gte=DAY).exists()
    # Commended practice needs no action.
    assert not Action.objects.filter(finding__kind=FindingKind.COMMENDED_PRACTICE).exists()


def test_submitted_and_verified_actions_carry_evidence_and_file_records_have_no_file():
    generate()
    closed = Action.objects.filter(status__in=[Status.SUBMITTED, Status.VERIFIED])
    assert closed.exists()
    assert not closed.filter(evidence__isnull=True).exists()
    files = Evidence.objects.exclude(file="")
    assert files.exists()
    assert all(e.file.name.startswith(MISSING_FILE_PREFIX) for e in files)
    assert not storages["evidence"].exists(files.first().file.name)
    assert all(len(e.sha256) == 64 and e.size for e in files)


def test_volumes_scale_as_the_national_run_expects():
    """Per inspection, about 11 findings, 35 actions, 290 updates and 55 evidence records:
    43 forces x 8 cycles gives the national volumes (checked at 3 x 2 here)."""
    generate()
    inspections = Inspection.objects.count()
    assert 8 <= Finding.objects.count() / inspections <= 15
    assert 25 <= Action.objects.count() / inspections <= 45
    assert 7 <= ActionUpdate.objects.count() / Action.objects.count() <= 10
    assert 1.2 <= Evidence.objects.count() / Action.objects.count() <= 2.2


def test_the_forces_must_be_between_1_and_43():
    with pytest.raises(CommandError, match=r"--forces"):
        generate(forces=44)


def test_the_day_is_respected():
    generate()
    assert Inspection.objects.filter(published_on__gte=datetime.date(2026, 6, 30)).count() == 0
