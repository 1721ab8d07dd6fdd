"""Who and what a report is about: cycle, force, most similar group, lead inspector.

These come from the title page and a few set sentences. Names are matched against the
data we are given (frameworks' report titles, the force list), never against a list
written into code, so a renamed force or a new cycle needs only a data change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from inspections.importer.framework import Framework, year_variants
from inspections.importer.text import Block, contains_phrase, normalise, split_sentences

_TITLE_BLOCK_LIMIT = 25
#: The year that names the cycle is in the first blocks of the title page.
_TITLE_YEAR_BLOCKS = 3
_INSPECTION_OF = re.compile(r"\binspection of (?:the\s+)?(?P<name>[^.:;]+?)\s*$", re.I)
_FORCE_SUFFIX = re.compile(r"\s+(?:police service|police force|police|constabulary)$")
_PEEL_MARK = re.compile(r"\bPEEL\b|police effectiveness,? efficiency and legitimacy", re.I)
_MSG_LIST = re.compile(
    r"(?:\bMSG\b|most similar group)[^.]*?\b(?:are|is|comprises|includes|consists of)\b:?\s*"
    r"(?P<names>.+?)\.?$",
    re.I,
)
_INSPECTOR_TITLE = re.compile(
    r"^(?:HM|Her Majesty[’']s|His Majesty[’']s)\s+(?:Chief\s+)?Inspector\s+of\s+Constabulary",
    re.I,
)
_LIST_FILLER = {"and", "the", "police", "constabulary", "service", "force", "forces"}


@dataclass(frozen=True)
class ForceMatch:
    slug: str | None
    printed_name: str | None
    line: int | None


def title_blocks(blocks: Sequence[Block]) -> list[Block]:
    """The title page: blocks before the contents list (or the first few blocks)."""
    head: list[Block] = []
    for block in blocks[:_TITLE_BLOCK_LIMIT]:
        if normalise(block.heading_text() or "") in {"contents", "table of contents"}:
            break
        head.append(block)
    return head


def has_peel_title(head: Sequence[Block]) -> bool:
    return any(_PEEL_MARK.search(block.text) for block in head)


def detect_cycle(
    blocks: Sequence[Block], frameworks: Sequence[Framework], warnings: list[str]
) -> Framework | None:
    """The framework whose report title (and year) the title page names.

    The title page decides; only if it names no cycle do we look for a report title in
    the whole text (some extractions lose the title page).
    """
    head = title_blocks(blocks)
    head_text = normalise(" ".join(block.text for block in head))
    title_text = (
        normalise(" ".join(block.text for block in head[:_TITLE_YEAR_BLOCKS]))
        if has_peel_title(head)
        else None
    )
    scored = sorted(
        ((_cycle_score(fw, head_text, title_text), index) for index, fw in enumerate(frameworks)),
        reverse=True,
    )
    if scored and scored[0][0] > 0:
        best_score, best_index = scored[0][0], scored[0][1]
        tied = [frameworks[i].name for score, i in scored if score == best_score]
        if len(tied) > 1:
            warnings.append(
                f"The title page matches several cycles ({', '.join(tied)}); "
                f"read as {frameworks[best_index].name}."
            )
        return frameworks[best_index]
    whole = normalise(" ".join(block.text for block in blocks))
    for fw in frameworks:
        if any(contains_phrase(whole, title) for title in fw.report_titles):
            warnings.append(
                f"The title page names no known cycle; read as {fw.name} from a title "
                "found in the body of the report."
            )
            return fw
    return None


def _cycle_score(fw: Framework, head_text: str, title_text: str | None) -> int:
    """2 for one of the cycle's report titles, 1 for its year; a title page marked PEEL
    whose first lines name the year ("Cleveland 2016" over "HMIC's third PEEL
    assessment") counts as a title (``title_text``: those lines, when marked PEEL)."""
    years = year_variants(fw.year)
    score = 2 if any(contains_phrase(head_text, title) for title in fw.report_titles) else 0
    if any(f" {variant} " in f" {head_text} " for variant in years):
        score += 1
    if score < 2 and title_text and any(f" {v} " in f" {title_text} " for v in years):
        score = 2
    return score if score >= 2 else 0


def force_core(name: str) -> str:
    """The distinctive part of a force name: "Cambridgeshire Constabulary" → "cambridgeshire"."""
    folded = normalise(name)
    folded = re.sub(r"^the\s+", "", folded)
    return _FORCE_SUFFIX.sub("", folded)


def match_force_name(name: str, force_names: Mapping[str, str]) -> str | None:
    """The slug of the force a printed name refers to, if it is a known force."""
    folded = normalise(re.sub(r"^the\s+", "", name.strip(), flags=re.I))
    for slug, official in force_names.items():
        if folded == normalise(official):
            return slug
    cores = [
        slug for slug, official in force_names.items() if force_core(official) == force_core(name)
    ]
    return cores[0] if len(cores) == 1 else None


def detect_force(
    blocks: Sequence[Block], force_names: Mapping[str, str], warnings: list[str]
) -> ForceMatch:
    """The inspected force, from "An inspection of X" or a known force name on the title page."""
    head = title_blocks(blocks)
    for block in head:
        if match := _INSPECTION_OF.search(block.text):
            printed = match.group("name").strip()
            slug = match_force_name(printed, force_names)
            if slug is None:
                warnings.append(
                    f'The report names the force "{printed}" (line {block.line}), which is '
                    "not one of the known forces."
                )
            return ForceMatch(slug, printed, block.line)
    head_text = " ".join(block.text for block in head)
    found = _find_forces(head_text, force_names)
    if found:
        slug, printed = found[0]
        return ForceMatch(slug, printed, head[0].line if head else None)
    return ForceMatch(None, None, None)


def _force_patterns(force_names: Mapping[str, str]) -> list[tuple[str, re.Pattern[str]]]:
    """Word patterns for each force's full name and its core, longest first."""
    patterns: list[tuple[int, str, re.Pattern[str]]] = []
    for slug, official in force_names.items():
        for variant in {normalise(official), force_core(official)}:
            words = r"\s+".join(re.escape(word) for word in variant.split())
            tail = r"(?:\s+(?:police service|police|constabulary))?"
            patterns.append((len(variant), slug, re.compile(rf"\b{words}{tail}\b")))
    patterns.sort(key=lambda item: -item[0])
    return [(slug, pattern) for _, slug, pattern in patterns]


def _find_forces(text: str, force_names: Mapping[str, str]) -> list[tuple[str, str]]:
    """Known forces named in a text, in order of appearance: (slug, matched words)."""
    folded = normalise(text)
    taken: list[tuple[int, int, str]] = []
    for slug, pattern in _force_patterns(force_names):
        for match in pattern.finditer(folded):
            overlaps = any(match.start() < end and start < match.end() for start, end, _ in taken)
            if not overlaps:
                taken.append((match.start(), match.end(), slug))
    taken.sort()
    return [(slug, folded[start:end]) for start, end, slug in taken]


def detect_most_similar_group(
    blocks: Sequence[Block], force: ForceMatch, force_names: Mapping[str, str], warnings: list[str]
) -> list[str]:
    """The forces in the sentence "X's MSG forces are A, B and C.", in the report's order."""
    for block in blocks:
        if block.kind != "para":
            continue
        for sentence in split_sentences(block.text):
            match = _MSG_LIST.search(sentence)
            if not match:
                continue
            listed = match.group("names")
            found = _find_forces(listed, force_names)
            slugs = [slug for slug, _ in found if slug != force.slug]
            if not found:
                continue
            leftover = normalise(listed)
            for _, words in found:
                leftover = leftover.replace(words, " ", 1)
            unknown = [word for word in leftover.split() if word not in _LIST_FILLER]
            if unknown:
                warnings.append(
                    f"The most similar group (line {block.line}) names forces that are not "
                    f'known: "{" ".join(unknown)}".'
                )
            return list(dict.fromkeys(slugs))
    return []


def detect_lead_inspector(blocks: Sequence[Block]) -> str | None:
    """The name printed just above "HM Inspector of Constabulary"."""
    for index, block in enumerate(blocks):
        if index and _INSPECTOR_TITLE.match(block.text) and len(block.text) < 120:
            previous = blocks[index - 1]
            words = previous.text.split()
            plausible = 1 < len(words) <= 6 and not any(c.isdigit() for c in previous.text)
            if previous.kind in ("para", "heading") and plausible:
                return previous.text.rstrip(".,")
    return None
