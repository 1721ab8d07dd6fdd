"""What users hold (a PDF, an HMICFRS web page, text copied out of either) as report text.

The form is told from the content, never from the file name: a PDF starts ``%PDF-``, an
HTML page has an HTML root or is mostly block markup, anything else is text. Text is
UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order mark; anything else
is refused with a message that says what to do. Size limits are checked on the byte
count, before anything is decoded or parsed.

Pure Python, no Django: callers pass the limits (the loader reads them from settings).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Literal

from inspections.importer.models import ReportParseError

SourceForm = Literal["pdf", "html", "text"]

#: Defaults; the project's settings (``IMPORT_MAX_PDF_BYTES``, ``IMPORT_MAX_TEXT_BYTES``)
#: override them.
MAX_PDF_BYTES = 20 * 1024 * 1024
MAX_TEXT_BYTES = 5 * 1024 * 1024

_PDF_MAGIC = b"%PDF-"
_HTML_ROOT = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
_BLOCK_TAG = re.compile(r"</?(?:p|h[1-6]|li|ul|ol|div|table|tr|td|th|section|article)\b", re.I)


@dataclass(frozen=True)
class SourceText:
    """The report as text the parser reads, the form it came in, and what was noticed."""

    text: str
    form: SourceForm
    warnings: list[str] = field(default_factory=list)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def looks_like_pdf(head: bytes) -> bool:
    """PDF files start with ``%PDF-`` (some writers put a few bytes before it)."""
    return _PDF_MAGIC in head[:1024]


def check_size(size: int, *, is_pdf: bool | None, max_pdf: int, max_text: int) -> None:
    """Refuse a file above its form's limit, before it is read (``is_pdf`` None: the form
    is not known yet, so above both limits)."""
    if is_pdf is None:
        if size > max(max_pdf, max_text):
            raise ReportParseError(
                f"The file is {_megabytes(size)}, more than any report allowed ("
                f"{_megabytes(max_pdf)} for a PDF, {_megabytes(max_text)} for text or HTML)."
            )
        return
    limit = max_pdf if is_pdf else max_text
    if size > limit:
        kind = "PDF" if is_pdf else "text or HTML"
        raise ReportParseError(
            f"The file is {_megabytes(size)}, more than the {_megabytes(limit)} allowed for a "
            f"{kind} report. Import the report itself, not a bundle of files."
        )


def decode_text(data: bytes) -> str:
    """Text from UTF-8 (BOM optional) or UTF-16 with a BOM; anything else is refused."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise ReportParseError(
            "The file is UTF-32 text, which is not accepted: save it as UTF-8 (or UTF-16)."
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ReportParseError(
                "The file starts like UTF-16 text but is not valid UTF-16: save it again as UTF-8."
            ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReportParseError(
            f"The file is not UTF-8 text (byte {error.start + 1} cannot be read). Import "
            "the report's PDF or web page, or save its text as UTF-8 (or UTF-16 with a "
            "byte-order mark)."
        ) from None
    if "\x00" in text[:4096]:
        raise ReportParseError(
            "The file looks like UTF-16 text without a byte-order mark, which cannot be told "
            "apart reliably: save it as UTF-8."
        )
    return text


def looks_like_html(text: str) -> bool:
    """An HTML page: an HTML root element, or text that opens with block markup."""
    head = text[:20_000]
    if _HTML_ROOT.search(head):
        return True
    return head.lstrip().startswith("<") and len(_BLOCK_TAG.findall(head)) >= 4


def read_source(
    data: bytes, *, max_pdf: int = MAX_PDF_BYTES, max_text: int = MAX_TEXT_BYTES
) -> SourceText:
    """The report text of a file's bytes, whatever form it came in."""
    is_pdf = looks_like_pdf(data)
    check_size(len(data), is_pdf=is_pdf, max_pdf=max_pdf, max_text=max_text)
    if is_pdf:
        from inspections.importer.pdf import pdf_to_text

        text, warnings = pdf_to_text(data)
        return SourceText(text, "pdf", warnings)
    text = decode_text(data)
    if looks_like_html(text):
        from inspections.importer.html import html_to_text

        return SourceText(html_to_text(text), "html", [])
    return SourceText(text, "text", [])
