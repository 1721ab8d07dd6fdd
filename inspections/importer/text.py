"""Turn the text of a report (markdown-ish text extracted from a PDF) into blocks.

Reports reach us as text extracted from the published PDF. The extraction keeps some
markdown (``#`` headings at arbitrary levels, ``**bold**``, ``[links](#)``), some HTML
(``<b>``, ``<sup>``), tab-separated table rows and bullet lists, and it breaks paragraphs
where the PDF changed page. Every later step works on :class:`Block` objects, so those
irregularities are dealt with once, here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["heading", "row", "bullet", "para"]

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_SUPERSCRIPT = re.compile(r"<sup>.*?</sup>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_SPACES = re.compile(r"\s+")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*(?:[-•*–▪●◦]|\d{1,2}[.)]|\(?[a-z]\))\s+(.*)$")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_SEPARATOR = re.compile(r"^\s*\|?[\s:|-]*-{3,}[\s:|-]*\|?\s*$")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_EMPHASISED = re.compile(
    r"^\s*(?:\*\*|__|<b>|<strong>)(?P<inner>.+?)(?:\*\*|__|</b>|</strong>)\s*$",
    re.IGNORECASE | re.DOTALL,
)
#: Lines added when pages were collected into one file: a separator between pages
#: ("===== FRAGMENT 2: ... ====="), notes ("# source: ..."), and the mark where a page was
#: cut short ("[... excerpt ends here ...]").
_PAGE_SEPARATOR = re.compile(r"^\s*={3,}.*={3,}\s*$")
_NOTE = re.compile(r"^#\s+(?:[a-z(]|source:|completeness:|licen[cs]e:)")
_CUT = re.compile(r"^\s*\[\s*(?:\.\.\.|…)[^\]]*\]\s*$")
#: A line shorter than this share of the longest line in its run ends its paragraph.
_SHORT_LINE = 0.7
_LONG_LINE = 150
_NARROW_RUN = 45
_SENTENCE_END = re.compile(r"[.!?][\"'’”)]*\s+(?=[A-Z0-9\"'‘“(£])")

TERMINAL_PUNCTUATION = (".", ":", ";", "!", "?", ",")


@dataclass(frozen=True)
class Block:
    """One heading, table row, bullet item or paragraph, with where it starts.

    ``text`` is cleaned (markup stripped, whitespace collapsed); ``raw`` keeps the markup
    because the figures reader needs to see which part of a row label was bold.
    """

    kind: BlockKind
    text: str
    line: int
    raw: str = ""
    level: int = 0
    cells: tuple[str, ...] = ()
    raw_cells: tuple[str, ...] = ()
    gap_before: bool = False
    single_line: bool = True
    emphasised: bool = False
    page: int = 0
    cut: bool = False

    def heading_text(self) -> str | None:
        """The text if this block reads as a heading, else None.

        Extraction does not always mark headings with ``#``: a line that is wholly bold, or
        a short line with no closing punctuation (a question mark aside: pillars are
        headed by questions), also reads as a heading. Callers decide
        what a heading means from its words.
        """
        if self.kind == "heading":
            return self.text
        if self.kind == "para" and self.single_line and self.text:
            if self.emphasised:
                return self.text
            closes = self.text.endswith(TERMINAL_PUNCTUATION) and not self.text.endswith("?")
            limit = 200 if self.text.endswith("?") else 100
            if len(self.text) <= limit and not closes:
                return self.text
        return None


def clean_inline(text: str) -> str:
    """Strip inline markup and collapse whitespace, keeping the words as printed."""
    text = _SUPERSCRIPT.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.IGNORECASE)
    text = _TAG.sub("", text)
    text = text.replace("**", "").replace("__", "").replace("*", "")
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    return _SPACES.sub(" ", text).strip()


def normalise(text: str) -> str:
    """Fold text for comparison: case, punctuation, ampersands and dashes don't count.

    "Devon & Cornwall Police" and "Devon and Cornwall Police" must match, as must
    "anti-social" and "anti social", "force’s" and "forces".
    """
    text = clean_inline(text)
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("&", " and ")
    text = re.sub(r"['’‘`]", "", text)
    text = re.sub(r"[^\w]+", " ", text)
    return _SPACES.sub(" ", text).strip()


def contains_phrase(haystack_normalised: str, phrase: str) -> bool:
    """Whether ``phrase`` occurs as whole words in an already normalised text."""
    needle = normalise(phrase)
    return bool(needle) and f" {needle} " in f" {haystack_normalised} "


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (good enough for report prose)."""
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _is_blank(line: str) -> bool:
    return not line.replace("\u00a0", " ").strip()


