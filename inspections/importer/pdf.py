"""A published report's PDF as report text.

pypdf gives each piece of text with its position, size and font. From those we rebuild
what the reader needs:

- lines (pieces on one baseline), with a tab where a wide gap separates table cells;
- running headers, footers and page numbers dropped: lines at the top or bottom of a page
  that recur (digits aside) on many pages, or hold only a page number;
- headings told by a larger size than the body text (levels by size), and a line set
  wholly in bold kept as a bold line;
- paragraphs rebuilt from lines wrapped at the page width (joined when the gap to the
  next line is a line's spacing), words hyphenated across lines joined, list items kept
  apart, and a paragraph carried over a page break joined again.
"""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter
from dataclasses import dataclass

from inspections.importer.models import ReportParseError

_BULLET = re.compile(r"^\s*(?:[•▪●◦‣∙·]|[-–*]\s|\d{1,2}[.)]\s|\(?[a-z]\)\s)")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$|^[ivxlc]{1,6}$", re.I)
_DIGITS = re.compile(r"\d+")
_TERMINAL = (".", ":", ";", "!", "?")
_MAX_PAGES = 2000
_EDGE = 2
#: Between two tables, so that their rows are not read as one table.
TABLE_BREAK = "\x01"


@dataclass
class _Piece:
    x: float
    y: float
    size: float
    bold: bool
    text: str


@dataclass
class _Line:
    page: int
    x: float
    y: float
    size: float
    bold: bool
    text: str
    is_row: bool = False


def _pieces(page) -> list[_Piece]:
    found: list[_Piece] = []

    def visit(text, cm, tm, font_dict, font_size) -> None:
        if not text or not text.strip():
            return
        scale_y = abs(tm[3] * cm[3]) or abs(tm[2] * cm[1]) or 1.0
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        name = str((font_dict or {}).get("/BaseFont", ""))
        bold = bool(re.search(r"bold|black|heavy", name, re.I))
        found.append(_Piece(x, y, round(font_size * scale_y, 1), bold, text.replace("\n", " ")))

    page.extract_text(visitor_text=visit)
    return found


def _lines(number: int, pieces: list[_Piece]) -> list[_Line]:
    """Pieces on one baseline make a line; a wide gap between pieces is a table cell."""
    rows: list[list[_Piece]] = []
    for piece in sorted(pieces, key=lambda p: (-p.y, p.x)):
        if rows and abs(rows[-1][0].y - piece.y) <= max(1.0, piece.size * 0.3):
            rows[-1].append(piece)
        else:
            rows.append([piece])
    lines: list[_Line] = []
    for row in rows:
        row.sort(key=lambda p: p.x)
        text, is_row, end = "", False, None
        mixed = len({p.bold for p in row if p.text.strip()}) > 1
        for piece in row:
            if mixed and piece.bold:
                piece = _Piece(piece.x, piece.y, piece.size, True, f"**{piece.text.strip()}**")
            width = len(piece.text) * piece.size * 0.5
            if end is not None and piece.x - end > piece.size * 2.5:
                text, is_row = f"{text.rstrip()}\t{piece.text.lstrip()}", True
            elif end is not None and text and not text.endswith(" ") and piece.x - end > 0.5:
                text += piece.text if piece.text.startswith(" ") else f" {piece.text}"
            else:
                text += piece.text
            end = piece.x + width
        text = re.sub(r"[ \u00a0]+", " ", text).strip()
        if text:
            size = max(p.size for p in row)
            bold = all(p.bold for p in row if p.text.strip())
            lines.append(_Line(number, row[0].x, row[0].y, size, bold, text, is_row))
    if lines:
        # A table row whose first cell is empty starts well right of the margin.
        margin = min(line.x for line in lines)
        for line in lines:
            if line.is_row and line.x - margin > 60:
                line.text = f"\t{line.text}"
        # A group row (a bold label, no values) heads the table rows just below it.
        for line, below in itertools.pairwise(lines):
            if (
                not line.is_row
                and below.is_row
                and line.text.startswith("**")
                and line.y - below.y <= line.size * 2.2
            ):
                line.is_row = True
                line.text += "\t"
    return lines


def _furniture_keys(lines: list[_Line]) -> set[tuple[str, int]]:
    """Keys of the lines at a page's top and bottom edges that may be running furniture:
    the outermost line with its digits folded (a page number changes), the next one in
    as printed."""
    keys: set[tuple[str, int]] = set()
    for position, line in _edges(lines):
        text = line.text.casefold()
        keys.add((_DIGITS.sub("#", text) if position == 0 else text, round(line.y)))
    return keys


def _edges(lines: list[_Line]) -> list[tuple[int, _Line]]:
    """(distance from the edge, line) for the two lines at each edge of a page."""
    found: dict[int, tuple[int, _Line]] = {}
    for position in range(min(_EDGE, len(lines))):
        for line in (lines[position], lines[-1 - position]):
            found.setdefault(id(line), (position, line))
    return list(found.values())


