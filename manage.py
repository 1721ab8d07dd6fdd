#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peel.settings")
    # manage.py is the developer's tool: it defaults to development settings. Production
    # serves through peel.wsgi (production by default) and runs commands with DJANGO_DEBUG=0.
    if "DJANGO_DEBUG" not in os.environ:
        os.environ["DJANGO_DEBUG"] = "1"
        # A default is not a request: the demo data commands check for this mark
        # (peel/demo_guard.py) and refuse unless DJANGO_DEBUG=1 was given explicitly.
        os.environ["PEEL_DJANGO_DEBUG_DEFAULTED"] = "1"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
