"""Exports: who may download what, what the files hold, and formula escaping."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from reports.exports import _csv_row, _csv_value, escape_cell
from tests.factories import ActionFactory, FindingFactory
from tests.reports.conftest import SESSION, grow

CAST = [
    "owner",
    "colleague",
    "force_manager",
    "outsider",
    "outsider_manager",
    "inspector",
    "national_manager",
]
FORCE_ACCESS = {
    "owner": 200,
    "colleague": 200,
    "force_manager": 200,
    "outsider": 404,
    "outsider_manager": 404,
    "inspector": 200,
    "national_manager": 200,
}
NATIONAL_ACCESS = {name: 404 for name in CAST} | {"inspector": 200, "national_manager": 200}


def read_csv(response) -> list[list[str]]:
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def read_xlsx(response):
    return load_workbook(io.BytesIO(response.getvalue()))


def sheet_rows(sheet) -> list[list]:
    """A sheet's rows without the empty cells that pad them to the sheet's width."""
    rows = []
    for row in sheet.iter_rows(values_only=True):
        values = list(row)
        while values and values[-1] is None:
            values.pop()
        rows.append(values)
    return rows


def download(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


# --- Who may download what -------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("who", CAST)
def test_force_report_exports_follow_the_force_report_scope(client, cast, known_now, who, fmt):
    url = reverse("reports:force_export", args=["cambridgeshire", fmt])
    assert download(client, cast[who], url).status_code == FORCE_ACCESS[who]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("who", CAST)
def test_inspection_report_exports_follow_the_inspection_scope(client, cast, known_now, who, fmt):
    url = reverse("reports:inspection_export", args=[known_now.cambs_2018.pk, fmt])
    assert download(client, cast[who], url).status_code == FORCE_ACCESS[who]


@pytest.mark.parametrize("who", CAST)
def test_a_draft_inspections_export_is_for_inspectors_only(client, cast, known_now, who):
    url = reverse("reports:inspection_export", args=[known_now.cambs_draft.pk, "csv"])
    expected = 200 if who == "inspector" else 404
    assert download(client, cast[who], url).status_code == expected


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("who", CAST)
def test_national_exports_are_for_inspectors_and_national_managers(
    client, cast, known_now, who, fmt
):
    url = reverse("reports:national_export", args=[fmt])
    assert download(client, cast[who], url).status_code == NATIONAL_ACCESS[who]


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("reports:actions_export", ["csv"]),
        ("reports:force_export", ["cambridgeshire", "xlsx"]),
        ("reports:national_export", ["csv"]),
    ],
)
def test_anonymous_visitors_cannot_download(client, known_now, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_only_csv_and_xlsx_are_offered(client, inspector, known_now):
    client.force_login(inspector)
    assert client.get("/reports/actions.pdf").status_code == 404


EXPECTED_ACTIONS = {
    "owner": {"A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "B1"},
    "colleague": {"A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "B1"},
    "force_manager": {"A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "B1"},
    "outsider": {"L1", "L2"},
    "outsider_manager": {"L1", "L2"},
    "inspector": {"A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "B1", "D1", "L1", "L2"},
    "national_manager": {"A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "B1", "L1", "L2"},
}


@pytest.mark.parametrize("who", CAST)
def test_the_action_export_holds_exactly_what_the_user_may_see(client, cast, known_now, who):
    rows = read_csv(download(client, cast[who], reverse("reports:actions_export", args=["csv"])))
    header = rows.index(["Actions"]) + 1
    titles = {row[6] for row in rows[header + 1 :]}
    names = {name for name, action in known_now.actions.items() if action.title in titles}
    assert names == EXPECTED_ACTIONS[who]
    assert len(rows[header + 1 :]) == len(EXPECTED_ACTIONS[who])


# --- What the files hold ---------------------------------------------------------------


def test_the_action_export_applies_and_names_the_list_filters(client, inspector, known_now):
    response = download(
        client,
        inspector,
        reverse("reports:actions_export", args=["csv"]),
        force="cambridgeshire",
        status=["in_progress", "on_hold"],
        overdue="true",
    )
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="actions-')
    rows = read_csv(response)
    assert rows[0] == ["Report", "Actions"]
    assert rows[1][0] == "Generated"
    assert ["Filter: Status", "In progress, On hold"] in rows
    assert ["Filter: Overdue only", "Yes"] in rows
    assert ["Filter: Force", "Cambridgeshire Constabulary"] in rows
    header = rows.index(["Actions"]) + 1
    assert rows[header][:3] == ["Reference", "Force", "Inspection"]
    data = rows[header + 1 :]
    # In progress or on hold, overdue, in Cambridgeshire: A2, and D1 in the draft.
    assert sorted(r[6] for r in data) == sorted(
        [known_now.actions["A2"].title, known_now.actions["D1"].title]
    )
    a2 = next(r for r in data if r[6] == known_now.actions["A2"].title)
    assert a2[8] == "In progress"
    assert a2[10] == "40"
    assert a2[14] == "Red"
    assert a2[15] == "5"


def test_an_unfiltered_export_says_it_is_unfiltered(client, force_manager, known_now):
    rows = read_csv(
        download(client, force_manager, reverse("reports:actions_export", args=["csv"]))
    )
    assert ["Filters", "None: everything you may see"] in rows


def test_invalid_filters_are_refused_and_say_why(client, force_manager, known_now):
    response = download(
        client,
        force_manager,
        reverse("reports:actions_export", args=["csv"]),
        status="finished",
    )
    assert response.status_code == 400
    assert "Status" in response.getvalue().decode()
    assert "nothing was exported" in (response.getvalue().decode())


def test_the_xlsx_action_export_reads_back_with_the_same_rows(client, force_manager, known_now):
    response = download(
        client, force_manager, reverse("reports:actions_export", args=["xlsx"]), status="verified"
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = read_xlsx(response).worksheets[0]
    rows = sheet_rows(sheet)
    assert rows[0] == ["Report", "Actions"]
    assert ["Filter: Status", "Verified"] in rows
    header = rows.index(["Actions"]) + 1
    data = rows[header + 1 :]
    assert [r[6] for r in data] == [known_now.actions["A6"].title]
    assert data[0][10] == 100
    assert data[0][11].date() == known_now.actions["A6"].due_date  # a date cell, not text


def test_the_force_report_export_has_a_sheet_per_table_with_exact_figures(
    client, force_manager, known_now
):
    response = download(
        client, force_manager, reverse("reports:force_export", args=["cambridgeshire", "xlsx"])
    )
    book = read_xlsx(response)
    assert book.sheetnames == [
        "Inspections",
        "Judgments",
        "Overdue actions",
        "Actions at risk",
        "Progress by month",
    ]
    rows = sheet_rows(book["Inspections"])
    assert rows[0] == ["Report", "Force report: Cambridgeshire Constabulary"]
    header = rows.index(["Inspections"]) + 1
    columns = rows[header]
    by_cycle = {r[0]: dict(zip(columns, r, strict=True)) for r in rows[header + 1 :]}
    figures = by_cycle["PEEL 2018/19 (integrated assessment)"]
    assert figures["Findings"] == 6
    assert figures["Findings open"] == 4
    assert figures["Actions"] == 8
    assert figures["Verified (%)"] == 14
    assert (figures["Overdue"], figures["Due in 30 days"], figures["At risk"]) == (1, 2, 2)
    overdue = sheet_rows(book["Overdue actions"])
    header = overdue.index(["Overdue actions"]) + 1
    assert [(r[2], r[7]) for r in overdue[header + 1 :]] == [
        (known_now.actions["A2"].title, 5),
        (known_now.actions["B1"].title, 1),
    ]


def test_the_inspection_report_export_lists_findings_with_their_actions(
    client, force_manager, known_now
):
    url = reverse("reports:inspection_export", args=[known_now.cambs_2018.pk, "csv"])
    rows = read_csv(download(client, force_manager, url))
    header = rows.index(["Findings and actions"]) + 1
    data = rows[header + 1 :]
    data = data[: data.index([])] if [] in data else data
    # Eight actions, plus one row each for the commended practice and the closed AFI.
    assert len(data) == 10
    assert data[0][0] == "1"
    assert data[0][5] == known_now.actions["A2"].title


def test_the_national_export_names_the_cycle_and_holds_the_forces(
    client, national_manager, known_now
):
    url = reverse("reports:national_export", args=["csv"])
    rows = read_csv(
        download(client, national_manager, url, cycle="peel-2018-19", force="cambridgeshire")
    )
    assert ["Filter: Cycle", "PEEL 2018/19 (integrated assessment)"] in rows
    assert ["Filter: Compared force", "Cambridgeshire Constabulary"] in rows
    cambs = next(r for r in rows if r[:2] == ["Cambridgeshire Constabulary", "Yes"])
    assert cambs[2:] == ["4", "8", "1", "14"]
    assert ["Group of 3 (2018/19)", "", "2", "22"] in rows


# --- Formula injection -----------------------------------------------------------------

DANGEROUS = ["=1+2", "+SUM(A1)", "-3+4", "@cmd", "\tTabbed", "\rReturned"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_cells_that_could_run_as_formulas_are_escaped(value):
    assert escape_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Plain text", "", 42, -3, None, "a=b"])
def test_other_cells_are_left_alone(value):
    assert escape_cell(value) == value


@pytest.fixture
def dangerous_actions(known_now, owner):
    finding = FindingFactory(inspection=known_now.cambs_2018, text='=HYPERLINK("http://x")')
    return [ActionFactory(finding=finding, owner=owner, title=title) for title in DANGEROUS]


def test_the_csv_export_escapes_formulas(client, force_manager, dangerous_actions):
    rows = read_csv(
        download(client, force_manager, reverse("reports:actions_export", args=["csv"]), q="=")
    )
    # The search term itself starts with "=": it is escaped where the file names it.
    assert ["Filter: Search", "'="] in rows
    titles = {r[6] for r in rows if len(r) > 6}
    assert {"'" + v for v in DANGEROUS if "=" in v} <= titles
    assert '\'=HYPERLINK("http://x")' in {r[5] for r in rows if len(r) > 6}


def test_the_xlsx_export_escapes_formulas(client, force_manager, dangerous_actions):
    response = download(client, force_manager, reverse("reports:actions_export", args=["xlsx"]))
    sheet = read_xlsx(response).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.value for c in cells if c.data_type == "f"]
    # XML reads a carriage return back as a line feed; the apostrophe is there either way.
    values = {c.value.replace("\r", "\n") for c in cells if isinstance(c.value, str)}
    assert {"'" + v.replace("\r", "\n") for v in DANGEROUS} <= values


# --- Queries: a fixed number whatever the data size, like the pages ------------------------

ACTION_EXPORT_QUERIES = SESSION + 1
# the actions the user may see, filtered, with their finding, inspection, force, cycle,
# question, pillar and owner joined in (one query).
FORCE_EXPORT_QUERIES = SESSION + 9
# as the force report page: the force (scoped), its inspections, findings by kind, actions
# by status per inspection (the force's totals are their sum), the judgments, every overdue
# action, every at-risk action, actions opened per month, submissions and verifications per
# month.
INSPECTION_EXPORT_QUERIES = SESSION + 4
# the inspection (scoped), its findings, their actions, the judgments.
NATIONAL_EXPORT_QUERIES = SESSION + 7
# cycles with an inspection, the cycle's questions, the judgments, the forces with their
# figures, the most similar group, its members, the group's combined figures.


def body(response) -> bytes:
    """The whole file, read inside the query count (a streamed file queries as it goes)."""
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("extra", [0, 3])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("params", [{}, {"status": "in_progress", "overdue": "on"}])
def test_the_action_export_takes_a_fixed_number_of_queries(
    client, force_manager, known_now, lancs, owner, extra, fmt, params, django_assert_num_queries
):
    grow(known_now, lancs, owner, extra)
    client.force_login(force_manager)
    with django_assert_num_queries(ACTION_EXPORT_QUERIES):
        response = client.get(reverse("reports:actions_export", args=[fmt]), params)
        assert body(response)
    assert response.status_code == 200


@pytest.mark.parametrize("extra", [0, 3])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_force_report_export_takes_a_fixed_number_of_queries(
    client, force_manager, known_now, lancs, owner, extra, fmt, django_assert_num_queries
):
    grow(known_now, lancs, owner, extra)
    client.force_login(force_manager)
    with django_assert_num_queries(FORCE_EXPORT_QUERIES):
        response = client.get(reverse("reports:force_export", args=["cambridgeshire", fmt]))
        assert body(response)
    assert response.status_code == 200


@pytest.mark.parametrize("extra", [0, 3])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_inspection_report_export_takes_a_fixed_number_of_queries(
    client, force_manager, known_now, lancs, owner, extra, fmt, django_assert_num_queries
):
    grow(known_now, lancs, owner, extra)
    client.force_login(force_manager)
    url = reverse("reports:inspection_export", args=[known_now.cambs_2018.pk, fmt])
    with django_assert_num_queries(INSPECTION_EXPORT_QUERIES):
        response = client.get(url)
        assert body(response)
    assert response.status_code == 200


@pytest.mark.parametrize("extra", [0, 3])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_national_export_takes_a_fixed_number_of_queries(
    client, national_manager, known_now, lancs, owner, extra, fmt, django_assert_num_queries
):
    grow(known_now, lancs, owner, extra)
    client.force_login(national_manager)
    url = reverse("reports:national_export", args=[fmt])
    with django_assert_num_queries(NATIONAL_EXPORT_QUERIES):
        response = client.get(url, {"force": "cambridgeshire"})
        assert body(response)
    assert response.status_code == 200


def test_a_csv_row_is_written_as_each_of_its_cells_would_be():
    """The inlined row conversion gives what the cell-by-cell one gives, for every kind
    of cell an export holds."""
    at = datetime.datetime(2025, 6, 1, 23, 30, tzinfo=datetime.UTC)
    row = ["=SUM(A1)", "-1", "plain", "", None, 7, datetime.date(2025, 6, 1), at, 1.5, True]
    zone = timezone.get_current_timezone()

    def written(cells) -> str:
        out = io.StringIO()
        csv.writer(out).writerow(cells)
        return out.getvalue()

    assert written(_csv_row(row, zone)) == written([_csv_value(value, zone) for value in row])
    assert written(_csv_row(row, zone)) == (
        "'=SUM(A1),'-1,plain,,,7,2025-06-01,2025-06-02 00:30,1.5,True\r\n"
    )