def _drop_furniture(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Leave out running headers and footers and page numbers."""
    seen: Counter[tuple[str, int]] = Counter()
    for lines in pages:
        seen.update(_furniture_keys(lines))
    recurring = {key for key, count in seen.items() if len(pages) >= 3 and count >= len(pages) / 2}
    kept: list[list[_Line]] = []
    for lines in pages:
        dropped: set[int] = set()
        for position, line in _edges(lines):
            text = line.text.casefold()
            key = (_DIGITS.sub("#", text) if position == 0 else text, round(line.y))
            if _PAGE_NUMBER.match(line.text) or key in recurring:
                dropped.add(id(line))
        kept.append([line for line in lines if id(line) not in dropped])
    return kept


def _join(previous: str, following: str, vocabulary: set[str]) -> str:
    """Join a wrapped line; a word hyphenated at the line end is one word again.

    "anti-" / "social" stays hyphenated when the report spells "anti-social" elsewhere;
    otherwise the hyphen was the typesetter's and goes.
    """
    match = re.search(r"(\w+)-$", previous)
    if match and following[:1].islower():
        head = match.group(1)
        tail = re.match(r"\w+", following)
        compound = f"{head}-{tail.group()}".casefold() if tail else ""
        if compound in vocabulary:
            return previous + following
        return previous[:-1] + following
    return f"{previous} {following}"


def _blocks(pages: list[list[_Line]]) -> list[str]:
    body = Counter()
    for lines in pages:
        for line in lines:
            body[line.size] += len(line.text)
    body_size = body.most_common(1)[0][0] if body else 10.0
    heading_sizes = sorted(
        {line.size for ls in pages for line in ls if line.size > body_size * 1.15}
    )
    levels = {size: min(6, index + 1) for index, size in enumerate(reversed(heading_sizes))}
    vocabulary = {
        word.casefold()
        for lines in pages
        for line in lines
        for word in re.findall(r"\b\w+-\w+\b", line.text)
    }
    lengths = sorted(len(line.text) for ls in pages for line in ls if line.size == body_size)
    full_width = lengths[int(len(lengths) * 0.9)] if lengths else 80
    out: list[str] = []
    current: dict | None = None

    def close() -> None:
        nonlocal current
        if current is not None:
            prefix = {"bullet": "- ", "para": ""}.get(current["kind"], "")
            text = current["text"]
            if current["kind"] == "para" and current["bold"] and len(text) <= 150:
                text = f"**{text}**"
            out.append(prefix + text)
        current = None

    for lines in pages:
        previous: _Line | None = None
        for line in lines:
            if line.size in levels:
                close()
                out.append(f"{'#' * levels[line.size]} {line.text}")
                previous = None
                continue
            if line.is_row:
                close()
                apart = previous is None or previous.y - line.y > line.size * 2.2
                if apart:
                    out.append(TABLE_BREAK)
                out.append(f"\x00{line.text}")
                previous = line
                continue
            gap = (previous.y - line.y) if previous is not None else None
            spaced = gap is None or gap > line.size * 1.6 or gap < 0
            if previous is None and current is not None and current["page"] != line.page:
                # Only a line that ran to the page width can go on over the page.
                wrapped = current["last"] >= full_width * 0.75
                ends = current["text"].endswith(_TERMINAL)
                carried = wrapped and (not ends or line.text[:1].islower())
                spaced = not carried or bool(_BULLET.match(line.text))
            if _BULLET.match(line.text):
                close()
                text = _BULLET.sub("", line.text, count=1).strip()
                current = {"kind": "bullet", "text": text, "bold": False, "x": line.x}
            elif (
                current is not None
                and not spaced
                and not (current["kind"] == "bullet" and line.x < current["x"] - 1)
            ):
                current["text"] = _join(current["text"], line.text, vocabulary)
                current["bold"] = current["bold"] and line.bold
            else:
                close()
                current = {"kind": "para", "text": line.text, "bold": line.bold, "x": line.x}
            current["page"] = line.page
            current["last"] = len(line.text)
            previous = line
    close()
    return out


def pdf_to_text(data: bytes) -> tuple[str, list[str]]:
    """The report text of a PDF, and warnings about what could not be read."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - pypdf is a declared dependency
        raise ReportParseError("PDF reports cannot be read here: pypdf is missing.") from None
    warnings: list[str] = []
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReportParseError("The PDF is password-protected; import an unprotected copy.")
        pages: list[list[_Line]] = []
        for number, page in enumerate(reader.pages, start=1):
            if number > _MAX_PAGES:
                warnings.append(f"Only the first {_MAX_PAGES} pages of the PDF were read.")
                break
            pages.append(_lines(number, _pieces(page)))
    except ReportParseError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        raise ReportParseError(f"The PDF cannot be read ({type(error).__name__}).") from None
    except RecursionError:
        raise ReportParseError("The PDF cannot be read (its structure loops).") from None
    if not any(pages):
        raise ReportParseError(
            "The PDF holds no text (it may be scanned images): import its text or web page."
        )
    return join_blocks(_blocks(_drop_furniture(pages))), warnings


def join_blocks(blocks: list[str]) -> str:
    """Blocks as text, a blank line apart; rows of one table (marked ``\\x00``) stay together."""
    out = ""
    previous_row = False
    for block in blocks:
        if block == TABLE_BREAK:
            previous_row = False
            continue
        is_row = block.startswith("\x00")
        if out:
            out += "\n" if is_row and previous_row else "\n\n"
        out += block.removeprefix("\x00")
        previous_row = is_row
    return out + "\n"
