"""Time reading the bundled report in each form the importer takes.

    .venv/bin/python bench/imports.py [--runs N]

For each form (text, text with one paragraph per line, UTF-16 text, HTML, PDF) the
bundled report is built in memory (the PDF and HTML by tests/importer/documents.py),
then read and parsed ``--runs`` times: median and slowest in milliseconds, split into
reading the file (decoding, HTML walking, PDF extraction) and parsing the text. The web
excerpts are timed together. No database is used: saving is timed by the test suite's
import tests, not here.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from inspections.importer.framework import Framework  # noqa: E402
from inspections.importer.parser import parse_report  # noqa: E402
from inspections.importer.sources import read_source  # noqa: E402
from tests.importer.documents import (  # noqa: E402
    one_paragraph_per_line,
    text_to_html,
    text_to_pdf,
)

REFERENCE = ROOT / "inspections" / "reference"
CAMBRIDGESHIRE_REPORT = REFERENCE / "reports" / "cambridgeshire-peel-2018-19.txt"
FORCES_FILE = REFERENCE / "forces.json"
FRAMEWORKS_FILE = REFERENCE / "frameworks.json"

EXCERPTS = ROOT / "tests" / "importer" / "data" / "web-excerpts"


def timed(function, *args):
    start = time.perf_counter()
    value = function(*args)
    return value, (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    frameworks = Framework.list_from_json(FRAMEWORKS_FILE)
    forces = {f["slug"]: f["name"] for f in json.loads(FORCES_FILE.read_text())["forces"]}
    text = CAMBRIDGESHIRE_REPORT.read_text(encoding="utf-8")
    forms = {
        "text": text.encode("utf-8"),
        "text, one paragraph per line": one_paragraph_per_line(text).encode("utf-8"),
        "UTF-16 text": text.encode("utf-16"),
        "HTML": text_to_html(text).encode("utf-8"),
        "PDF": text_to_pdf(text),
        "web excerpts (6 files)": None,
    }
    print(f"{'form':32} {'size':>9} {'read ms':>9} {'parse ms':>9} {'total ms':>9} {'max ms':>8}")
    for name, data in forms.items():
        sources = (
            [path.read_bytes() for path in sorted(EXCERPTS.glob("*.txt"))]
            if data is None
            else [data]
        )
        reads, parses, totals = [], [], []
        for _ in range(runs):
            read_ms = parse_ms = 0.0
            for source in sources:
                read, spent = timed(read_source, source)
                read_ms += spent
                _, spent = timed(parse_report, read.text, frameworks, forces)
                parse_ms += spent
            reads.append(read_ms)
            parses.append(parse_ms)
            totals.append(read_ms + parse_ms)
        size = sum(len(source) for source in sources)
        print(
            f"{name:32} {size:>9,} {statistics.median(reads):>9.1f} "
            f"{statistics.median(parses):>9.1f} {statistics.median(totals):>9.1f} "
            f"{max(totals):>8.1f}"
        )


if __name__ == "__main__":
    main()
