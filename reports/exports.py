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
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from reports import xlsx

FORMATS = ("csv", "xlsx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_FIRST = frozenset(FORMULA_STARTS)
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
    #: Column widths in characters when `rows` is streamed (a list is measured instead).
    widths: Sequence[int] = ()


def escape_cell(value):
    """Neutralise text a spreadsheet would treat as a formula; leave other values alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_value(value, zone=None):
    kind = type(value)
    if kind is str:
        return "'" + value if value[:1] in FORMULA_FIRST else value
    if value is None:
        return ""
    if kind is int:
        return value
    if kind is datetime.datetime:
        return _local_minutes(value, zone)
    if kind is datetime.date:
        return value.isoformat()
    return escape_cell(value)


def _local_minutes(value: datetime.datetime, zone) -> str:
    local = value.astimezone(zone or timezone.get_current_timezone())
    return local.replace(tzinfo=None).isoformat(" ", "minutes")


def _csv_row(row: Sequence, zone) -> list:
    """`_csv_value` of each cell, inlined for the common cells: a national export has
    a quarter of a million. (The csv module writes None as an empty cell, and a date as
    its ISO form, as `_csv_value` does.)"""
    return [
        ("'" + value if value[:1] in FORMULA_FIRST else value)
        if (kind := type(value)) is str
        else value
        if kind is int or value is None or kind is datetime.date
        else _csv_value(value, zone)
        for value in row
    ]


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


class _Line:
    """A file-like object that hands back what csv.writer writes, for streaming."""

    def write(self, value: str) -> str:
        return value


#: Stream the CSV in pieces of about this many characters, not one per row.
CSV_PIECE = 64 * 1024


def csv_pieces(
    report: str, filters: Sequence[tuple[str, str]], tables: Sequence[Table], generated
) -> Iterator[bytes]:
    """The CSV file as a stream of byte pieces: rows are written as they are read, so a
    national export never sits in memory whole."""
    writer = csv.writer(_Line())
    # A byte-order mark so that spreadsheet programs read the file as UTF-8.
    lines: list[str] = ["\ufeff"]
    size = 0

    def rows() -> Iterator[Sequence]:
        yield from preamble(report, filters, generated)
        for table in tables:
            yield []
            yield [table.title]
            yield table.headers
            yield from table.rows

    zone = timezone.get_current_timezone()
    for row in rows():
        line = writer.writerow(_csv_row(row, zone))
        lines.append(line)
        size += len(line)
        if size >= CSV_PIECE:
            yield "".join(lines).encode("utf-8")
            lines, size = [], 0
    yield "".join(lines).encode("utf-8")


def _sheet_title(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:28] or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        name = f"{base[:25]} {n}"
        n += 1
    used.add(name.lower())
    return name


#: Column widths (in characters) stay within these bounds.
MIN_WIDTH, MAX_WIDTH = 8, 60


def column_widths(table: Table) -> list[int]:
    """Widths sized to the content: from every row when the table is a list (report tables
    are short), else from the widths the table declares (its fields' known sizes) or its
    headers, so a streamed export is never read twice."""
    widths = [len(str(h)) + 2 for h in table.headers]
    if table.widths:
        widths = [max(w, hint) for w, hint in zip(widths, table.widths, strict=False)]
    if isinstance(table.rows, list | tuple):
        for row in table.rows:
            for index, value in enumerate(row[: len(widths)]):
                widths[index] = max(widths[index], len(str(_csv_value(value))) + 1)
    return [min(max(w, MIN_WIDTH), MAX_WIDTH) for w in widths]


def _xlsx_value(value, zone):
    """A value for the XLSX writer: text escaped, date-times in local time."""
    kind = type(value)
    if kind is str:
        return "'" + value if value[:1] in FORMULA_FIRST else value
    if kind is datetime.datetime:
        return value.astimezone(zone).replace(tzinfo=None)
    return value


def write_xlsx_file(
    report: str, filters: Sequence[tuple[str, str]], tables: Sequence[Table], generated
) -> IO[bytes]:
    """The workbook in a temporary file, written row by row (reports/xlsx.py). Each sheet's
    header row is frozen and has an autofilter, and its columns are sized to their content."""
    zone = timezone.get_current_timezone()
    used: set[str] = set()
    head = preamble(report, filters, generated)

    def rows(table: Table):
        for row in head:
            yield [_xlsx_value(v, zone) for v in row]
        yield []
        yield [escape_cell(table.title)]
        yield [escape_cell(h) for h in table.headers]
        for row in table.rows:
            yield [_xlsx_value(v, zone) for v in row]

    sheets = [
        xlsx.Sheet(
            title=_sheet_title(table.title, used),
            rows=rows(table),
            widths=column_widths(table),
            header_row=len(head) + 3,  # the preamble, a blank row, the title, the headers
            columns=len(table.headers),
        )
        for table in tables
    ] or [xlsx.Sheet("Report", ([_xlsx_value(v, zone) for v in row] for row in head))]
    file = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    xlsx.write_workbook(file, sheets)
    file.seek(0)
    return file


def export_response(
    fmt: str,
    *,
    stem: str,
    report: str,
    filters: Sequence[tuple[str, str]],
    tables: Sequence[Table],
) -> StreamingHttpResponse | FileResponse:
    """The file as a download: `fmt` is "csv" or "xlsx" (the URL allows nothing else).

    CSV is streamed as its rows are read; XLSX is written to a temporary file and streamed
    from it. Either way memory stays bounded however many rows there are."""
    generated = timezone.now()
    filename = safe_filename(stem, fmt, generated)
    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_pieces(report, filters, tables, generated), content_type=CONTENT_TYPES[fmt]
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    else:
        response = FileResponse(
            write_xlsx_file(report, filters, tables, generated),
            as_attachment=True,
            filename=filename,
            content_type=CONTENT_TYPES[fmt],
        )
    response["Cache-Control"] = "private, no-store"
    return response
