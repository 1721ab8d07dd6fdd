#!/usr/bin/env python
"""Measure everything issue 12 asks of the tracker, on PostgreSQL, in one run.

    make bench          (DATABASE_URL: a PostgreSQL database of the benchmark's own;
                         default postgres://postgres@127.0.0.1:5432/peel_bench)

1. 1x: migrates DATABASE_URL, fills it with `generate_demo_data --forces 43 --cycles 8
   --seed 1 --replace` (which ends with ANALYZE), and times every list and report page,
   the API's lists (when the api app is installed) and the exports, beside a one-query
   baseline page, with their query counts and the issue's limits.
2. 4x: copies every other force's findings, actions, updates and evidence three times
   (bench/inflate.py), ANALYZEs, and times the force's own pages and exports again: the
   4x/1x ratio (limit 1.2).
3. Fresh load: a second database (NAME_fresh) loaded the same way with autovacuum off and
   no ANALYZE; the national report against the baseline there (limit 5x). Dropped after.
4. Load test: a third database (NAME_load) with `make run`'s demo data, gunicorn with two
   workers on 127.0.0.1:--port, and wrk (Debian's) on the action list (limit 300 req/s,
   p99 under 100 ms, no errors).

Every database it touches is replaced: give it databases of its own.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

from bench import databases  # noqa: E402

RATIO_LIMIT_4X = 1.2
FRESH_LIMIT = 5.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="Timed requests per page.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--force", default="cambridgeshire", help="The force to measure.")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8106")))
    parser.add_argument("--load-seconds", type=int, default=15)
    parser.add_argument("--skip", action="append", default=[],
                        choices=["4x", "fresh", "load"], help="Leave out a part.")  # fmt: skip
    parser.add_argument("--phase", choices=["main", "fresh"], default="main", help="(internal)")
    return parser.parse_args()


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()


def generate(seed: int) -> float:
    from django.core.management import call_command

    started = time.monotonic()
    # The benchmark asks for demo data in so many words (peel/demo_guard.py), in databases
    # of its own, while measuring with the production settings it was started with.
    given = os.environ.get("DJANGO_DEBUG")
    os.environ["DJANGO_DEBUG"] = "1"
    try:
        call_command(
            "generate_demo_data", forces=43, cycles=8, seed=seed, replace=True, stdout=io.StringIO()
        )
    finally:
        if given is None:
            del os.environ["DJANGO_DEBUG"]
        else:
            os.environ["DJANGO_DEBUG"] = given
    return time.monotonic() - started


def cast(force: str) -> dict:
    from accounts.models import User

    return {
        "manager": User.objects.get(username=f"demo-{force}-manager"),
        "lead": User.objects.get(username=f"demo-{force}-lead-1"),
        "national": User.objects.get(username="demo-national-manager"),
        "inspector": User.objects.get(username="demo-inspector-1"),
    }


def baseline(people: dict, runs: int):
    from bench.pages import Page, measure

    return measure(Page("baseline: one query", people["national"], "/bench/baseline/", runs))


def force_objects(force: str) -> tuple[int, int, int]:
    from improvements.models import Action

    action = (
        Action.objects.filter(finding__inspection__force__slug=force)
        .order_by("-finding__inspection__cycle__year", "pk")
        .select_related("finding")
        .first()
    )
    return action.finding.inspection_id, action.finding_id, action.pk


def describe_data() -> str:
    from improvements.models import Action, ActionUpdate, Evidence
    from inspections.models import Finding, Inspection

    return (
        f"{Inspection.objects.count():,} inspections, {Finding.objects.count():,} findings, "
        f"{Action.objects.count():,} actions, {ActionUpdate.objects.count():,} updates, "
        f"{Evidence.objects.count():,} evidence records"
    )


def main_phase(args: argparse.Namespace, url: str) -> None:
    databases.create(url, fresh=True)  # its data is generated afresh anyway
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from bench.inflate import inflate
    from bench.pages import api_pages, force_pages, measure, national_pages, print_table
    from peel.bulk import analyze_after_bulk_load

    call_command("migrate", verbosity=0)
    call_command("createcachetable", stdout=io.StringIO())
    took = generate(args.seed)
    print(f"Database: PostgreSQL {connection.pg_version // 10000}, {databases.database_name(url)}")
    print(f"1x data: {describe_data()}; generate_demo_data took {took:.1f} s (with ANALYZE)")

    people = cast(args.force)
    few = max(3, args.runs // 4)
    inspection_pk, finding_pk, action_pk = force_objects(args.force)
    mine = force_pages(people, args.force, inspection_pk, finding_pk, action_pk, args.runs, few)
    base = baseline(people, args.runs)
    force_1x = [measure(p) for p in mine]
    national = [measure(p) for p in national_pages(people, args.force, args.runs, few)]
    api = [measure(p) for p in api_pages(people["manager"], args.runs)]
    print_table(f"1x: {args.force}'s pages and exports", [base, *force_1x], base.median)
    print_table("1x: national pages and exports", national, base.median)
    if api:
        print_table("1x: API lists", api, base.median)
    else:
        print("\nAPI lists: not installed in this checkout (hook: bench/pages.py api_pages)")

    if "4x" in args.skip:
        return
    added = inflate(args.force)
    analyze_after_bulk_load()
    print(f"\n4x data: {describe_data()} (added {added})")
    base_4x = baseline(people, args.runs)
    force_4x = [measure(p) for p in mine]
    print(f"\n### {args.force}'s pages at 4x the national data against 1x\n")
    # Built afresh, not kept: the queries are what must not grow with the nation.
    print("| page | 1x built ms | 4x built ms | 4x / 1x | queries 1x, 4x | limit |")
    print("|---|---:|---:|---:|---|---|")
    rows = [(base, base_4x), *zip(force_1x, force_4x, strict=True)]
    for one, four in rows:
        ratio = four.built / one.built
        verdict = f"<= {RATIO_LIMIT_4X}: {'yes' if ratio <= RATIO_LIMIT_4X else 'NO'}"
        print(
            f"| {one.page.name} | {one.built:.1f} | {four.built:.1f} | {ratio:.2f} | "
            f"{one.queries}, {four.queries} | {verdict} |"
        )


def fresh_phase(args: argparse.Namespace, url: str) -> None:
    """Runs in its own process, on a database just created: no statistics at all."""
    databases.create(url, fresh=True)
    os.environ["PEEL_ANALYZE_AFTER_LOAD"] = "0"
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from bench.pages import Page, measure, print_table

    call_command("migrate", verbosity=0)
    call_command("createcachetable", stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        for (table,) in cursor.fetchall():
            cursor.execute(f'ALTER TABLE "{table}" SET (autovacuum_enabled = false)')
    took = generate(args.seed)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stats WHERE schemaname = 'public'")
        stats = cursor.fetchone()[0]
    print(f"\nFresh load: {describe_data()} in {took:.1f} s, no ANALYZE, autovacuum off "
          f"({stats} column statistics)")  # fmt: skip
    people = cast(args.force)
    from django.urls import reverse

    base = baseline(people, args.runs)
    national = [
        measure(Page("national report, fresh load", people["national"],
                     reverse("reports:national"), args.runs)),
        measure(Page(f"force report ({args.force}), fresh load", people["manager"],
                     reverse("reports:force", args=[args.force]), args.runs)),
        measure(Page("action list (force manager), fresh load", people["manager"],
                     reverse("workspace:action_list"), args.runs)),
    ]  # fmt: skip
    print_table("Fresh load, no statistics", [base, *national], base.median)
    ratio = national[0].median / base.median
    built = national[0].built / base.median
    print(
        f"\nNational report on a fresh load: {ratio:.1f}x the baseline as served "
        f"(limit {FRESH_LIMIT:g}x: {'yes' if ratio <= FRESH_LIMIT else 'NO'}); built afresh "
        f"{built:.1f}x ({'yes' if built <= FRESH_LIMIT else 'NO'})"
    )
    from peel.bulk import analyze_after_bulk_load

    os.environ.pop("PEEL_ANALYZE_AFTER_LOAD")
    from django.conf import settings

    settings.ANALYZE_AFTER_BULK_LOAD = True
    analyze_after_bulk_load()
    analyzed = measure(national[0].page)
    print(
        f"The same page after ANALYZE, built afresh: {analyzed.built:.1f} ms; fresh / "
        f"analyzed = {national[0].built / analyzed.built:.2f} (plan-robust when close to 1)"
    )


def machine() -> str:
    memory = ""
    try:
        with open("/proc/meminfo") as meminfo:
            kb = int(meminfo.readline().split()[1])
            memory = f", {kb / 1024 / 1024:.0f} GiB memory"
    except OSError:
        pass
    load = os.getloadavg()[0]
    return (
        f"Machine: {os.cpu_count()} CPUs{memory}, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}; load average {load:.1f} at the start"
    )


def main() -> None:
    args = parse_args()
    url = databases.main_url()
    if args.phase == "fresh":
        fresh_phase(args, url)
        return
    print(machine())
    main_phase(args, url)
    if "fresh" not in args.skip:
        fresh_url = databases.sibling_url(url, "fresh")
        command = [sys.executable, __file__, "--phase", "fresh", "--runs", str(args.runs),
                   "--force", args.force, "--seed", str(args.seed)]  # fmt: skip
        subprocess.run(command, env={**os.environ, "DATABASE_URL": fresh_url}, check=True)
        databases.drop(fresh_url)
    if "load" not in args.skip:
        from bench.loadtest import load_test, print_load

        load_url = databases.sibling_url(url, "load")
        databases.create(load_url, fresh=True)
        print_load(load_test(load_url, args.port, args.load_seconds))
        databases.drop(load_url)
    print(
        "\nQueries include the session and user lookups every signed-in request makes (2); "
        "the session is saved again only every few minutes, so not here."
    )


if __name__ == "__main__":
    main()
