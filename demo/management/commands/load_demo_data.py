from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.loader import DEMO_PASSWORD, DEMO_USERS, load_demo_data
from peel.demo_guard import refuse_demo_data_unless_asked_for


class Command(BaseCommand):
    help = "Load demo data and demo users (development only; refused when DEBUG is off)."

    def handle(self, *args, **options) -> None:
        refuse_demo_data_unless_asked_for("load_demo_data")
        if not settings.DEBUG:
            raise CommandError(
                "Demo users have a published password: load_demo_data runs only with "
                "DJANGO_DEBUG=1, never in production."
            )
        load_demo_data()
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Sign in as:"))
        for username, role, force, *_ in DEMO_USERS:
            where = f" ({force})" if force else ""
            self.stdout.write(f"  {username:<18} {role.label}{where}")
        self.stdout.write(f"  password for all: {DEMO_PASSWORD}")
