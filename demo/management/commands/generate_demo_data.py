"""`manage.py generate_demo_data`: national-scale demo data (see demo/generator.py).

python manage.py generate_demo_data --forces 43 --cycles 8 --seed 1
"""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo.generator import GenerationRefused, generate
from peel.demo_guard import refuse_demo_data_unless_asked_for


class Command(BaseCommand):
    help = "Generate deterministic national-scale demo data (see demo/generator.py)."

    def add_arguments(self, parser):
        parser.add_argument("--forces", type=int, default=43, help="How many forces (1-43).")
        parser.add_argument("--cycles", type=int, default=8, help="How many PEEL cycles (1-12).")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="The day the data is generated for (YYYY-MM-DD; default: today).",
        )
        parser.add_argument("--password", default="", help="Give every demo user this password.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete every inspection, finding, action and demo user first.",
        )

    def handle(self, *args, **options):
        refuse_demo_data_unless_asked_for("generate_demo_data")
        if not 1 <= options["forces"] <= 43:
            raise CommandError("--forces must be from 1 to 43.")
        if not 1 <= options["cycles"] <= 12:
            raise CommandError("--cycles must be from 1 to 12.")
        started = time.monotonic()
        try:
            counts = generate(
                seed=options["seed"],
                today=options["today"] or timezone.localdate(),
                forces=options["forces"],
                cycles=options["cycles"],
                password=options["password"],
                replace=options["replace"],
            )
        except GenerationRefused as refused:
            raise CommandError(str(refused)) from refused
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{n:,} {name}" for name, n in counts.items())
        self.stdout.write(f"Generated {summary} in {elapsed:.1f}s.")
