"""Telling whether two wordings are the same finding.

Reports quote findings loosely (inside a narrative sentence, a word changed), so wording
is compared by how much of one appears, in order, in the other.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from inspections.importer.text import normalise
from inspections.models import Finding

#: How much of one wording must appear in the other to be taken as the same finding.
SAME_FINDING_RATIO = 0.8


def containment(a: str, b: str) -> float:
    """How much of the shorter wording appears, in order, in the longer one (0 to 1)."""
    if not a or not b:
        return 0.0
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    return sum(block.size for block in blocks) / min(len(a), len(b))


class EarlierFindings:
    """The force's findings from its other inspections, to link what a report carries over.

    Reports quote earlier items loosely (inside a narrative sentence, a word changed), so
    wording is compared by how much of one appears in the other; the best match wins.
    """

    def __init__(self, findings: list[Finding]) -> None:
        self.candidates = [(f, normalise(f.text)) for f in findings]

    def match(self, kind: str, text: str) -> Finding | None:
        wanted = normalise(text)
        best, best_ratio = None, SAME_FINDING_RATIO
        for finding, wording in self.candidates:
            if finding.kind != kind:
                continue
            ratio = containment(wording, wanted)
            if ratio >= best_ratio:
                best, best_ratio = finding, ratio
        return best
