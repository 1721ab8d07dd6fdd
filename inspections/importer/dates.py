"""Dates in report text: when the report was published, and recommendation deadlines.

Deadlines are written into the wording ("Within six months, the force should ...",
"By 31 March 2023, ...", "by July 2018"). We keep the wording and compute a date beside
it: a month-only or relative deadline means the end of that month.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence

from inspections.importer.text import clean_inline

MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
_MONTH = "(?:" + "|".join(name for name in calendar.month_name if name) + ")"
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "eighteen": 18,
    "twenty-four": 24,
}

_MONTH_YEAR = re.compile(rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?({_MONTH})\s+(\d{{4}})\b", re.I)
_IMPRINT_MARKS = (
    # The imprint: "February 2020 | © HMICFRS 2020 | ISBN ...". A copyright line alone
    # ("© Crown copyright 2024", a page footer's date beside it) does not date a report.
    re.compile(rf"\bISBN\b|^(?:\d{{1,2}}\s+)?{_MONTH}\s+\d{{4}}\s*[|•·,–-]\s*©", re.I),
    re.compile(r"^(?:first\s+)?(?:published|publication date|date of publication)\b", re.I),
)
_WITHIN = re.compile(r"\bwithin\s+(\d{1,2}|[a-z]+(?:-[a-z]+)?)\s+months?\b", re.I)
_BY_DAY = re.compile(
    rf"\bby\s+(?:the\s+end\s+of\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\s+(\d{{4}})\b",
    re.I,
)
_BY_MONTH = re.compile(rf"\bby\s+(?:the\s+end\s+of\s+)?({_MONTH})\s+(\d{{4}})\b", re.I)


def find_published(lines: Sequence[str]) -> str | None:
    """The publication month ("YYYY-MM"), from the imprint line.

    HMICFRS reports carry it in the imprint ("February 2020 | © HMICFRS 2020 | ISBN ...")
    or on a line of its own ("Published: 12 February 2020"). Dates in the body are about
    other things ("In December 2018, the force published a review"), so only those lines
    count, the imprint first.
    """
    cleaned = [clean_inline(line) for line in lines]
    for mark in _IMPRINT_MARKS:
        for text in cleaned:
            if mark.search(text) and (match := _MONTH_YEAR.search(text)):
                month = MONTHS[match.group(1).casefold()]
                return f"{int(match.group(2)):04d}-{month:02d}"
    return None


def _end_of_month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def _months_count(word: str) -> int | None:
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word.casefold())


def find_deadline(text: str, published: str | None) -> tuple[str | None, str | None]:
    """(deadline as worded, deadline as YYYY-MM-DD) for a finding's text.

    "Within N months" counts from the publication month and needs ``published``; without
    it the wording is kept and the date left empty.
    """
    if match := _BY_DAY.search(text):
        day, month, year = int(match.group(1)), MONTHS[match.group(2).casefold()], match.group(3)
        last = calendar.monthrange(int(year), month)[1]
        return match.group(0), f"{int(year):04d}-{month:02d}-{min(day, last):02d}"
    if match := _BY_MONTH.search(text):
        month = MONTHS[match.group(1).casefold()]
        return match.group(0), _end_of_month(int(match.group(2)), month)
    if match := _WITHIN.search(text):
        count = _months_count(match.group(1))
        if count is None or published is None:
            return match.group(0), None
        year, month = (int(part) for part in published.split("-")[:2])
        total = year * 12 + (month - 1) + count
        return match.group(0), _end_of_month(total // 12, total % 12 + 1)
    return None, None
