"""A finding while the report is being read, and the helpers that compare wordings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from inspections.importer.framework import Area
from inspections.importer.models import FindingKind
from inspections.importer.text import normalise

_TRAILING_JOINER = re.compile(r"\s*[;,]\s*(?:and|or)?\s*$|\s+(?:and|or)\s*$")
_SAME_PRACTICE = 0.6
_STOPWORDS = frozenset(
    {"a", "an", "and", "the", "of", "to", "in", "on", "for", "with", "from", "by", "is", "are"}
    | {"was", "were", "be", "as", "which", "this", "that", "it", "its", "their", "they", "we"}
    | {"our", "practice", "positive", "good", "outstanding", "innovative"}
)


@dataclass(eq=False)
class Draft:
    """A finding while the report is still being read (mutable: mentions merge into it)."""

    kind: FindingKind
    area: Area | None
    text: str
    line: int
    continues_earlier: bool = False
    earlier_year: str | None = None
    parent: Draft | None = None
    practice: str | None = None
    children: list[Draft] = field(default_factory=list)


def tidy(text: str) -> str:
    """A list item as a sentence: no trailing "; and", and a full stop."""
    text = _TRAILING_JOINER.sub("", text.strip())
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _content_words(text: str) -> set[str]:
    return {word for word in normalise(text).split() if word not in _STOPWORDS}


def similar(first: str, second: str) -> bool:
    a, b = _content_words(first), _content_words(second)
    return bool(a and b) and len(a & b) / len(a | b) >= _SAME_PRACTICE


def more_specific(new: Area | None, old: Area | None) -> bool:
    """A question is a better home than its pillar's summary, or than nothing."""
    return new is not None and not new.is_pillar and (old is None or old.is_pillar)
