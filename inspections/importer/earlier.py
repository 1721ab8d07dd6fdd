"""Earlier recommendations and areas for improvement, and what the report says of them
("In our 2017 report, we said the force needed to ... We are satisfied that it has
addressed this recommendation.")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from inspections.importer.models import EarlierKind, Outcome, ParsedEarlierItem
from inspections.importer.text import Block, split_sentences

if TYPE_CHECKING:
    from inspections.importer.findings import FindingsReader

_EARLIER_START = re.compile(
    r"^(?:In (?:our |its |the |a )?[^,]*?\b(?P<year>(?:19|20)\d\d)\b[^,]*,\s*we\b"
    r"|We (?P<also>also )?(?:recommended|said|identified|found)\b)",
    re.I,
)
_EARLIER_SUBJECT = re.compile(
    r"\b(?:should|recommend\w*|areas? for improvement|needed to|needs? to)\b", re.I
)
_OUTCOMES: tuple[tuple[Outcome, re.Pattern[str]], ...] = (
    (
        "remains",
        re.compile(
            r"\b(?:this|the|that|these) (?:areas? for improvement|recommendations?) "
            r"(?:remains?|still stands?)\b|\bremains? an area for improvement\b"
            r"|\b(?:has not|hasn't|have not|haven't|did not|didn't) (?:yet )?(?:fully )?"
            r"(?:addressed|met)\b",
            re.I,
        ),
    ),
    ("met", re.compile(r"\bmet (?:the|this|these|that|all|our) (?:\w+ )?recommendations?\b", re.I)),
    (
        "addressed",
        re.compile(
            r"\b(?:has|have|had) (?:now )?(?:fully |successfully )?addressed "
            r"(?:this|the|these|that|our)\b|\bnow good evidence of this\b"
            r"|\bno longer an area for improvement\b",
            re.I,
        ),
    ),
)


class EarlierReading:
    """The earlier-items half of :class:`FindingsReader` (a mixin; state lives there)."""

    def _read_earlier_items(self: FindingsReader, index: int, block: Block) -> None:
        sentences = split_sentences(block.text)
        for position, sentence in enumerate(sentences):
            start = _EARLIER_START.match(sentence)
            if not start or not _EARLIER_SUBJECT.search(sentence):
                continue
            year = start.group("year") or (self._last_earlier_year if start.group("also") else None)
            self._last_earlier_year = year or self._last_earlier_year
            described = [sentence]
            after = index + 1
            if position == len(sentences) - 1 and sentence.endswith(":"):
                while after < len(self.blocks) and self.blocks[after].kind == "bullet":
                    described.append(self.blocks[after].text)
                    after += 1
            self._record_earlier(index, block, year, described, sentences[position + 1 :], after)

    def _record_earlier(
        self: FindingsReader,
        index: int,
        block: Block,
        year: str | None,
        described: list[str],
        rest: list[str],
        after: int,
    ) -> None:
        candidates: list[str] = []
        for sentence in rest:
            if _EARLIER_START.match(sentence) and _EARLIER_SUBJECT.search(sentence):
                break
            candidates.append(sentence)
        found = _first_outcome(candidates)
        between = candidates[: found[2]] if found else []
        if found is None and after < len(self.blocks) and self.blocks[after].kind == "para":
            found = _first_outcome(split_sentences(self.blocks[after].text)[:2])
        kind = _earlier_kind(described[0], found[1] if found else "")
        if found is None:
            label = "recommendation" if kind == "recommendation" else "area for improvement"
            self.warnings.append(
                f"Line {block.line}: an earlier ({year or 'undated'}) {label} is mentioned "
                "but no outcome (addressed, met or remains) is stated; it was not recorded."
            )
            return
        outcome, outcome_sentence, _ = found
        text = " ".join([*described, *between, outcome_sentence])
        self.earlier.append(
            ParsedEarlierItem(
                kind=kind,
                year=year,
                area=area.name if (area := self.layout.areas[index]) else None,
                text=text,
                outcome=outcome,
                line=block.line,
            )
        )


def _first_outcome(sentences: list[str]) -> tuple[Outcome, str, int] | None:
    """The first sentence stating an outcome: (outcome, sentence, its position)."""
    for position, sentence in enumerate(sentences):
        for outcome, pattern in _OUTCOMES:
            if pattern.search(sentence):
                return outcome, sentence, position
    return None


def _earlier_kind(description: str, outcome_sentence: str) -> EarlierKind:
    for text in (description, outcome_sentence):
        if re.search(r"\brecommend", text, re.I):
            return "recommendation"
        if re.search(r"\bareas? for improvement\b", text, re.I):
            return "area_for_improvement"
    return "area_for_improvement"
