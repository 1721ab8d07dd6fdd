"""Make an API token for a user, from the command line, and print it (once).

manage.py create_api_token cambs-lead --name "Force performance system" [--write]
    [--expires-in-days 90]
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from api.tokens import create_token


class Command(BaseCommand):
    help = "Make an API token for a user and print it; it is stored hashed and not shown again."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="What the token is for.")
        parser.add_argument(
            "--write", action="store_true", help="Read and write (default: read only)."
        )
        parser.add_argument(
            "--expires-in-days", type=int, default=None, help="Expire after this many days."
        )

    def handle(self, *args, username: str, name: str, write: bool, expires_in_days, **options):
        user_model = get_user_model()
        try:
            user = user_model.objects.get(username=username)
        except user_model.DoesNotExist:
            raise CommandError(f"There is no user called {username!r}.") from None
        if expires_in_days is not None and expires_in_days < 1:
            raise CommandError("--expires-in-days must be 1 or more.")
        expires_at = (
            timezone.now() + datetime.timedelta(days=expires_in_days) if expires_in_days else None
        )
        try:
            token, raw = create_token(user, name=name, read_only=not write, expires_at=expires_at)
        except ValueError as refused:
            raise CommandError(str(refused)) from None
        access = "read only" if token.read_only else "read and write"
        expiry = f"expires {token.expires_at:%Y-%m-%d %H:%M}" if token.expires_at else "no expiry"
        self.stderr.write(f"Token for {user.username} ({access}, {expiry}):")
        self.stdout.write(raw)
