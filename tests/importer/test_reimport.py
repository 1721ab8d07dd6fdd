"""Re-importing shows what would be added, changed and removed, and changes or removes
nothing stored without confirmation; some findings are never removed."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from inspections.importer.loader import import_report
from inspections.models import (
    ContextFigure,
    Finding,
    FindingKind,
    FindingStatus,
    Inspection,
    Judgment,
)
from inspections.reference import CAMBRIDGESHIRE_REPORT
from tests.factories import ActionFactory, FindingFactory, InspectionFactory

pytestmark = pytest.mark.django_db

REPORT = CAMBRIDGESHIRE_REPORT.read_text(encoding="utf-8")
ETHICAL_AFIS = [line for line in REPORT.splitlines() if line.startswith("- The force should")][-3:]
#: A poorer reading: the ethical behaviour section's three areas for improvement missing,
#: and a grade of the summary table changed.
POORER = "\n".join(line for line in REPORT.splitlines() if line not in ETHICAL_AFIS).replace(
    "Planning for the future\t Good", "Planning for the future\t Requires improvement", 1
)


@pytest.fixture
def imported(reference_data):
    return import_report(REPORT)


def snapshot() -> tuple:
    return (
        sorted(Finding.objects.values_list("kind", "text", "status")),
        sorted(Judgment.objects.values_list("id", "grade")),
        ContextFigure.objects.count(),
    )


def test_the_same_report_again_changes_nothing(imported):
    before = snapshot()
    again = import_report(REPORT)
    assert snapshot() == before
    assert again.plan.added == []
    assert again.plan.changed == []
    assert again.plan.removed == []


def test_a_poorer_reading_says_so_first_and_changes_nothing_without_confirmation(imported):
    before = snapshot()
    result = import_report(POORER)
    assert snapshot() == before
    assert result.warnings[0].startswith("This reading finds less than is stored")
    assert "13 judgments (stored: 13) and 13 findings (stored: 16)" in result.warnings[0]
    removed = [entry.detail for entry in result.plan.removed]
    assert len(removed) == 3
    assert any("lowest level of" in detail for detail in removed)
    changed = [(e.what, e.label, e.detail) for e in result.plan.changed]
    assert changed == [("judgment", "Planning for the future", "Good \u2192 Requires improvement")]
    assert any("were not applied: confirm them" in warning for warning in result.warnings)


def test_confirmed_changes_are_applied_but_protected_findings_stay(imported, inspector):
    vetting, knowledge, counter = (
        Finding.objects.get(text=line.removeprefix("- ")) for line in ETHICAL_AFIS
    )
    ActionFactory(finding=vetting)
    Finding.objects.filter(pk=knowledge.pk).update(text=knowledge.text + " (as agreed)")

    result = import_report(POORER, apply_changes=True, by=inspector)

    assert result.applied_changes
    assert Finding.objects.filter(pk=vetting.pk).exists()  # the force has actions on it
    assert Finding.objects.filter(pk=knowledge.pk).exists()  # an inspector edited it
    assert not Finding.objects.filter(pk=counter.pk).exists()
    kept = [entry.detail for entry in result.plan.kept]
    assert any("the force has actions on it" in detail for detail in kept)
    assert any("an inspector entered or edited it" in detail for detail in kept)
    planning = Judgment.objects.get(question__name="Planning for the future")
    assert planning.grade == "requires_improvement"


def test_a_finding_with_a_status_history_is_never_removed(imported, inspector):
    counter = Finding.objects.get(text=ETHICAL_AFIS[2].removeprefix("- "))
    Finding.objects.filter(pk=counter.pk).update(
        status=FindingStatus.ADDRESSED,
        status_changed_at=timezone.now(),
        status_changed_by=inspector,
        status_reason="Addressed, as the 2021 revisit found.",
    )
    import_report(POORER, apply_changes=True, by=inspector)
    assert Finding.objects.filter(pk=counter.pk).exists()


def test_a_text_without_a_date_keeps_a_published_inspections_date(imported):
    undated = REPORT.replace("February 2020 | © HMICFRS 2020 | ISBN: 978-1-78655-943-2", "")
    result = import_report(undated, apply_changes=True)
    inspection = Inspection.objects.get()
    assert inspection.published_on.isoformat() == "2020-02-01"
    assert inspection.status == Inspection.Status.PUBLISHED
    assert any("the stored one (February 2020) is kept" in w for w in result.warnings)


def test_a_changed_publication_date_needs_confirmation(imported):
    redated = REPORT.replace("February 2020 |", "March 2020 |")
    result = import_report(redated)
    assert [(e.label, e.detail) for e in result.plan.changed] == [
        ("publication date", "February 2020 \u2192 March 2020")
    ]
    assert Inspection.objects.get().published_on.month == 2
    import_report(redated, apply_changes=True)
    assert Inspection.objects.get().published_on.month == 3


def test_dry_run_json_lists_the_diff(imported, capsys, tmp_path):
    path = tmp_path / "poorer.txt"
    path.write_text(POORER, encoding="utf-8")
    call_command("import_report", str(path), "--dry-run", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["saved"] is False
    assert data["diff"]["needs_confirmation"] is True
    assert len(data["diff"]["remove"]) == 3
    assert data["diff"]["change"][0]["label"] == "Planning for the future"
    assert data["warnings"][0].startswith("This reading finds less")


def test_the_command_applies_changes_only_with_the_flag(imported, tmp_path):
    path = tmp_path / "poorer.txt"
    path.write_text(POORER, encoding="utf-8")
    call_command("import_report", str(path))
    assert Finding.objects.filter(kind=FindingKind.AREA_FOR_IMPROVEMENT).count() == 11
    call_command("import_report", str(path), "--apply-changes")
    assert Finding.objects.filter(kind=FindingKind.AREA_FOR_IMPROVEMENT).count() == 8


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"Parish newsletter. Nothing about the police.", "does not read as a PEEL"),
        (b"\x80\x81 not text", "not UTF-8 text"),
        (b"%PDF-1.4 broken", "PDF"),
    ],
)
def test_json_refusals_are_json_objects_with_a_non_zero_exit(
    reference_data, capsys, tmp_path, content, error
):
    path = tmp_path / "report.bin"
    path.write_bytes(content)
    with pytest.raises(CommandError) as raised:
        call_command("import_report", str(path), "--json")
    assert raised.value.returncode != 0
    data = json.loads(capsys.readouterr().out)
    assert error in data["error"]
    assert isinstance(data["warnings"], list)


def test_a_50_mb_file_is_refused_before_it_is_read(reference_data, capsys, tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(CommandError):
        call_command("import_report", str(path), "--json")
    assert "more than the 5 MB allowed" in json.loads(capsys.readouterr().out)["error"]


def test_a_file_repeated_many_times_is_refused(reference_data):
    from inspections.importer.loader import ReportImportError

    with pytest.raises(ReportImportError, match=r"repeats the same content"):
        import_report("\n\n".join([REPORT[:40_000]] * 20))


def test_a_letter_closes_a_held_cause_of_concern_only_when_confirmed(reference_data, cambs):
    from inspections.models import Cycle

    inspection = InspectionFactory(force=cambs, cycle=Cycle.objects.get(slug="peel-2023-25"))
    responding = inspection.cycle.questions.get(name="Responding to the public")
    cause = FindingFactory(
        inspection=inspection,
        kind=FindingKind.CAUSE_OF_CONCERN,
        question=responding,
        text="The force isn't answering emergency and non-emergency calls quickly enough.",
    )
    other = FindingFactory(
        inspection=inspection, kind=FindingKind.CAUSE_OF_CONCERN, text="Crime data integrity."
    )
    letter = (
        "Cambridgeshire Constabulary: closure of cause of concern letter\n\n"
        "PEEL 2023–2025\n\nPublished on: 3 May 2025\n\nLetter information\n\n"
        "I am pleased to let you know that I will be closing the force’s cause of concern "
        "regarding responding to the public.\n"
    )
    preview = import_report(letter, dry_run=True)
    assert [e.label for e in preview.plan.changed] == [
        "cause of concern about \u201cresponding to the public\u201d \u2192 closed"
    ]
    import_report(letter)
    cause.refresh_from_db()
    assert cause.status == FindingStatus.OPEN
    import_report(letter, apply_changes=True)
    cause.refresh_from_db()
    other.refresh_from_db()
    assert cause.status == FindingStatus.CLOSED
    assert "I will be closing the force’s cause of concern" in cause.status_reason
    change = cause.status_changes.get()  # through the one service, into the history
    assert (change.from_status, change.to_status) == (FindingStatus.OPEN, FindingStatus.CLOSED)
    assert change.reason == cause.status_reason
    assert other.status == FindingStatus.OPEN
    assert Inspection.objects.get(pk=inspection.pk).published_on == inspection.published_on


def test_over_long_figures_and_periods_are_left_out_with_a_warning(reference_data):
    long_period = "12 months ending 31 March 2019 " + "and then some more words " * 10
    text = REPORT.replace(
        "<b>999 calls per 1,000 population</b> 12 months ending 31 March 2019\t155\t175",
        f"<b>999 calls per 1,000 population</b> {long_period}\t155\t175",
        1,
    ).replace("\t16%\t40%", "\t" + "1" * 40 + "\t40%", 1)
    result = import_report(text)
    assert any("has a period too long to be a figure" in w for w in result.warnings)
    assert any("has a force value too long to be a figure" in w for w in result.warnings)
    assert not ContextFigure.objects.filter(label="999 calls per 1,000 population").exists()
    assert ContextFigure.objects.count() == len(result.report.figures) - 2


def test_a_letter_closes_a_single_recommendation(reference_data, cambs):
    from inspections.models import Cycle

    inspection = InspectionFactory(force=cambs, cycle=Cycle.objects.get(slug="peel-2021-22"))
    cause = FindingFactory(
        inspection=inspection, kind=FindingKind.CAUSE_OF_CONCERN, text="Calls go unanswered."
    )
    kept, closed = (
        FindingFactory(
            inspection=inspection,
            kind=FindingKind.RECOMMENDATION,
            cause_of_concern=cause,
            text=f"Within three months, the force should {wording}.",
        )
        for wording in ("review its call handling", "publish its demand analysis to the public")
    )
    letter = (
        "Cambridgeshire Constabulary: PEEL cause of concern revisit letter\n\nPEEL 2021/22\n\n"
        "Letter information\n\nWe reviewed progress against this cause of concern. "
        "I am closing the recommendation that the force should publish its demand analysis "
        "to the public, which it has done.\n"
    )
    import_report(letter, apply_changes=True)
    for finding in (cause, kept, closed):
        finding.refresh_from_db()
    assert closed.status == FindingStatus.CLOSED
    assert (cause.status, kept.status) == (FindingStatus.OPEN, FindingStatus.OPEN)
