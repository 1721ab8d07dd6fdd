"""Commended practice: under a practice heading, or commended in prose
("..., which is positive practice", "This is good practice.")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from inspections.importer.drafts import Draft, more_specific, similar
from inspections.importer.text import Block, split_sentences

if TYPE_CHECKING:
    from inspections.importer.findings import FindingsReader

_PRACTICE = re.compile(
    r"\b(?:(?:is|are|was|were|be|as)\s+(?:also\s+)?(?:an?\s+)?(?:examples?\s+of\s+)?"
    r"|examples?\s+of\s+)(?:\w+ly\s+)?"
    r"(?P<level>positive|good|outstanding|innovative|notable|promising|excellent)\s+practices?\b"
    r"(?!\s+(?:for|to)\b)",
    re.I,
)
_BACK_REFERENCE = re.compile(
    r"^(?:This|These|That|Those|It|Its|They|Their|We (?:consider|regard|think|judge|found) "
    r"(?:this|these|that|it))\b"
)


class PracticeReading:
    """The practice half of :class:`FindingsReader` (a mixin; state lives there)."""

    def _add_practice_text(self: FindingsReader, index: int, block: Block) -> None:
        """Text under an "Innovative practice" heading is one finding (title and body)."""
        if self._practice is None:
            self._practice = Draft(
                "commended_practice",
                self.layout.areas[index],
                block.text,
                block.line,
                practice=self._practice_level,
            )
            self.drafts.append(self._practice)
            self._items += 1
        else:
            separator = " " if self._practice.text.endswith((".", ":", "!", "?")) else ". "
            self._practice.text += f"{separator}{block.text}"

    def _read_practice_mentions(self: FindingsReader, index: int, block: Block) -> None:
        sentences = split_sentences(block.text)
        for position, sentence in enumerate(sentences):
            match = _PRACTICE.search(sentence)
            if not match:
                continue
            text = self._practice_wording(index, sentences, position, match.start())
            self._add_practice_mention(
                Draft(
                    "commended_practice",
                    self.layout.areas[index],
                    text,
                    block.line,
                    practice=match.group("level").casefold(),
                )
            )

    def _practice_wording(
        self, index: int, sentences: list[str], position: int, match_start: int
    ) -> str:
        """The sentence that commends, with what it refers back to ("This is good practice")."""
        sentence = sentences[position]
        refers_back = bool(_BACK_REFERENCE.match(sentence))
        if re.search(r",\s*which\b", sentence[:match_start]) or not refers_back:
            start = position - 1 if refers_back and position > 0 else position
            return " ".join(sentences[start : position + 1])
        start = max(0, position - 3)
        parts = sentences[start : position + 1]
        first = parts[0]
        previous = self.blocks[index - 1] if index > 0 else None
        leans_back = bool(re.search(r"\balso\b", first) or _BACK_REFERENCE.match(first))
        if (
            start == 0
            and previous is not None
            and previous.kind == "para"
            and (leans_back or position == 0)
        ):
            parts = [split_sentences(previous.text)[0], *parts]
        return " ".join(parts)

    def _add_practice_mention(self: FindingsReader, draft: Draft) -> None:
        """Mentions of the same practice at the same level (summary and detail) merge."""
        for existing in self.drafts:
            if (
                existing.kind == "commended_practice"
                and existing.practice == draft.practice
                and similar(existing.text, draft.text)
            ):
                if more_specific(draft.area, existing.area):
                    existing.area, existing.text, existing.line = draft.area, draft.text, draft.line
                return
        self.drafts.append(draft)
