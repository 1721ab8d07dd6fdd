"""What each page of the text is, and the dates it carries.

One import may hold several pages (a report's web pages, collected one after another):
HMICFRS publishes, beside the report itself, accelerated causes of concern and letters
(cause-of-concern revisits, closures). They count differently:

- a **report** page's publication line ("Published on: 3 March 2022", the imprint
  "February 2020 | © HMICFRS 2020 | ISBN ...") dates the inspection;
- an **accelerated cause of concern** is published ahead of the report: its date is where
  its own recommendations' deadlines ("Within three months") count from, never the
  report's publication date;
- a **letter**'s date is the letter's: it never dates the report or its findings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from inspections.importer.dates import find_published
from inspections.importer.text import Block

PageKind = Literal["report", "accelerated", "letter"]

_TITLE_BLOCKS = 4
_LETTER_TITLE = re.compile(r"\bletter\b|\brevisit\b", re.I)
_LETTER_MARKS = re.compile(r"^(?:letter information|sent on\b|dear\b|yours sincerely)", re.I)
_ACCELERATED = re.compile(r"\baccelerated cause of concern\b", re.I)
_CAUSE_TITLE = re.compile(r"\bcauses? of concern\b", re.I)


@dataclass(frozen=True)
class Page:
    number: int
    kind: PageKind
    title: str
    published: str | None
    first_line: int


def _kind(blocks: Sequence[Block]) -> PageKind:
    titles = " ".join(block.text for block in blocks[:_TITLE_BLOCKS])
    if _LETTER_TITLE.search(titles) or any(_LETTER_MARKS.match(b.text) for b in blocks):
        return "letter"
    body = " ".join(block.text for block in blocks[:12])
    if _CAUSE_TITLE.search(titles) and _ACCELERATED.search(body):
        return "accelerated"
    return "report"


def read_pages(blocks: Sequence[Block]) -> dict[int, Page]:
    """Each page's kind, title and publication month, by page number."""
    grouped: dict[int, list[Block]] = {}
    for block in blocks:
        grouped.setdefault(block.page, []).append(block)
    pages: dict[int, Page] = {}
    for number, page_blocks in grouped.items():
        kind = _kind(page_blocks)
        published = find_published([block.raw or block.text for block in page_blocks])
        title = next((b.text for b in page_blocks if len(b.text) > 3), "")
        pages[number] = Page(number, kind, title[:200], published, page_blocks[0].line)
    return pages


def report_published(pages: dict[int, Page]) -> str | None:
    """The report's publication month: from its report pages only."""
    for page in pages.values():
        if page.kind == "report" and page.published:
            return page.published
    return None


def page_notes(pages: dict[int, Page], published: str | None) -> list[str]:
    """What a reviewer should know about pages that are not the report itself."""
    notes: list[str] = []
    for page in pages.values():
        if page.kind == "letter":
            notes.append(
                f'Line {page.first_line}: "{page.title[:100]}" is a letter; its date '
                f"({page.published or 'none given'}) is not the report's publication date."
            )
        elif page.kind == "accelerated":
            notes.append(
                f'Line {page.first_line}: "{page.title[:100]}" is an accelerated cause of '
                f"concern published {page.published or 'on a date not given'}; its "
                "recommendations' deadlines count from that date, the report's from its own."
            )
    if published is None and any(p.published for p in pages.values() if p.kind != "report"):
        notes.append("The report's own publication date is not in the text.")
    return notes


def is_letter(pages: dict[int, Page], block: Block) -> bool:
    page = pages.get(block.page)
    return page is not None and page.kind == "letter"