def _row_cells(line: str) -> tuple[str, ...]:
    if "\t" in line:
        return tuple(line.rstrip("\n").split("\t"))
    inner = line.strip()
    return tuple(inner.strip("|").split("|"))


class _Builder:
    """Accumulates lines into blocks; paragraphs and bullet items may span lines."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._lines: list[str] = []
        self._kind: BlockKind = "para"
        self._start = 0
        self._gap = False
        self.page = 0

    def flush(self) -> None:
        if not self._lines:
            return
        raw = "\n".join(self._lines)
        text = clean_inline(raw)
        if text:
            emphasised = bool(_EMPHASISED.match(raw))
            self.blocks.append(
                Block(
                    kind=self._kind,
                    text=text,
                    line=self._start,
                    raw=raw,
                    gap_before=self._gap,
                    single_line=len(self._lines) == 1,
                    emphasised=emphasised,
                    page=self.page,
                )
            )
            self._gap = False
        self._lines = []

    def start(self, kind: BlockKind, line_no: int, content: str) -> None:
        self.flush()
        self._kind, self._start, self._lines = kind, line_no, [content]

    def extend(self, line_no: int, content: str) -> None:
        if not self._lines:
            self.start("para", line_no, content)
        else:
            self._lines.append(content)

    def gap(self) -> None:
        self.flush()
        self._gap = True

    def add(self, block: Block) -> None:
        self.flush()
        self.blocks.append(Block(**{**block.__dict__, "gap_before": self._gap, "page": self.page}))
        self._gap = False

    def in_bullet(self) -> bool:
        return bool(self._lines) and self._kind == "bullet"

    def new_page(self) -> None:
        self.flush()
        self.page += 1
        self._gap = True

    def cut(self) -> None:
        """The page was cut short here: its last block is not whole."""
        self.flush()
        if self.blocks and self.blocks[-1].page == self.page:
            self.blocks[-1] = Block(**{**self.blocks[-1].__dict__, "cut": True})


def _paragraph_ends(lines: list[str]) -> set[int]:
    """Indexes of lines in a run (no blank line between) that end a paragraph.

    Text copied from web pages has one paragraph per line; text wrapped at a page width
    has paragraphs over several lines. A line ends its paragraph when the run holds a
    line too long to be a wrapped one, or when it stops well short of the run's longest
    line and the next line starts a sentence (a heading, a grade line, a short
    paragraph's last line).
    """
    widths = [len(line.strip()) for line in lines]
    longest = max(widths, default=0)
    if longest > _LONG_LINE:
        return set(range(len(lines)))
    ends: set[int] = set()
    emphasis_open = False
    for index in range(len(lines) - 1):
        following = lines[index + 1].strip()
        emphasis_open ^= lines[index].count("**") % 2 == 1
        if emphasis_open:
            continue  # inside a bold run over several lines
        # Lines all much shorter than a page's width are not wrapped text.
        short = (
            widths[index] < longest * _SHORT_LINE
            or longest < _NARROW_RUN
            or lines[index].rstrip().endswith("?")  # a question heads what follows
        )
        starts = following.lstrip("*_<>[(\"'‘“ ")[:1]
        anew = starts.isupper() or starts.isdigit() or following[:1] in '*<"“‘£$€'
        if short and anew and not lines[index].rstrip().endswith(","):
            ends.add(index)
        elif _EMPHASISED.match(lines[index]) and not _EMPHASISED.match(lines[index + 1]):
            ends.add(index)  # a bold line on its own (a figure's label) is a block
    return ends


def _runs(text: str) -> list[tuple[int, str, bool]]:
    """(line number, line, ends its paragraph) for every line."""
    lines = text.splitlines()
    marks = [False] * len(lines)
    start = None
    for number, line in enumerate([*lines, ""]):
        plain = number < len(lines) and not _is_blank(line) and not _special(line)
        if plain and start is None:
            start = number
        elif not plain and start is not None:
            for offset in _paragraph_ends(lines[start:number]):
                marks[start + offset] = True
            start = None
    return [(number + 1, line, marks[number]) for number, line in enumerate(lines)]


def _starts_anew(previous: str, line: str) -> bool:
    """Whether a line after a list item is a new paragraph rather than the item wrapped."""
    closed = previous.rstrip().endswith((".", "!", "?", ":"))
    return len(previous.strip()) > _LONG_LINE or (closed and line.strip()[:1].isupper())


def _special(line: str) -> bool:
    return bool(
        _HEADING.match(line)
        or _BULLET.match(line)
        or "\t" in line
        or _PIPE_ROW.match(line)
        or _PAGE_SEPARATOR.match(line)
        or _CUT.match(line)
    )


def read_blocks(text: str) -> list[Block]:
    """Split report text into blocks, joining paragraphs broken by a PDF page break."""
    builder = _Builder()
    previous = ""
    for number, line, ends in _runs(text):
        if _is_blank(line):
            builder.gap()
        elif _PAGE_SEPARATOR.match(line):
            builder.new_page()
        elif _CUT.match(line):
            builder.cut()
        elif _NOTE.match(line):
            continue
        elif heading := _HEADING.match(line):
            builder.add(
                Block(
                    kind="heading",
                    text=clean_inline(heading.group(2)),
                    line=number,
                    raw=heading.group(2),
                    level=len(heading.group(1)),
                )
            )
        elif _RULE.match(line) or ("|" in line and _PIPE_SEPARATOR.match(line)):
            builder.flush()
        elif "\t" in line or _PIPE_ROW.match(line):
            raw_cells = _row_cells(line)
            cells = tuple(clean_inline(cell) for cell in raw_cells)
            builder.add(
                Block(
                    kind="row",
                    text=" ".join(c for c in cells if c),
                    line=number,
                    raw=line,
                    cells=cells,
                    raw_cells=raw_cells,
                )
            )
        elif bullet := _BULLET.match(line):
            builder.start("bullet", number, bullet.group(1))
        else:
            if builder.in_bullet() and _starts_anew(previous, line):
                builder.flush()
            builder.extend(number, line)
            if ends:
                builder.flush()
        previous = line
    builder.flush()
    return _join_page_breaks(builder.blocks)


def _join_page_breaks(blocks: list[Block]) -> list[Block]:
    """Rejoin a sentence the PDF split across pages.

    A paragraph that stops without closing punctuation, followed after a blank line by a
    paragraph starting in lower case, is one paragraph ("... fieldwork with" / "staff in
    the demand hub ...").
    """
    joined: list[Block] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and block.page == previous.page
            and not previous.cut
            and block.kind == "para"
            and previous.kind in ("para", "bullet")
            and block.text[:1].islower()
            and not previous.text.endswith(TERMINAL_PUNCTUATION)
        ):
            joined[-1] = Block(
                **{
                    **previous.__dict__,
                    "text": f"{previous.text} {block.text}",
                    "raw": f"{previous.raw}\n{block.raw}",
                    "single_line": False,
                }
            )
        else:
            joined.append(block)
    return joined
