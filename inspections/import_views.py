"""What the admin's import pages need beside the view: reading an upload within the size
limits, and the preview's rows in words (choice labels, "February 2020")."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile

from inspections.importer.loader import ImportResult, ReportImportError, limits, read_source_bytes
from inspections.importer.models import ReportParseError
from inspections.importer.sources import SourceText, check_size, looks_like_pdf
from inspections.models import FindingKind


def read_upload(upload: UploadedFile) -> SourceText:
    """The report text of an upload; the size is checked before the file is read."""
    max_pdf, max_text = limits()
    try:
        check_size(upload.size or 0, is_pdf=None, max_pdf=max_pdf, max_text=max_text)
        upload.seek(0)
        head = upload.read(1024)
        check_size(
            upload.size or 0, is_pdf=looks_like_pdf(head), max_pdf=max_pdf, max_text=max_text
        )
    except ReportParseError as error:
        raise ReportImportError(f"{error} Nothing was saved.") from None
    upload.seek(0)
    return read_source_bytes(upload.read())


def month_label(published: str | None) -> str:
    """ "2020-02" as "February 2020"."""
    if not published:
        return ""
    year, month = (int(part) for part in published.split("-")[:2])
    return datetime.date(year, month, 1).strftime("%B %Y")


def kind_label(kind: str) -> str:
    return FindingKind(kind).label if kind in FindingKind.values else kind


def preview_context(preview: ImportResult) -> dict[str, Any]:
    report = preview.report
    return {
        "preview": preview,
        "report": report,
        "published_label": month_label(report.published),
        "finding_rows": [(kind_label(f.kind), f) for f in report.findings],
        "earlier_rows": [(kind_label(item.kind), item) for item in report.earlier_items],
        "plan": preview.plan,
    }
