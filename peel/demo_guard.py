"""Demo data is written only when asked for in so many words.

`load_demo_data` and `generate_demo_data` create demo users with a published password, so
they run only when `DJANGO_DEBUG=1` is really in the process environment: set by whoever
ran the command (`make run` does), not by manage.py's own development default. manage.py
marks the default it applied (`DEFAULTED_MARKER`), so a bare `manage.py load_demo_data`
against whatever database `DATABASE_URL` names is refused, and writes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from django.core.management.base import CommandError

#: Set by manage.py when it supplied DJANGO_DEBUG=1 itself (nobody asked for it).
DEFAULTED_MARKER = "PEEL_DJANGO_DEBUG_DEFAULTED"


def demo_data_asked_for(environ: Mapping[str, str] = os.environ) -> bool:
    return environ.get("DJANGO_DEBUG") == "1" and DEFAULTED_MARKER not in environ


def refuse_demo_data_unless_asked_for(command: str) -> None:
    """Raise CommandError (a non-zero exit, before anything is written) unless the
    environment asks for development settings in so many words."""
    if demo_data_asked_for():
        return
    raise CommandError(
        f"{command} writes demo users with a published password, so it runs only when "
        f"asked for in so many words: DJANGO_DEBUG=1 {command} (manage.py's own default "
        "does not count), and never in production. Nothing was written."
    )
