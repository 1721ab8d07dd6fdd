"""CSV and XLSX files of report tables and action lists.

Every file opens with rows that name the report, the date it was made and the filters
applied, so a printed or forwarded spreadsheet says what it shows. Every text cell that a
spreadsheet could read as a formula (starting with =, +, -, @, a tab or a carriage
return) is escaped with a leading apostrophe, in both formats (OWASP's advice on CSV
injection): a finding's text or a search term can never run in someone's spreadsheet.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMATS = ("csv", "xlsx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class Table:
    """A titled table of plain values (text, numbers, dates, None) for a file."""

    title: str
    headers: list[str]
    rows: Iterable[Sequence] = field(default_factory=list)


def escape_cell(value):
    """Neutralise text a spreadsheet would treat as a formula; leave other values alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return escape_cell(value)


def _xlsx_cell(sheet, value):
    """A cell for a write-only sheet: dates shown as dates, text escaped."""
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(sheet, timezone.localtime(value).replace(tzinfo=None))
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return escape_cell(value)


def preamble(
    report: str, filters: Sequence[tuple[str, str]], generated: datetime.datetime
) -> list[list]:
    rows: list[list] = [
        ["Report", report],
        ["Generated", timezone.localtime(generated).strftime("%Y-%m-%d %H:%M")],
    ]
    if filters:
        rows += [[f"Filter: {label}", value] for label, value in filters]
    else:
        rows.append(["Filters", "None: everything you may see"])
    return rows


def safe_filename(stem: str, fmt: str, generated: datetime.datetime) -> str:
    stem = re.sub(r"[^a-z0-9-]+", "-", stem.lower()).strip("-") or "report"
    return f"{stem}-{timezone.localdate(generated).isoformat()}.{fmt}"


def write_csv(
    report: str, filters: Sequence[tuple[str, str]], tables: Sequence[Table], generated
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in preamble(report, filters, generated):
        writer.writerow([_csv_value(v) for v in row])
    for table in tables:
        writer.writerow([])
        writer.writerow([_csv_value(table.title)])
        writer.writerow([_csv_value(h) for h in table.headers])
        for row in table.rows:
            writer.writerow([_csv_value(v) for v in row])
    # A byte-order mark so that spreadsheet programs read the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _sheet_title(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:28] or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        name = f"{base[:25]} {n}"
        n += 1
    used.add(name.lower())
    return name


def write_xlsx(
    report: str, filters: Sequence[tuple[str, str]], tables: Sequence[Table], generated
) -> bytes:
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.title, used))
        for row in preamble(report, filters, generated):
            sheet.append([_xlsx_cell(sheet, v) for v in row])
        sheet.append([])
        sheet.append([_xlsx_cell(sheet, table.title)])
        sheet.append([_xlsx_cell(sheet, h) for h in table.headers])
        for row in table.rows:
            sheet.append([_xlsx_cell(sheet, v) for v in row])
    if not tables:
        sheet = workbook.create_sheet("Report")
        for row in preamble(report, filters, generated):
            sheet.append([_xlsx_cell(sheet, v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(
    fmt: str,
    *,
    stem: str,
    report: str,
    filters: Sequence[tuple[str, str]],
    tables: Sequence[Table],
) -> HttpResponse:
    """The file as a download: `fmt` is "csv" or "xlsx" (the URL allows nothing else)."""
    generated = timezone.now()
    writer = write_csv if fmt == "csv" else write_xlsx
    response = HttpResponse(
        writer(report, filters, tables, generated), content_type=CONTENT_TYPES[fmt]
    )
    filename = safe_filename(stem, fmt, generated)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
