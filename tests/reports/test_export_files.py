"""Export files: streamed, spreadsheet-ready (frozen header, autofilter, sized columns), and
the action export's latest update and finding status, in a fixed number of queries."""

import datetime
import io

import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from improvements.models import ActionUpdate
from inspections.models import Finding
from reports.exports import MAX_WIDTH, Table, column_widths
from reports.tables import ACTION_HEADERS, update_line
from tests.factories import ActionFactory, ActionUpdateFactory, UserFactory

pytestmark = pytest.mark.django_db

ACTIONS_CSV = reverse("reports:actions_export", args=["csv"])
ACTIONS_XLSX = reverse("reports:actions_export", args=["xlsx"])


def workbook(response):
    return load_workbook(io.BytesIO(response.getvalue()))


def header_row(sheet) -> int:
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if row and row[0] == "Reference":
            return number
    raise AssertionError("no header row")


def test_the_csv_export_is_streamed(client, force_manager, known_now):
    client.force_login(force_manager)
    response = client.get(ACTIONS_CSV)
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"].startswith('attachment; filename="actions-')
    assert response["Cache-Control"] == "private, no-store"
    assert response.getvalue().startswith("\ufeff".encode())


def test_the_xlsx_export_is_streamed_from_a_file(client, force_manager, known_now):
    client.force_login(force_manager)
    response = client.get(ACTIONS_XLSX)
    assert isinstance(response, FileResponse)
    assert response["Content-Disposition"].startswith('attachment; filename="actions-')
    assert response["Cache-Control"] == "private, no-store"


def test_the_xlsx_header_row_is_frozen_and_filtered(client, force_manager, known_now):
    client.force_login(force_manager)
    sheet = workbook(client.get(ACTIONS_XLSX)).worksheets[0]
    header = header_row(sheet)
    assert sheet.freeze_panes == f"A{header + 1}"
    rows = sheet.max_row
    assert sheet.auto_filter.ref == f"A{header}:T{rows}"
    assert len(ACTION_HEADERS) == 20  # A to T


def test_the_xlsx_columns_are_sized_to_their_content(client, force_manager, known_now):
    client.force_login(force_manager)
    sheet = workbook(client.get(ACTIONS_XLSX)).worksheets[0]
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABFGT"}
    assert widths["A"] < widths["B"]  # a number beside a force's name
    assert widths["F"] == MAX_WIDTH  # the finding's wording, capped
    assert widths["G"] >= 40  # the action's title


def test_every_report_sheet_is_frozen_filtered_and_sized(client, force_manager, known_now):
    client.force_login(force_manager)
    url = reverse("reports:force_export", args=["cambridgeshire", "xlsx"])
    book = workbook(client.get(url))
    assert len(book.worksheets) > 1
    for sheet in book.worksheets:
        assert sheet.freeze_panes is not None
        assert sheet.auto_filter.ref is not None
        assert sheet.column_dimensions["A"].width >= 8


def test_a_short_tables_widths_come_from_its_rows():
    table = Table("T", ["A", "B"], [["x" * 30, 1], ["y", 2]])
    assert column_widths(table) == [31, 8]


def test_a_streamed_tables_widths_come_from_its_declared_sizes():
    rows = iter([["x" * 200, 1]])
    table = Table("T", ["Heading", "B"], rows, widths=[40, 5])
    assert column_widths(table) == [40, 8]
    assert next(rows)  # the rows were not read to size the columns


