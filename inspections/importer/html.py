"""An HMICFRS web page (or a saved report page) as report text, read by structure.

The page is walked with the standard library's HTML parser, not stripped of its tags:
headings become ``#`` headings at their level, paragraphs and list items become blocks
of their own, table rows become tab-separated rows, and page furniture (scripts, styles,
navigation, the cookie banner, header and footer) is left out. The result is the same
text shape the PDF extraction and the bundled report have, so one reader follows.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from inspections.importer.pdf import TABLE_BREAK, join_blocks

_SKIPPED = frozenset({"script", "style", "noscript", "template", "nav", "svg", "head", "form"})
_FURNITURE = frozenset({"header", "footer"})
_BLOCKS = frozenset(
    {"p", "div", "section", "article", "main", "blockquote", "dd", "dt", "figcaption", "caption"}
    | {"address", "aside", "details", "summary", "body", "html"}
)
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_BOLD = frozenset({"b", "strong"})
_VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "wbr", "source", "col"})
_SPACES = re.compile(r"\s+")


class _PageReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self._skip = 0
        self._parts: list[tuple[str, bool]] = []  # (text, bold)
        self._kind = "para"
        self._level = 0
        self._bold = 0
        self._sup = 0
        self._row: list[str] | None = None
        self._cell: list[tuple[str, bool]] | None = None

    # -- output ---------------------------------------------------------------------

    def _flush(self) -> None:
        parts, self._parts = self._parts, []
        text = _SPACES.sub(" ", "".join(part for part, _ in parts)).strip()
        if not text:
            return
        if self._kind == "heading":
            self.out.append(f"{'#' * self._level} {text}")
        elif self._kind == "bullet":
            self.out.append(f"- {text}")
        else:
            visible = [(p, b) for p, b in parts if p.strip()]
            if visible and all(bold for _, bold in visible) and len(text) <= 150:
                text = f"**{text}**"
            self.out.append(text)
        self._kind, self._level = "para", 0

    # -- parser callbacks -----------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag == "br" and not self._skip:
                self._text(" ")
            return
        if self._skip or tag in _SKIPPED or tag in _FURNITURE or _hidden(attrs):
            self._skip += 1
            return
        if tag in _HEADINGS:
            self._flush()
            self._kind, self._level = "heading", _HEADINGS[tag]
        elif tag == "li":
            self._flush()
            self._kind = "bullet"
        elif tag == "tr":
            self._flush()
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "table":
            self._flush()
            self.out.append(TABLE_BREAK)
        elif tag in _BLOCKS or tag in ("ul", "ol", "dl"):
            self._flush()
        elif tag in _BOLD:
            self._bold += 1
        elif tag == "sup":
            self._sup += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self._skip:
            self._skip -= 1
            return
        if tag in _HEADINGS or tag == "li" or tag in _BLOCKS:
            self._flush()
        elif tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(_cell_text(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if any(self._row):
                self.out.append("\x00" + "\t".join(self._row))
            self._row, self._cell = None, None
        elif tag in _BOLD:
            self._bold = max(0, self._bold - 1)
        elif tag == "sup":
            self._sup = max(0, self._sup - 1)

    def handle_data(self, data: str) -> None:
        if not self._skip and not self._sup:
            self._text(data)

    def _text(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append((data, self._bold > 0))
        elif self._row is None:
            self._parts.append((data, self._bold > 0))

    def close(self) -> None:
        super().close()
        self._flush()


def _cell_text(parts: list[tuple[str, bool]]) -> str:
    """A table cell, with bold runs marked ``**`` (a figure's label is its bold part)."""
    text = ""
    for part, bold in parts:
        if bold and part.strip():
            if text.endswith("**"):
                text = text[:-2] + part.rstrip() + "**"
            else:
                text += f"**{part.strip()}**"
        else:
            text += part
    return _SPACES.sub(" ", text).strip()


def _hidden(attrs: list[tuple[str, str | None]]) -> bool:
    """Elements the page hides from everyone (``hidden``, ``aria-hidden``)."""
    values = dict(attrs)
    return "hidden" in values or values.get("aria-hidden") == "true"


def html_to_text(markup: str) -> str:
    """The page's readable structure as blank-line separated report text."""
    reader = _PageReader()
    reader.feed(markup)
    reader.close()
    return join_blocks(reader.out)
