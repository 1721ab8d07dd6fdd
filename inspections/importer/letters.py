"""What HMICFRS letters say about earlier findings: a cause of concern or a
recommendation closed.

Revisit and closure letters are not reports: they add no judgments, and their date is
not a publication date. What they decide is read from set sentences only:

- "I will be closing the force's cause of concern regarding responding to the public."
- "In December 2023, we closed the cause of concern regarding the management of sexual
  offenders."
- "We have discharged the recommendation about ...", "I am closing the recommendation that
  the force should ...", "The cause of concern about X has been closed / is now closed /
  can be closed."

A letter that reviews progress but states no outcome changes nothing, and says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from inspections.importer.framework import Framework
from inspections.importer.models import ParsedStatusUpdate
from inspections.importer.pages import Page
from inspections.importer.text import Block, split_sentences

_KIND = r"(?P<kind>cause of concern|recommendation)s?"
_ABOUT = (
    r"(?:regarding|about|on|relating to|in relation to|for|concerning|that)\s+"
    r"(?P<about>[^.;:]+?)"
)
_CLOSING = re.compile(
    rf"\b(?:clos(?:e|es|ed|ing)|discharg(?:e|es|ed|ing)|lift(?:s|ed|ing)?)\s+"
    rf"(?:the\s+)?(?:force[’']s\s+|constabulary[’']s\s+|our\s+)?{_KIND}\s+{_ABOUT}"
    r"(?:\s*(?:,|\.|$|\band\b|\bwhich\b|\bbecause\b|\bas\b))",
    re.I,
)
_CLOSED = re.compile(
    rf"\b(?:the|our)\s+{_KIND}\s+{_ABOUT}\s+(?:is|has been|was|can be|will be|are|have been)"
    r"\s+(?:now\s+)?(?:closed|discharged|lifted)\b",
    re.I,
)
_NOT = re.compile(r"\b(?:not|n[’']t|cannot|yet to|remain(?:s|ed)?)\b", re.I)
_REVIEWED = re.compile(r"\b(?:reviewed|revisit\w*|assessed)\s+(?:the\s+)?progress\b", re.I)


def read_letters(
    blocks: Sequence[Block], pages: dict[int, Page], fw: Framework | None, warnings: list[str]
) -> list[ParsedStatusUpdate]:
    """Closures stated in the letters among the pages."""
    updates: list[ParsedStatusUpdate] = []
    reviewed: dict[int, int] = {}
    for block in blocks:
        page = pages.get(block.page)
        if page is None or page.kind != "letter" or block.kind not in ("para", "bullet"):
            continue
        if block.cut:
            continue
        for sentence in split_sentences(block.text):
            if _REVIEWED.search(sentence):
                reviewed.setdefault(block.page, block.line)
            match = _CLOSING.search(sentence) or _CLOSED.search(sentence)
            if not match or _NOT.search(sentence[: match.start()]):
                continue
            about = match.group("about").strip()
            kind = (
                "cause_of_concern"
                if "concern" in match.group("kind").casefold()
                else ("recommendation")
            )
            area = fw.find_area(about) if fw else None
            dated = f" ({page.published})" if page.published else ""
            updates.append(
                ParsedStatusUpdate(
                    kind=kind,
                    about=about,
                    area=area.name if area else None,
                    to_status="closed",
                    reason=f"{page.title}{dated}: \u201c{sentence.strip()}\u201d",
                    line=block.line,
                )
            )
    closing_pages = {pages[b.page].number for b in blocks if any(u.line == b.line for u in updates)}
    for number, line in reviewed.items():
        if number not in closing_pages:
            warnings.append(
                f'Line {line}: the letter "{pages[number].title[:100]}" reviews progress but '
                "states no outcome in this text; no finding's status was changed."
            )
    return updates
