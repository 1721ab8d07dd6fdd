"""What the benchmark requests, and how it times one page through Django's test client."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

#: The issue's limits: pages within 3x the one-query baseline and 15 queries; national
#: exports within 0.5 s (CSV) and 2 s (XLSX).
PAGE_RATIO_LIMIT = 3.0
QUERY_LIMIT = 15
EXPORT_LIMITS_MS = {"csv": 500, "xlsx": 2000}


@dataclass
class Page:
    name: str
    user: object
    url: str
    runs: int
    kind: str = "page"  # page, list, api, export


@dataclass
class Result:
    page: Page
    #: As served: the kept page (peel/page_cache.py) when the page is kept, else built.
    median: float
    p95: float
    queries: int
    size: int
    #: Built afresh each time (the data version moved before each request, untimed).
    built: float = 0.0
    kept: bool = False


def p95(times: list[float]) -> float:
    if len(times) < 2:
        return times[0]
    return statistics.quantiles(times, n=20, method="inclusive")[18]


def _body(response) -> bytes:
    return response.getvalue()


def _timed(client: Client, url: str, runs: int, before=None) -> list[float]:
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        started = time.perf_counter()
        _body(client.get(url, secure=True))  # a streamed file is read to its end
        times.append((time.perf_counter() - started) * 1000)
    return times


def measure(page: Page) -> Result:
    """The page built afresh (its queries counted, and timed with the data version moved
    before each request) and as served again to the same browser (kept, when it is)."""
    from peel.page_cache import move_version

    if page.kind == "api":
        # As a system syncing a force's plan reads it: with an API token.
        from api.tokens import create_token

        _, raw = create_token(page.user, name=f"bench {page.name}", read_only=True)
        client = Client(headers={"Authorization": f"Bearer {raw}"})
    else:
        client = Client()
        client.force_login(page.user)
    # Warm up, as a browser's first page: it also sets the CSRF cookie, without which no
    # page is kept (peel/page_cache.py).
    response = client.get(page.url, secure=True)
    if response.status_code != 200:
        raise SystemExit(f"{page.url} answered {response.status_code}")
    _body(response)
    move_version()
    with CaptureQueriesContext(connection) as queries:
        size = len(_body(client.get(page.url, secure=True)))
    # Count now: the next request clears the connection's query log.
    query_count = len(queries)
    built = _timed(client, page.url, page.runs, before=move_version)
    _body(client.get(page.url, secure=True))
    kept = client.get(page.url, secure=True).get("X-Page-Cache") == "hit"
    served = _timed(client, page.url, page.runs) if kept else built
    return Result(
        page,
        statistics.median(served),
        p95(served),
        query_count,
        size,
        built=statistics.median(built),
        kept=kept,
    )


def _reverse(*names: str, args=()) -> str | None:
    for name in names:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return None


def api_pages(user, runs: int) -> list[Page]:
    """HOOK for the REST API's list endpoints: measured when the api app provides them
    (any of these URL names), skipped otherwise."""
    pages = []
    for label, names in (
        ("API: actions", ("api:action-list", "api:actions-list", "api:actions")),
        ("API: findings", ("api:finding-list", "api:findings-list", "api:findings")),
        ("API: inspections", ("api:inspection-list", "api:inspections-list", "api:inspections")),
    ):
        url = _reverse(*names)
        if url:
            # 100 rows a page: what a system syncing a force's plan asks for.
            pages.append(Page(f"{label} (100 a page)", user, url + "?page_size=100", runs, "api"))
    return pages


def force_pages(cast: dict, force: str, inspection_pk: int, finding_pk: int, action_pk: int,
                runs: int, few: int) -> list[Page]:  # fmt: skip
    """What a force's own people open: these must cost the same at 1x and 4x."""
    manager, lead = cast["manager"], cast["lead"]
    actions_export = reverse("reports:actions_export", args=["csv"])
    return [
        Page("my actions (force lead)", lead, reverse("workspace:my_actions"), runs, "list"),
        Page("action list (force manager)", manager,
             reverse("workspace:action_list"), runs, "list"),
        Page("action list, overdue filter (force manager)", manager,
             reverse("workspace:action_list") + "?overdue=true", runs, "list"),
        Page("finding page (force lead)", lead,
             reverse("workspace:finding_detail", args=[finding_pk]), runs),
        Page("action page (force lead)", lead,
             reverse("workspace:action_detail", args=[action_pk]), runs),
        Page("force report (force manager)", manager, reverse("reports:force", args=[force]), runs),
        Page("inspection report (force manager)", manager,
             reverse("reports:inspection", args=[inspection_pk]), runs),
        Page("force report XLSX (force manager)", manager,
             reverse("reports:force_export", args=[force, "xlsx"]), few, "export"),
        Page("inspection report CSV (force manager)", manager,
             reverse("reports:inspection_export", args=[inspection_pk, "csv"]), runs, "export"),
        Page("action export CSV, one force (force manager)", manager, actions_export, few,
             "export"),
        Page("action export XLSX, one force (force manager)", manager,
             reverse("reports:actions_export", args=["xlsx"]), few, "export"),
    ]  # fmt: skip


def national_pages(cast: dict, force: str, runs: int, few: int) -> list[Page]:
    national, inspector = cast["national"], cast["inspector"]
    return [
        Page("reports index (national manager)", national, reverse("reports:index"), runs),
        Page("national report (national manager)", national, reverse("reports:national"), runs),
        Page("national report sorted by % verified", national,
             reverse("reports:national") + "?sort=-verified", runs),
        Page("force report, 60 months (national manager)", national,
             reverse("reports:force", args=[force]) + "?months=60", runs),
        Page("action list, every force (national manager)", national,
             reverse("workspace:action_list"), runs, "list"),
        Page("verification queue (inspector)", inspector,
             reverse("workspace:verification_queue"), runs, "list"),
        Page("national report XLSX (national manager)", national,
             reverse("reports:national_export", args=["xlsx"]), few, "export"),
        Page("action export CSV, national (national manager)", national,
             reverse("reports:actions_export", args=["csv"]), few, "export-national-csv"),
        Page("action export XLSX, national (national manager)", national,
             reverse("reports:actions_export", args=["xlsx"]), few, "export-national-xlsx"),
    ]  # fmt: skip


def verdict(result: Result, baseline: float) -> str:
    """What the issue asks of this row, and whether it holds."""
    kind = result.page.kind
    if kind.startswith("export-national-"):
        limit = EXPORT_LIMITS_MS[kind.rsplit("-", 1)[1]]
        return f"< {limit} ms: {'yes' if result.median < limit else 'NO'}"
    if kind in ("page", "list", "api"):
        ratio_ok = result.median <= PAGE_RATIO_LIMIT * baseline
        queries_ok = result.queries <= QUERY_LIMIT
        return (
            f"<= {PAGE_RATIO_LIMIT:g}x: {'yes' if ratio_ok else 'NO'}; "
            f"<= {QUERY_LIMIT} q: {'yes' if queries_ok else 'NO'}"
        )
    return ""


def print_table(title: str, results: list[Result], baseline: float) -> None:
    print(f"\n### {title}\n")
    print("| page | runs | median ms | p95 ms | x baseline | built ms | built x baseline "
          "| queries | bytes | limit |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        served = f"{r.median:.1f}" + (" (kept)" if r.kept else "")
        print(
            f"| {r.page.name} | {r.page.runs} | {served} | {r.p95:.1f} | "
            f"{r.median / baseline:.1f} | {r.built:.1f} | {r.built / baseline:.1f} | "
            f"{r.queries} | {r.size} | {verdict(r, baseline)} |"
        )