def test_the_action_export_has_the_latest_update_and_the_findings_status(
    client, force_manager, known_now, owner
):
    a2 = known_now.actions["A2"]
    ActionUpdate.objects.create(
        action=a2,
        author=owner,
        kind="note",
        note="Older note",
        created_at=timezone.now() - datetime.timedelta(days=3),
    )
    ActionUpdate.objects.create(
        action=a2,
        author=owner,
        kind="status_change",
        note="Training booked",
        to_status="on_hold",
        from_status="in_progress",
        created_at=timezone.now() - datetime.timedelta(days=1),
    )
    Finding.objects.filter(pk=a2.finding_id).update(
        status="addressed",
        status_changed_at=timezone.now(),
        status_changed_by=known_now.actions["A6"].verified_by,
        status_reason="Addressed in the 2021 inspection",
    )
    client.force_login(force_manager)
    sheet = workbook(client.get(ACTIONS_XLSX)).worksheets[0]
    header = header_row(sheet)
    rows = list(sheet.iter_rows(min_row=header, values_only=True))
    latest = rows[0].index("Latest update")
    finding_status = rows[0].index("Finding status")
    by_ref = {row[0]: row for row in rows[1:]}
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert by_ref[a2.pk][latest] == (
        f"{yesterday.isoformat()}: Status changed to on hold. Training booked"
    )
    assert by_ref[a2.pk][finding_status] == "Addressed"
    a3 = known_now.actions["A3"]  # another finding
    assert by_ref[a3.pk][finding_status] == "Open"


def _line(update: ActionUpdate, at: datetime.datetime) -> str:
    ActionUpdate.objects.filter(pk=update.pk).update(created_at=at)
    return ActionUpdate.objects.annotate(line=update_line()).get(pk=update.pk).line


@pytest.mark.parametrize(
    ("entry", "line"),
    [
        ({"kind": "note", "note": "Hi"}, "Hi"),
        ({"kind": "progress", "progress": 50, "note": ""}, "Progress updated."),
        (
            {
                "kind": "status_change",
                "from_status": "in_progress",
                "to_status": "on_hold",
                "note": "Training booked",
            },
            "Status changed to on hold. Training booked",
        ),
        (
            {
                "kind": "status_change",
                "from_status": "in_progress",
                "to_status": "submitted",
                "note": "",
            },
            "Status changed to submitted for verification.",
        ),
    ],
)
def test_the_latest_update_line_is_written_by_the_database(entry, line):
    """The date, what the entry did (by its status or its kind) and its note: one line."""
    morning = datetime.datetime(2025, 6, 1, 9, 0, tzinfo=datetime.UTC)
    assert (
        _line(ActionUpdateFactory(author=UserFactory(), **entry), morning).rstrip()
        == f"2025-06-01: {line}".rstrip()
    )


def test_the_latest_update_line_carries_the_local_date():
    """Half past eleven at night in UTC on a summer day is the next morning in London."""
    late = datetime.datetime(2025, 6, 1, 23, 30, tzinfo=datetime.UTC)
    assert (
        _line(ActionUpdateFactory(author=UserFactory(), kind="note", note="Late"), late)
        == "2025-06-02: Late"
    )


@pytest.mark.parametrize("extra", [0, 20])
def test_the_action_export_runs_the_same_queries_whatever_the_rows(
    client, force_manager, known_now, django_assert_num_queries, extra
):
    finding = known_now.actions["A1"].finding
    for action in ActionFactory.create_batch(
        extra, finding=finding, owner=known_now.actions["A1"].owner
    ):
        ActionUpdate.objects.create(action=action, author=action.owner, kind="note", note="n")
    client.force_login(force_manager)
    # 1 session, 2 user, 3 the rows (with their latest update and finding status in the
    # same query). The filter form's choices are not rendered for a file.
    with django_assert_num_queries(3):
        response = client.get(ACTIONS_CSV)
        body = response.getvalue()
    assert body.count(b"\n") > 8 + extra


def test_the_xlsx_writer_reads_back_every_kind_of_value():
    import tempfile
    from decimal import Decimal

    from reports import xlsx

    when = datetime.datetime(2025, 6, 1, 9, 30)  # noqa: DTZ001 (cells are naive local times)
    rows = [
        ["Heading", "Number"],
        ["Fish & <chips> \x01bell", 3],
        [True, Decimal("2.5")],
        [datetime.date(2025, 6, 1), when],
        [None, ""],
    ]
    with tempfile.TemporaryFile() as file:
        xlsx.write_workbook(file, [xlsx.Sheet("It's a test", iter(rows), [12, 9], 1, 2)])
        file.seek(0)
        book = load_workbook(file)
    sheet = book["It's a test"]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[1] == ["Fish & <chips> bell", 3]
    assert values[2] == [True, 2.5]
    assert values[3] == [when.replace(hour=0, minute=0), when]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:B5"
    assert sheet.column_dimensions["A"].width == 12
