"""Text search over findings' wording: PostgreSQL's full-text search when the database is
PostgreSQL (English stemming: "supervise" finds "supervision"), and a plain
case-insensitive match of every word on SQLite, the embedded default."""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet

#: The wording searched: the finding itself and its deadline as worded.
SEARCHED_FIELDS = ("text", "deadline_text")


def search_findings(queryset: QuerySet, words: str, *, prefix: str = "") -> QuerySet:
    """Findings (or rows related to one, through `prefix`, e.g. "finding__") whose wording
    matches `words`; all of them when `words` is blank."""
    words = words.strip()
    if not words:
        return queryset
    fields = [f"{prefix}{name}" for name in SEARCHED_FIELDS]
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        return queryset.alias(wording=SearchVector(*fields, config="english")).filter(
            wording=SearchQuery(words, config="english", search_type="websearch")
        )
    matches = Q()
    for word in words.split():
        matches &= Q(**{f"{fields[0]}__icontains": word}) | Q(**{f"{fields[1]}__icontains": word})
    return queryset.filter(matches)
