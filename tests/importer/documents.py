"""Documents the importer tests build: a PDF and an HTML page made from report text.

The PDF writer is small and hand-written (the standard Helvetica fonts, WinAnsi
encoding), so that the tests need no PDF library and control what a published PDF does
to text: lines wrapped at the page width, long words hyphenated across lines, paragraphs
carried over page breaks, a running header and page-number footer on every page, bigger
type for headings, bold for emphasised lines and figure labels, tables as cells placed
in columns.
"""

from __future__ import annotations

import html
import re

from inspections.importer.text import clean_inline

PAGE_WIDTH, PAGE_HEIGHT = 595, 842
TOP, BOTTOM, LEFT = 770, 70, 60
BODY = 10
WRAP = 92
HEADING_SIZES = {1: 20, 2: 16, 3: 14, 4: 13, 5: 12, 6: 12}
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*(?:[-•*]|(\d{1,2}[.)]))\s+(.*)$")
_EMPHASISED = re.compile(r"^\s*(?:\*\*|<b>)([^*<]+?)(?:\*\*|</b>)\s*$", re.I)
_BOLD_LEAD = re.compile(r"^\s*(?:<b>|\*\*)(.+?)(?:</b>|\*\*)(.*)$", re.I)


def _pdf_string(text: str) -> str:
    data = text.encode("cp1252", errors="replace").decode("latin-1")
    return "(" + data.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def _wrap(text: str, width: int) -> list[str]:
    """Wrap at spaces; a long word that does not fit is hyphenated across the lines."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if len(candidate) <= width:
            line = candidate
            continue
        room = width - len(line) - 2
        if len(word) >= 12 and word.isalpha() and room >= 5 and len(word) - room >= 4:
            lines.append(f"{line} {word[:room]}-".strip())
            line = word[room:]
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


class _Pdf:
    def __init__(self, header: str) -> None:
        self.header = header
        self.pages: list[list[str]] = []
        self.y = 0.0
        self._new_page()

    def _new_page(self) -> None:
        self.pages.append([])
        self.y = TOP

    def _room(self, needed: float) -> None:
        if self.y - needed < BOTTOM:
            self._new_page()

    def text(self, x: float, text: str, size: float, *, bold: bool = False) -> None:
        font = "F2" if bold else "F1"
        self.pages[-1].append(
            f"BT /{font} {size} Tf 1 0 0 1 {x:.1f} {self.y:.1f} Tm {_pdf_string(text)} Tj ET"
        )

    def heading(self, level: int, text: str) -> None:
        size = HEADING_SIZES[level]
        self._room(size * 3)
        self.y -= size * 0.8
        self.text(LEFT, text, size, bold=True)
        self.y -= size * 1.2

    def paragraph(self, text: str, *, bold: bool = False, indent: float = 0, first: str = ""):
        for number, line in enumerate(_wrap(text, WRAP - int(indent / 5))):
            self._room(BODY * 1.3)
            if number == 0 and first:
                self.text(LEFT + indent - 12, first, BODY)
            self.text(LEFT + indent, line, BODY, bold=bold)
            self.y -= BODY * 1.25
        self.y -= BODY * 0.9

    def row(self, cells: list[str]) -> None:
        self._room(BODY * 1.5)
        x = LEFT
        for cell in cells:
            if cell.strip():
                if lead := _BOLD_LEAD.match(cell):
                    label, rest = clean_inline(lead.group(1)), clean_inline(lead.group(2))
                    self.text(x, label, BODY, bold=True)
                    if rest:
                        self.text(x + len(label) * BODY * 0.56 + 4, rest, BODY)
                else:
                    self.text(x, clean_inline(cell), BODY)
            x = max(x + 90, x + len(clean_inline(cell)) * BODY * 0.6 + 40)
        self.y -= BODY * 1.6

    def build(self) -> bytes:
        objects: list[str] = []
        count = len(self.pages)
        kids = " ".join(f"{5 + 2 * i} 0 R" for i in range(count))
        objects.append("<< /Type /Catalog /Pages 2 0 R >>")
        objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {count} >>")
        objects.append(
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
        )
        objects.append(
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
        )
        for number, operations in enumerate(self.pages, start=1):
            furniture = [
                f"BT /F1 8 Tf 1 0 0 1 {LEFT} 810 Tm {_pdf_string(self.header)} Tj ET",
                f"BT /F1 8 Tf 1 0 0 1 {PAGE_WIDTH / 2:.0f} 30 Tm ({number}) Tj ET",
            ]
            stream = "\n".join([furniture[0], *operations, furniture[1]])
            content = stream.encode("latin-1")
            objects.append(
                f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
                f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> "
                f"/Contents {6 + 2 * (number - 1)} 0 R >>"
            )
            objects.append(f"<< /Length {len(content)} >>\nstream\n{stream}\nendstream")
        out = bytearray(b"%PDF-1.4\n")
        offsets = []
        for index, body in enumerate(objects, start=1):
            offsets.append(len(out))
            out += f"{index} 0 obj\n{body}\nendobj\n".encode("latin-1")
        xref = len(out)
        out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
        for offset in offsets:
            out += f"{offset:010d} 00000 n \n".encode()
        out += (
            f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
        ).encode()
        return bytes(out)


def _blocks(text: str) -> list[str]:
    """Report text as blocks: every non-blank line is one (both text layouts); a blank
    line is kept as "" where it separates two tables."""
    blocks: list[str] = []
    joinable = False
    for line in text.splitlines():
        plain = bool(line.strip()) and not (
            _HEADING.match(line) or "\t" in line or _BULLET.match(line)
        )
        if plain and joinable:
            blocks[-1] = f"{blocks[-1].rstrip()} {line.strip()}"
        elif line.strip():
            blocks.append(line)
        elif blocks and blocks[-1]:
            blocks.append("")
        joinable = plain
    return blocks


def text_to_pdf(text: str, *, header: str = "PEEL assessment 2018/19") -> bytes:
    """A PDF that prints the report text as a published report would."""
    pdf = _Pdf(header)
    for line in _blocks(text):
        if not line:
            pdf.y -= BODY
        elif heading := _HEADING.match(line):
            pdf.heading(len(heading.group(1)), clean_inline(heading.group(2)))
        elif "\t" in line:
            pdf.row(line.split("\t"))
        elif bullet := _BULLET.match(line):
            marker = f"{bullet.group(1)}" if bullet.group(1) else "•"
            pdf.paragraph(clean_inline(bullet.group(2)), indent=18, first=marker)
        elif emphasised := _EMPHASISED.match(line):
            pdf.paragraph(clean_inline(emphasised.group(1)), bold=True)
        else:
            pdf.paragraph(clean_inline(line))
    return pdf.build()


def _inline_html(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    parts = re.split(r"(<sup>.*?</sup>|<b>|</b>|\*\*)", text, flags=re.I)
    out, bold = [], False
    for part in parts:
        if part.lower().startswith("<sup>"):
            out.append(f"<sup>{html.escape(clean_inline(part))}</sup>")
        elif part.lower() in ("<b>", "</b>", "**"):
            bold = not bold if part == "**" else part.lower() == "<b>"
            out.append("<strong>" if bold else "</strong>")
        else:
            out.append(html.escape(part))
    if bold:
        out.append("</strong>")
    return "".join(out)


def text_to_html(text: str, *, title: str = "PEEL report") -> str:
    """An HTML page laid out as HMICFRS pages are: furniture, headings, lists, tables."""
    body: list[str] = []
    open_list = open_table = False
    for line in _blocks(text):
        bullet = _BULLET.match(line)
        if open_list and not bullet:
            body.append("</ul>")
            open_list = False
        if open_table and "\t" not in line:
            body.append("</tbody></table>")
            open_table = False
        if not line:
            continue
        if heading := _HEADING.match(line):
            level = len(heading.group(1))
            body.append(f"<h{level}>{_inline_html(heading.group(2))}</h{level}>")
        elif "\t" in line:
            cells = "".join(f"<td>{_inline_html(cell)}</td>" for cell in line.split("\t"))
            if not open_table:
                body.append("<table class='govuk-table'><tbody>")
                open_table = True
            body.append(f"<tr>{cells}</tr>")
        elif bullet:
            if not open_list:
                body.append("<ul class='govuk-list govuk-list--bullet'>")
                open_list = True
            body.append(f"<li>{_inline_html(bullet.group(2))}</li>")
        else:
            body.append(f"<p class='govuk-body'>{_inline_html(line)}</p>")
    if open_list:
        body.append("</ul>")
    if open_table:
        body.append("</tbody></table>")
    return (
        "<!DOCTYPE html><html lang='en'><head><title>"
        + html.escape(title)
        + "</title><style>p{margin:0}</style><script>var x = '<p>not text</p>';</script>"
        + "</head><body><header><nav><a href='/'>Skip to content</a> Home</nav></header>"
        + "<div class='cookie-banner' hidden><p>We use cookies</p></div><main>"
        + "\n".join(body)
        + "</main><footer><p>© Crown copyright</p></footer></body></html>"
    )


def one_paragraph_per_line(text: str) -> str:
    """The report as copied from a web page: each paragraph on one line, no blank lines."""
    out: list[str] = []
    paragraph: list[str] = []
    for line in text.splitlines():
        special = line.lstrip().startswith(("#", "-", "|")) or "\t" in line
        if not line.strip() or special or re.match(r"^\s*\d+\.\s", line):
            if paragraph:
                out.append(" ".join(part.strip() for part in paragraph))
                paragraph = []
            if line.strip():
                out.append(line)
        else:
            paragraph.append(line)
    if paragraph:
        out.append(" ".join(paragraph))
    return "\n".join(out)
