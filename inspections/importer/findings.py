"""Findings: areas for improvement, causes of concern and their recommendations,
commended practice, and what the report says happened to earlier items.

The report is read once, in order, as a small state machine:

- a heading "Areas for improvement", "Cause(s) of concern", "Recommendations" or
  "Innovative practice" opens a block; its bullets (or "The force should ..." paragraphs)
  are the items, until a paragraph that is plainly narrative or the next heading;
- a lead-in such as "Within six months, the force should:" is joined to each bullet, so
  every recommendation reads as a whole sentence and keeps its deadline;
- a paragraph ending "This area for improvement remains:" marks the bullets after it as
  carried over from the earlier inspection it names;
- outside those blocks, prose is scanned for commended practice ("..., which is positive
  practice", "This is good practice.") and for earlier recommendations and areas for
  improvement with a stated outcome ("we are satisfied that it has addressed this").

The same wording printed twice (an area for improvement restated in the detailed
findings) is one finding.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from inspections.importer.dates import find_deadline
from inspections.importer.drafts import Draft, more_specific, tidy
from inspections.importer.earlier import EarlierReading
from inspections.importer.framework import Area, Framework
from inspections.importer.judgments import Layout
from inspections.importer.models import (
    FindingKind,
    ParsedEarlierItem,
    ParsedFinding,
)
from inspections.importer.pages import Page
from inspections.importer.practice import PracticeReading
from inspections.importer.text import Block, normalise

_HEADING_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("area_for_improvement", re.compile(r"^areas? for improvement(?: \d+)?$")),
    (
        "cause_of_concern",
        re.compile(r"^(?:accelerated )?causes? of concern(?: \d+)?(?: (?P<about>.+))?$"),
    ),
    ("recommendation", re.compile(r"^recommendations?(?: \d+)?$")),
    (
        "commended_practice",
        re.compile(r"^(?P<level>innovative|promising|positive|outstanding|notable) practices?$"),
    ),
)
_FINDING_WORDS = re.compile(r"\b(?:should|must|needs? to)\b", re.I)
_PARAGRAPH_ITEM = re.compile(
    r"^(?:to address (?:this|the) [^,]+,\s*)?"
    r"(?:the (?:force|constabulary|service)|within\b|by \d|by the end|we recommend)"
    r".*?\b(?:should|must|needs? to)\b",
    re.I,
)
_JOINABLE_LEAD_IN = re.compile(r"\b(?:should|must|need to|needs to|to|will|that)\s*:$", re.I)
_REMAINS_LEAD_IN = re.compile(
    r"\b(?:this|these|the following) (?:areas? for improvement|afis?|(?P<rec>recommendations?))"
    r"\b[^.]*?\b(?:remains?|still stands?|(?:is|are) still outstanding)\s*:$",
    re.I,
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_RECOMMENDATIONS_LEAD_IN = re.compile(r"\brecommendations?\b[^.]*:$", re.I)
_FOUND_LEAD_IN = re.compile(r"\b(?:found|said|concluded)\s*:$", re.I)
_QUOTED = re.compile(r"^[“\"‘']")


def heading_kind(title: str, fw: Framework | None = None) -> tuple[FindingKind, str | None] | None:
    """What a findings heading opens, and for practice, the word it is qualified by.

    "Cause of concern: responding to the public" opens a cause of concern only when what
    follows names a question or pillar (``fw``); ``level`` then holds that area's name.
    """
    folded = normalise(title)
    for kind, pattern in _HEADING_KINDS:
        if match := pattern.match(folded):
            groups = match.groupdict()
            if groups.get("about"):
                area = fw.find_area(groups["about"]) if fw else None
                if area is None:
                    return None
                return kind, area.name  # type: ignore[return-value]
            return kind, groups.get("level")  # type: ignore[return-value]
    return None


class FindingsReader(PracticeReading, EarlierReading):
    """Reads findings and earlier items from the blocks, in one pass."""

    def __init__(
        self,
        blocks: Sequence[Block],
        layout: Layout,
        fw: Framework,
        warnings: list[str],
        pages: dict[int, Page] | None = None,
    ) -> None:
        self.blocks = blocks
        self.layout = layout
        self.fw = fw
        self.warnings = warnings
        self.pages = pages or {}
        self._heading_area: Area | None = None
        self.drafts: list[Draft] = []
        self.earlier: list[ParsedEarlierItem] = []
        self._mode: FindingKind | None = None
        self._remains = False
        self._remains_year: str | None = None
        self._lead_in: str | None = None
        self._items = 0
        self._bulleted = False
        self._opened_by: Block | None = None
        self._open_cause: Draft | None = None
        self._parent: Draft | None = None
        self._practice: Draft | None = None
        self._practice_level: str | None = None
        self._last_earlier_year: str | None = None

    # -- walking the blocks -------------------------------------------------------------

    def read(self) -> None:
        for index, block in enumerate(self.blocks):
            title = block.heading_text()
            if title is not None and self._is_heading(index, block, title):
                self._on_heading(index, block, title)
            elif block.kind == "row":
                self._close_block()
            elif block.kind == "bullet":
                self._on_bullet(index, block)
            else:
                self._on_paragraph(index, block)
        self._close_block()

    def _is_heading(self, index: int, block: Block, title: str) -> bool:
        """Marked headings always count; an inferred one only if it opens or moves a section."""
        if block.kind == "heading" or heading_kind(title, self.fw):
            return True
        if self._mode == "commended_practice":
            return False
        return index > 0 and self.layout.areas[index] is not self.layout.areas[index - 1]

    def _on_heading(self, index: int, block: Block, title: str) -> None:
        self._close_block()
        opened = heading_kind(title, self.fw)
        area_changed = index > 0 and self.layout.areas[index] is not self.layout.areas[index - 1]
        if area_changed:
            self._open_cause = None
        if opened is None:
            return
        self._mode, level = opened
        self._opened_by = block
        self._heading_area = None
        if self._mode in ("area_for_improvement", "cause_of_concern"):
            self._open_cause = None
            if self._mode == "cause_of_concern" and level:
                self._heading_area = next((a for a in self.fw.areas if a.name == level), None)
        elif self._mode == "recommendation":
            self._parent = self._open_cause
        else:
            self._practice_level = level

    def _close_block(self) -> None:
        opened_by = self._opened_by
        if self._mode is not None and self._items == 0 and opened_by is not None:
            if self._remains:
                self.warnings.append(
                    f"Line {opened_by.line} says an earlier item remains, but no item follows."
                )
            else:
                self.warnings.append(
                    f'The heading "{opened_by.text}" (line {opened_by.line}) is followed by '
                    "no items."
                )
        self._mode = None
        self._remains = False
        self._remains_year = None
        self._lead_in = None
        self._items = 0
        self._bulleted = False
        self._opened_by = None
        self._practice = None

    def _on_bullet(self, index: int, block: Block) -> None:
        if self._mode in ("area_for_improvement", "recommendation"):
            self._bulleted = True
            self._add_item(index, block, block.text)
        elif self._mode == "cause_of_concern":
            if self._open_cause is None:
                self._start_cause(index, block)
            else:
                self._open_cause.text += f" {block.text}"
        elif self._mode == "commended_practice":
            self._add_practice_text(index, block)

    def _on_paragraph(self, index: int, block: Block) -> None:
        text = block.text
        if self._quoted_cause(index, block):
            return
        if block.cut and self._mode in ("area_for_improvement", "recommendation"):
            self._items += 1
            self._cut_short(block, self._mode.replace("_", " "))
            return
        if text.endswith(":") and (remains := _REMAINS_LEAD_IN.search(text)):
            self._close_block()
            self._open_remains(block, "recommendation" if remains.group("rec") else None)
            return
        if self._mode in ("area_for_improvement", "recommendation"):
            if text.endswith(":"):
                self._lead_in = text
                return
            if not self._bulleted and _PARAGRAPH_ITEM.match(text):
                self._add_item(index, block, text)
                return
            self._close_block()
        elif self._mode == "cause_of_concern":
            if self._open_cause is None:
                self._start_cause(index, block)
                return
            if (
                _PARAGRAPH_ITEM.match(text)
                or (text.endswith(":") and _FINDING_WORDS.search(text))
                or _RECOMMENDATIONS_LEAD_IN.search(text)
            ):
                self._mode, self._parent = "recommendation", self._open_cause
                self._on_paragraph(index, block)
                return
            self._close_block()
        elif self._mode == "commended_practice":
            self._add_practice_text(index, block)
            return
        self._read_practice_mentions(index, block)
        self._read_earlier_items(index, block)

    def _quoted_cause(self, index: int, block: Block) -> bool:
        """A letter quoting a cause of concern: "Our inspection found:" / "“...”"."""
        if index == 0 or not _QUOTED.match(block.text):
            return False
        previous = self.blocks[index - 1]
        if previous.kind != "para" or not _FOUND_LEAD_IN.search(previous.text):
            return False
        if self.pages.get(block.page) is None or self.pages[block.page].kind == "report":
            return False
        self._close_block()
        self._mode, self._opened_by = "cause_of_concern", previous
        self._open_cause = None
        self._start_cause(index, block)
        self._open_cause.text = self._open_cause.text.strip("“”\"‘’' ")
        return True

    def _cut_short(self, block: Block, label: str) -> bool:
        """A page cut short mid-item: the item is not whole, so it is left out."""
        if block.cut:
            self.warnings.append(
                f"Line {block.line}: this {label} is cut short in the text "
                f"(“{block.text[-60:]}”); it was not recorded."
            )
        return block.cut

    # -- items ------------------------------------------------------------------------

    def _open_remains(self, block: Block, kind: FindingKind | None) -> None:
        self._mode = kind or "area_for_improvement"
        self._remains = True
        self._remains_year = self._earlier_year_in(block.text)
        self._opened_by = block
        self._items = 0
        self._parent = None

    def _earlier_year_in(self, text: str) -> str | None:
        start = self.fw.start_year
        years = [year for year in _YEAR.findall(text) if start is None or int(year) < start]
        return years[-1] if years else None

    def _add_item(self, index: int, block: Block, item: str) -> None:
        kind: FindingKind = self._mode or "area_for_improvement"
        self._items += 1
        if self._cut_short(block, kind.replace("_", " ")):
            return
        text = item
        if self._lead_in and _JOINABLE_LEAD_IN.search(self._lead_in):
            text = f"{self._lead_in.rstrip(':').rstrip()} {item}"
        draft = Draft(
            kind=kind,
            area=self.layout.areas[index],
            text=tidy(text),
            line=block.line,
            continues_earlier=self._remains,
            earlier_year=self._remains_year,
            parent=self._parent if kind == "recommendation" else None,
        )
        self._merge_or_add(draft)

    def _merge_or_add(self, draft: Draft) -> None:
        """One finding per wording: a restated item only adds what the restatement says."""
        key = normalise(draft.text)
        for existing in self.drafts:
            if existing.kind == draft.kind and normalise(existing.text) == key:
                existing.continues_earlier |= draft.continues_earlier
                existing.earlier_year = existing.earlier_year or draft.earlier_year
                if more_specific(draft.area, existing.area):
                    existing.area = draft.area
                return
        self.drafts.append(draft)
        if draft.parent is not None:
            draft.parent.children.append(draft)

    def _start_cause(self, index: int, block: Block) -> None:
        self._items += 1
        if self._cut_short(block, "cause of concern"):
            self._open_cause = None
            self._mode = None
            return
        area = self._heading_area or self.layout.areas[index]
        self._open_cause = Draft("cause_of_concern", area, block.text, block.line)
        for existing in self.drafts:
            if existing.kind == "cause_of_concern" and normalise(existing.text) == normalise(
                block.text
            ):
                self._open_cause = existing
                return
        self.drafts.append(self._open_cause)

    # -- results ------------------------------------------------------------------------

    def _deadline_base(self, draft: Draft, published: str | None) -> str | None:
        """Where "Within three months" counts from: the report's publication, or an
        accelerated cause of concern's own date; a letter gives none."""
        page = None
        for candidate in self.pages.values():
            if candidate.first_line <= draft.line:
                page = candidate
        if page is None or page.kind == "report":
            return published
        return page.published if page.kind == "accelerated" else None

    def findings(self, published: str | None) -> list[ParsedFinding]:
        """The findings in report order, with parents as indexes and deadlines computed."""
        ordered = sorted(self.drafts, key=lambda draft: draft.line)
        position = {id(draft): order for order, draft in enumerate(ordered)}
        results: list[ParsedFinding] = []
        for order, draft in enumerate(ordered):
            self._check(draft)
            deadline_text, deadline = (None, None)
            if draft.kind != "commended_practice":
                base = self._deadline_base(draft, published)
                deadline_text, deadline = find_deadline(draft.text, base)
                if deadline_text and deadline is None:
                    self.warnings.append(
                        f"Line {draft.line}: the deadline “{deadline_text}” could not "
                        "be dated: the text does not give the date it counts from."
                    )
            results.append(
                ParsedFinding(
                    kind=draft.kind,
                    area=draft.area.name if draft.area else None,
                    text=draft.text,
                    order=order,
                    line=draft.line,
                    continues_earlier=draft.continues_earlier,
                    earlier_year=draft.earlier_year,
                    parent=position[id(draft.parent)] if draft.parent else None,
                    deadline_text=deadline_text,
                    deadline=deadline,
                    practice=draft.practice,
                )
            )
        return results

    def _check(self, draft: Draft) -> None:
        label = draft.kind.replace("_", " ")
        if draft.area is None and draft.kind != "commended_practice":
            self.warnings.append(
                f"Line {draft.line}: this {label} sits under no known question or pillar; "
                "its area was left empty."
            )
        if draft.kind == "cause_of_concern" and not draft.children:
            self.warnings.append(
                f"Line {draft.line}: this cause of concern has no recommendations."
            )
