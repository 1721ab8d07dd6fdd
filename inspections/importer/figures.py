"""The "Force in context" figures: the force's value beside a comparator's.

Two layouts survive PDF extraction:

- tab-separated tables whose header row names the columns ("<tab>Cambridgeshire rate
  <tab>England and Wales rate"), rows whose label is bold and followed by the period
  ("<b>999 calls per 1,000 population</b> 12 months ending 31 March 2019<tab>155<tab>175"),
  and group rows with no values whose label heads the rows below;
- "stacked" infographics, where each piece is its own paragraph: column names
  ("Cambridgeshire rate", "England and Wales rate"), a bold label, then one or two values.

Tables that do not compare the force with something (a workforce table with three year
columns) are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from inspections.importer.judgments import Layout
from inspections.importer.metadata import force_core
from inspections.importer.models import ParsedFigure
from inspections.importer.text import Block, clean_inline, normalise

_VALUE = re.compile(r"^[£$€]?\s?-?\d[\d,]*(?:\.\d+)?\s?%?$")
_PERIOD = re.compile(
    r"^(?:(?:the\s+)?12 months (?:ending|to)\b.*|as (?:of|at)\b.*|in post on\b.*|year ending\b.*"
    r"|\d{4}/\d{2}(?: projection)?|\d{4}/\d{2} to \d{4}/\d{2})$",
    re.I,
)
_COLUMN_WORDS = re.compile(
    r"\s+(?:rate|rates|proportion|spend|average|percentage|figure|value|disproportionality)$",
    re.I,
)
_BOLD_LEAD = re.compile(r"^\s*(?:<b>|\*\*)(?P<label>.+?)(?:</b>|\*\*)(?P<rest>.*)$", re.I)


@dataclass
class _Columns:
    """What the value columns of the current table or infographic hold."""

    comparator: str | None


def _comparator_name(header: str) -> str:
    name = _COLUMN_WORDS.sub("", clean_inline(header)).strip()
    folded = normalise(name)
    if folded.startswith("most similar"):
        return "Most similar forces"
    if folded == "england and wales":
        return "England and Wales"
    return name


def _is_value(text: str) -> bool:
    return bool(_VALUE.match(text.strip()))


def _split_label(raw_label: str) -> tuple[str, str | None]:
    """("999 calls per 1,000 population", "12 months ending 31 March 2019") from a row label."""
    if match := _BOLD_LEAD.match(raw_label):
        label, rest = clean_inline(match.group("label")), clean_inline(match.group("rest"))
        if not rest:
            return label, None
        if _PERIOD.match(rest):
            return label, rest
        return f"{label} {rest}", None
    return clean_inline(raw_label), None


class FiguresReader:
    """Collects figures from every "Force in context" section."""

    def __init__(self, blocks: Sequence[Block], layout: Layout, force_name: str | None) -> None:
        self.blocks = blocks
        self.layout = layout
        self.force_word = force_core(force_name) if force_name else None
        self.figures: list[ParsedFigure] = []
        self._reset(heading=None)

    def read(self) -> list[ParsedFigure]:
        scope_level: int | None = None
        for index, block in enumerate(self.blocks):
            if block.kind == "heading":
                self._flush_stacked()
                if normalise(block.text) == "force in context":
                    scope_level = block.level
                    self._reset(heading=None)
                    continue
                if scope_level is not None and block.level <= scope_level:
                    scope_level = None
                elif scope_level is not None:
                    self._reset(heading=block.text)
                    continue
            if scope_level is not None:
                self._read_block(index, block)
        self._flush_stacked()
        return self.figures

    def _reset(self, heading: str | None) -> None:
        self._heading = heading
        self._chunk = 0
        self._period: str | None = None
        self._columns: _Columns | None = None
        self._group: tuple[str, str | None] | None = None
        self._stacked_label: str | None = None
        self._stacked_section: str | None = None
        self._stacked_values: list[str] = []
        self._awaiting_comparator = False
        self._rows_read = False

    def _read_block(self, index: int, block: Block) -> None:
        if block.kind == "row":
            self._flush_stacked()
            if block.gap_before or self._chunk == 0:
                self._chunk += 1
                self._group = None
            self._read_row(index, block)
        elif block.kind == "para":
            self._read_paragraph(index, block)

    def _section(self, index: int) -> str | None:
        return self.layout.pillars[index]

    def _chunk_group(self) -> str | None:
        """A sub-heading names the first table under it, not the later ones."""
        return self._heading if self._chunk <= 1 else None

    # -- tables -------------------------------------------------------------------------

    def _read_row(self, index: int, block: Block) -> None:
        cells = list(block.cells)
        if not cells[0].strip() and cells[1:] and not any(_is_value(c) for c in cells[1:] if c):
            if self._rows_read:
                # A header after rows of values starts another table (no blank line
                # between them in text copied from a web page).
                self._chunk += 1
                self._group = None
            self._columns = self._header_columns([c for c in cells[1:] if c.strip()])
            self._rows_read = False
            return
        if cells[0].strip() and any(cell.strip() for cell in cells[1:]):
            self._rows_read = True
        if self._columns is None or not cells[0].strip():
            return
        label, period = _split_label(block.raw_cells[0])
        values = [cell.strip() for cell in cells[1:]]
        if not any(values):
            self._group = (label, period)
            self._rows_read = False
            return
        group_label, group_period = self._group or (self._chunk_group(), None)
        self.figures.append(
            ParsedFigure(
                section=self._section(index),
                label=label,
                period=period or group_period or self._period,
                force_value=values[0],
                comparator=self._columns.comparator,
                comparator_value=(values[1] or None) if len(values) > 1 else None,
                group=group_label,
            )
        )

    def _header_columns(self, headers: list[str]) -> _Columns | None:
        """A comparison header: the force's column, then its comparator's."""
        if len(headers) != 2 or not self._names_force(headers[0]):
            return None
        return _Columns(comparator=_comparator_name(headers[1]))

    def _names_force(self, header: str) -> bool:
        return self.force_word is None or normalise(header).startswith(self.force_word)

    # -- stacked infographics -----------------------------------------------------------

    def _read_paragraph(self, index: int, block: Block) -> None:
        text = block.text
        if _PERIOD.match(text):
            self._flush_stacked()
            self._period = text
        elif _is_value(text) and self._stacked_label is not None:
            self._stacked_values.append(text)
        elif block.emphasised:
            self._flush_stacked()
            self._stacked_label, self._stacked_section = text, self._section(index)
        elif self._names_force(text) and len(text.split()) <= 4:
            self._flush_stacked()
            self._columns = _Columns(comparator=None)
            self._awaiting_comparator = True
        elif self._awaiting_comparator and self._columns and _COLUMN_WORDS.search(text):
            self._columns.comparator = _comparator_name(text)
            self._awaiting_comparator = False

    def _flush_stacked(self) -> None:
        label, values = self._stacked_label, self._stacked_values
        self._stacked_label, self._stacked_values = None, []
        if label is None or not values:
            return
        comparator = self._columns.comparator if self._columns else None
        self.figures.append(
            ParsedFigure(
                section=self._stacked_section,
                label=label,
                period=self._period,
                force_value=values[0],
                comparator=comparator,
                comparator_value=values[1] if comparator and len(values) > 1 else None,
                group=self._heading,
            )
        )
