#!/usr/bin/env python
"""Time the report pages, list pages and exports on national-scale data in PostgreSQL.

    createdb -h 127.0.0.1 -U postgres bench_reports
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_reports .venv/bin/python bench/run.py

It migrates the database it is given, fills it with `generate_demo_data --forces 43
--cycles 8 --seed 1 --replace` (every inspection, finding and action in that database is
replaced: use a database of its own), then requests each page through Django's test
client as a signed-in user, `--runs` times, and prints the median and 95th percentile
time and the number of queries, beside a baseline page that runs one query, measured in
the same run. `--reuse` keeps data already there (skips generation).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="Timed requests per page.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="Keep the data already there.")
    parser.add_argument("--force", default="cambridgeshire", help="The force to report on.")
    return parser.parse_args()


def measure(client, url: str, runs: int) -> tuple[list[float], int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url, secure=True)  # warm up
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, secure=True)
    # Count now: the next request clears the connection's query log.
    query_count = len(queries)
    size = len(response.content)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url, secure=True)
        times.append((time.perf_counter() - started) * 1000)
    return times, query_count, size


def p95(times: list[float]) -> float:
    if len(times) < 2:
        return times[0]
    return statistics.quantiles(times, n=20, method="inclusive")[18]


def action_list_url() -> str | None:
    """The workspace's action list, when it is installed (it is built separately)."""
    from django.urls import NoReverseMatch, reverse

    for name in ("workspace:action_list", "workspace:actions"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def main() -> None:
    args = parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            "Set DATABASE_URL to a PostgreSQL database of the benchmark's own, e.g.\n"
            "  createdb -h 127.0.0.1 -U postgres bench_reports\n"
            "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_reports "
            ".venv/bin/python bench/run.py"
        )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from improvements.models import Action, ActionUpdate, Evidence
    from inspections.models import Finding, Inspection

    call_command("migrate", verbosity=0)
    generated = None
    if not (args.reuse and Inspection.objects.exists()):
        started = time.monotonic()
        # The benchmark asks for demo data in so many words, in a database of its own,
        # while serving with the production settings it was started with.
        given = os.environ.get("DJANGO_DEBUG")
        os.environ["DJANGO_DEBUG"] = "1"
        try:
            call_command(
                "generate_demo_data",
                forces=43,
                cycles=8,
                seed=args.seed,
                replace=True,
                verbosity=0,
            )
        finally:
            if given is None:
                del os.environ["DJANGO_DEBUG"]
            else:
                os.environ["DJANGO_DEBUG"] = given
        generated = time.monotonic() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    manager = User.objects.get(username=f"demo-{args.force}-manager")
    national = User.objects.get(username="demo-national-manager")
    inspection = Inspection.objects.filter(force__slug=args.force).order_by("-cycle__year").first()
    runs, few = args.runs, max(3, args.runs // 4)
    force_url = reverse("reports:force", args=[args.force])
    pages = [
        ("baseline: one query", national, "/bench/baseline/", runs),
        ("reports index (national manager)", national, reverse("reports:index"), runs),
        ("force report (force manager)", manager, force_url, runs),
        ("force report, 60 months (national manager)", national, force_url + "?months=60", runs),
        ("inspection report (force manager)", manager,
         reverse("reports:inspection", args=[inspection.pk]), runs),
        ("national report (national manager)", national,
         reverse("reports:national") + f"?force={args.force}", runs),
        ("national report sorted by % verified", national,
         reverse("reports:national") + "?sort=-verified", runs),
        ("force report XLSX (force manager)", manager,
         reverse("reports:force_export", args=[args.force, "xlsx"]), few),
        ("inspection report CSV (force manager)", manager,
         reverse("reports:inspection_export", args=[inspection.pk, "csv"]), runs),
        ("national report XLSX (national manager)", national,
         reverse("reports:national_export", args=["xlsx"]), few),
        ("action export CSV, one force, overdue", manager,
         reverse("reports:actions_export", args=["csv"]) + "?overdue=true", runs),
        ("action export CSV, one force (all)", manager,
         reverse("reports:actions_export", args=["csv"]), few),
        ("action export XLSX, one force (all)", manager,
         reverse("reports:actions_export", args=["xlsx"]), few),
        ("action export CSV, national (all)", national,
         reverse("reports:actions_export", args=["csv"]), few),
        ("action export XLSX, national (all)", national,
         reverse("reports:actions_export", args=["xlsx"]), few),
    ]  # fmt: skip
    listed = action_list_url()
    if listed:
        pages.insert(7, ("action list page (force manager)", manager, listed, runs))

    version = getattr(connection, "pg_version", "")
    print(f"Database: {connection.vendor} {version}")
    print(
        f"Data: {Inspection.objects.count():,} inspections, {Finding.objects.count():,} findings, "
        f"{Action.objects.count():,} actions, {ActionUpdate.objects.count():,} updates, "
        f"{Evidence.objects.count():,} evidence records"
    )
    if generated is not None:
        print(f"generate_demo_data took {generated:.1f}s")
    else:
        print("generate_demo_data: skipped (--reuse)")
    if not listed:
        print("action list page: not installed in this checkout, not measured")
    print()
    header = f"| {'page':<45} | runs | median ms | p95 ms | queries | bytes |"
    print(header)
    print("|" + "-" * 47 + "|------|-----------|--------|---------|-------|")
    for name, user, url, count in pages:
        client = Client()
        client.force_login(user)
        times, queries, size = measure(client, url, count)
        print(
            f"| {name:<45} | {count:>4} | {statistics.median(times):>9.1f} | "
            f"{p95(times):>6.1f} | {queries:>7} | {size:>5} |"
        )
    print()
    print("Queries include the session and user lookups and the session save of every")
    print("signed-in request (5 of them); the baseline page runs one query of its own.")


if __name__ == "__main__":
    main()
