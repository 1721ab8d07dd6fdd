"""Importing a report saves inspections, judgments and findings, all or nothing, once."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from improvements.models import Action
from inspections.importer.loader import ReportImportError, import_report
from inspections.models import (
    ContextFigure,
    EarlierItemReview,
    Finding,
    FindingKind,
    FindingStatus,
    Inspection,
    Judgment,
    MostSimilarGroup,
)
from inspections.reference import CAMBRIDGESHIRE_REPORT
from tests.factories import ActionFactory, FindingFactory, InspectionFactory

pytestmark = pytest.mark.django_db

REPORT = CAMBRIDGESHIRE_REPORT.read_text(encoding="utf-8")

EXPECTED_GRADES = {
    ("Effectiveness", "good", True, ""),
    ("Efficiency", "good", True, ""),
    ("Legitimacy", "good", True, ""),
    ("Preventing crime and tackling anti-social behaviour", "good", True, ""),
    ("Investigating crime", "good", True, ""),
    ("Protecting vulnerable people", "good", True, ""),
    ("Tackling serious and organised crime", "good", False, "2016"),
    ("Armed response capability", "ungraded", True, ""),
    ("Meeting current demands and using resources", "good", True, ""),
    ("Planning for the future", "good", True, ""),
    ("Fair treatment of the public", "good", False, "2017"),
    ("Ethical and lawful workforce behaviour", "good", True, ""),
    ("Fair treatment of the workforce", "good", False, "2017"),
}

EXPECTED_AFIS_BY_QUESTION = {
    "Preventing crime and tackling anti-social behaviour": 3,
    "Investigating crime": 1,
    "Protecting vulnerable people": 2,
    "Planning for the future": 2,
    "Ethical and lawful workforce behaviour": 3,
}


@pytest.fixture
def imported(reference_data):
    return import_report(REPORT)


def test_the_bundled_report_imports_as_one_published_inspection(imported):
    inspection = Inspection.objects.get()
    assert imported.inspection == inspection
    assert imported.created
    assert inspection.force.slug == "cambridgeshire"
    assert inspection.cycle.name == "PEEL 2018/19 (integrated assessment)"
    assert inspection.published_on.isoformat() == "2020-02-01"
    assert inspection.lead_inspector == "Zoë Billingham"
    assert inspection.status == Inspection.Status.PUBLISHED


def test_every_grade_with_when_it_was_last_inspected(imported):
    saved = {
        (str(j.area), j.grade, j.inspected, j.last_inspected)
        for j in Judgment.objects.select_related("pillar", "question")
    }
    assert saved == EXPECTED_GRADES
    assert Judgment.objects.filter(pillar__isnull=False).count() == 3


def test_all_eleven_areas_for_improvement_under_their_questions(imported):
    afis = Finding.objects.filter(kind=FindingKind.AREA_FOR_IMPROVEMENT)
    assert afis.count() == 11
    by_question: dict[str, int] = {}
    for finding in afis.select_related("question"):
        by_question[finding.question.name] = by_question.get(finding.question.name, 0) + 1
        assert finding.text.startswith("The force should")
    assert by_question == EXPECTED_AFIS_BY_QUESTION


def test_the_afi_printed_twice_is_one_finding_continuing_2017(imported):
    carried = Finding.objects.get(question__name="Investigating crime")
    assert carried.continues_earlier
    assert carried.earlier_year == "2017"
    assert carried.text.startswith("The force should ensure regular and active supervision")


def test_earlier_items_reported_addressed_or_met(imported):
    reviews = list(EarlierItemReview.objects.order_by("order"))
    assert [(r.year, r.kind, r.outcome) for r in reviews] == [
        ("2017", "recommendation", "addressed"),
        ("2017", "recommendation", "addressed"),
        ("2017", "area_for_improvement", "addressed"),
        ("2017", "recommendation", "met"),
    ]
    assert "prolific" in reviews[0].text
    assert "proportionate investigations" in reviews[1].text
    assert "stop and search" in reviews[3].text.lower() or "search" in reviews[3].text


def test_commended_practice(imported):
    practice = " ".join(
        Finding.objects.filter(kind=FindingKind.COMMENDED_PRACTICE).values_list("text", flat=True)
    )
    for phrase in (
        "victim and witness hub",
        "Cambridge Harm Index",
        "community safety officers",
        "public health approach",
    ):
        assert phrase in practice


def test_force_in_context_figures_with_their_comparators(imported):
    calls = ContextFigure.objects.get(label="999 calls per 1,000 population")
    assert (calls.force_value, calls.comparator, calls.comparator_value) == (
        "155",
        "England and Wales",
        "175",
    )
    crime = ContextFigure.objects.get(label="Recorded crime per 1,000 population")
    assert (crime.force_value, crime.comparator_value) == ("76", "69")
    assert crime.comparator == "Most similar forces"
    spend = ContextFigure.objects.filter(label="Spend per head of population").first()
    assert (spend.force_value, spend.comparator_value) == ("£168", "£203")


def test_most_similar_group_for_the_year(imported):
    group = MostSimilarGroup.objects.get(force__slug="cambridgeshire", year="2018/19")
    assert {f.slug for f in group.members.all()} == {
        "warwickshire",
        "thames-valley",
        "gloucestershire",
        "wiltshire",
        "avon-and-somerset",
        "staffordshire",
        "devon-and-cornwall",
    }


def test_reimporting_duplicates_nothing_and_keeps_actions(imported):
    finding = Finding.objects.filter(kind=FindingKind.AREA_FOR_IMPROVEMENT).first()
    action = ActionFactory(finding=finding)
    counts = (Finding.objects.count(), Judgment.objects.count(), ContextFigure.objects.count())

    again = import_report(REPORT)

    assert not again.created
    assert Inspection.objects.count() == 1
    assert (
        Finding.objects.count(),
        Judgment.objects.count(),
        ContextFigure.objects.count(),
    ) == counts
    assert Action.objects.get(pk=action.pk).finding_id == finding.pk
    assert EarlierItemReview.objects.count() == 4


def test_a_dry_run_saves_nothing(reference_data):
    result = import_report(REPORT, dry_run=True)
    assert result.counts["areas_for_improvement"] == 11
    assert not Inspection.objects.exists()
    assert not Finding.objects.exists()


@pytest.mark.parametrize(
    "text",
    ["", "\x00\x01\x02 binary \xff\xfe", "Minutes of the parish council meeting.\n\nApologies."],
)
def test_unreadable_input_is_refused_and_saves_nothing(reference_data, text):
    with pytest.raises(ReportImportError):
        import_report(text)
    assert not Inspection.objects.exists()


def test_an_unknown_force_is_refused_unless_named(reference_data):
    text = REPORT.replace("Cambridgeshire Constabulary", "Ruritania Constabulary").replace(
        "Cambridgeshire", "Ruritania"
    )
    with pytest.raises(ReportImportError, match=r"which force"):
        import_report(text)
    assert not Inspection.objects.exists()
    result = import_report(text, force_slug="norfolk")
    assert result.inspection.force.slug == "norfolk"


def test_a_failure_midway_rolls_everything_back(reference_data, monkeypatch):
    from inspections.importer.save import Saver

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Saver, "_figures", explode)
    with pytest.raises(RuntimeError):
        import_report(REPORT)
    assert not Inspection.objects.exists()
    assert not Judgment.objects.exists()
    assert not Finding.objects.exists()


def test_an_earlier_finding_reported_addressed_is_closed(reference_data, cambs):
    from inspections.models import Cycle

    earlier_cycle = Cycle.objects.get(slug="peel-2017")
    earlier = InspectionFactory(force=cambs, cycle=earlier_cycle)
    FindingFactory(
        inspection=earlier,
        kind=FindingKind.AREA_FOR_IMPROVEMENT,
        question=None,
        text=(
            "The force should ensure regular and active supervision of the quality and "
            "progress of investigations."
        ),
    )
    import_report(REPORT)
    carried = Finding.objects.get(
        inspection__cycle__slug="peel-2018-19", question__name="Investigating crime"
    )
    assert carried.continues is not None
    assert carried.continues.inspection == earlier


def test_command_json_output(reference_data, capsys):
    call_command("import_report", str(CAMBRIDGESHIRE_REPORT), "--dry-run", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["force"] == "cambridgeshire"
    assert data["cycle"] == "PEEL 2018/19 (integrated assessment)"
    assert data["published"] == "2020-02"
    assert len(data["judgments"]) == 13
    judgment = next(
        j for j in data["judgments"] if j["area"] == "Tackling serious and organised crime"
    )
    assert judgment == {
        **judgment,
        "pillar": "Effectiveness",
        "grade": "Good",
        "inspected": False,
        "last_inspected": "2016",
    }
    afis = [f for f in data["findings"] if f["kind"] == "area_for_improvement"]
    assert len(afis) == 11
    assert {"kind", "area", "text", "continues_earlier"} <= set(afis[0])
    assert isinstance(data["warnings"], list)
    assert not Inspection.objects.exists()


def test_command_refuses_a_broken_file_with_a_clear_error(reference_data, tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    with pytest.raises(CommandError, match=r"not UTF-8 text"):
        call_command("import_report", str(broken))
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(CommandError):
        call_command("import_report", str(empty))
    with pytest.raises(CommandError, match=r"Cannot read"):
        call_command("import_report", str(tmp_path / "missing.txt"))
    assert not Inspection.objects.exists()


def test_command_exits_non_zero_on_failure(reference_data, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    empty = tmp_path / "empty.txt"
    empty.write_text("nothing here")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_report", str(empty), "--dry-run"],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "peel.test_settings", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode != 0
    assert "CommandError" in result.stderr or "Error" in result.stderr


def test_the_synthetic_2021_report_imports_with_causes_and_recommendations(reference_data):
    from pathlib import Path

    text = (Path(__file__).parent / "data" / "gwent-peel-2021-22-synthetic.txt").read_text()
    result = import_report(text)
    causes = Finding.objects.filter(kind=FindingKind.CAUSE_OF_CONCERN)
    assert causes.exists()
    recommendations = Finding.objects.filter(kind=FindingKind.RECOMMENDATION)
    assert recommendations.count() >= 2
    assert all(r.cause_of_concern in causes for r in recommendations)
    assert any(r.deadline for r in recommendations)
    assert Judgment.objects.filter(grade="adequate").exists()
    assert result.warnings
    assert Finding.objects.filter(status=FindingStatus.OPEN).count() == Finding.objects.count()


def test_an_earlier_recommendation_reported_addressed_is_closed_with_the_reason(
    reference_data, cambs
):
    from inspections.models import Cycle

    earlier_cycle = Cycle.objects.get(slug="peel-2017")
    earlier = InspectionFactory(force=cambs, cycle=earlier_cycle)
    recommendation = FindingFactory(
        inspection=earlier,
        kind=FindingKind.RECOMMENDATION,
        question=None,
        text=(
            "The force should develop clear measures of success to help it evaluate how "
            "effectively it is protecting the public from prolific and harmful offenders."
        ),
    )
    unrelated = FindingFactory(
        inspection=earlier,
        kind=FindingKind.RECOMMENDATION,
        question=None,
        text="The force should publish its fleet replacement plan.",
    )
    from tests.factories import InspectorFactory

    importer = InspectorFactory(username="importer")
    import_report(REPORT, by=importer, apply_changes=True)
    recommendation.refresh_from_db()
    unrelated.refresh_from_db()
    assert recommendation.status == FindingStatus.ADDRESSED
    assert recommendation.status_changed_by == importer
    assert "PEEL 2018/19" in recommendation.status_reason
    assert recommendation.reviews.get().outcome == "addressed"
    assert unrelated.status == FindingStatus.OPEN
    # Through the one service: the change is in the finding's history.
    change = recommendation.status_changes.get()
    assert (change.from_status, change.to_status) == (FindingStatus.OPEN, FindingStatus.ADDRESSED)
    assert change.changed_by == importer
    assert not unrelated.status_changes.exists()


def test_json_names_the_force_the_report_was_imported_for(reference_data, capsys):
    call_command(
        "import_report", str(CAMBRIDGESHIRE_REPORT), "--dry-run", "--json", "--force", "norfolk"
    )
    data = json.loads(capsys.readouterr().out)
    assert data["force"] == "norfolk"
    assert data["force_in_report"] == "cambridgeshire"
    assert any("imported for" in w for w in data["warnings"])


def test_reimporting_keeps_the_status_an_inspector_chose(imported):
    Inspection.objects.update(status=Inspection.Status.DRAFT)
    import_report(REPORT)
    assert Inspection.objects.get().status == Inspection.Status.DRAFT
