"""Screenshots of the main pages, from the demo data, into docs/screenshots/.

    make screenshots
    .venv/bin/python -m tests.browser.screenshots      # the same

It runs as a pytest test (so a throwaway test database and pytest-django's live server),
but only when asked for: the file's name keeps it out of the normal test run. Each demo
role signs in through the sign-in page; every page must answer 200. The report pages are
taken when the reports app has them (`reports:index` resolves). Needs Debian's Chromium
and the front end built (`make frontend`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
#: Full-page shots are cut at this height, to keep the files small.
MAX_HEIGHT = 2000

pytestmark = pytest.mark.django_db(transaction=True)


def _resolves(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def shoot(page, address: str, filename: str) -> None:
    response = page.goto(address)
    assert response is not None, address
    assert response.status == 200, f"{address}: {response.status}"
    height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
    page.screenshot(
        path=OUT / filename,
        full_page=True,
        clip={"x": 0, "y": 0, "width": page.viewport_size["width"], "height": height},
        animations="disabled",
        caret="hide",
    )
    print(f"  docs/screenshots/{filename}")


def test_screenshots_of_the_main_pages(browser, live_server, url, sign_in, sign_out, today):
    from demo.loader import DEMO_PASSWORD, load_demo_data
    from improvements.models import Action, Status
    from inspections.models import Inspection
    from tests.browser.conftest import new_page

    load_demo_data(today)
    cambs = Inspection.objects.get(force__slug="cambridgeshire", cycle__slug="peel-2018-19")
    actions = Action.objects.filter(finding__inspection=cambs)
    # Chosen by state, not title, so that new demo wording needs no change here: the
    # in-progress action due last (on track), and the one awaiting an inspector.
    on_track = actions.filter(status=Status.IN_PROGRESS).latest("due_date")
    submitted = actions.get(status=Status.SUBMITTED)

    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.png"):
        old.unlink()
    page = new_page(browser)

    shoot(page, url("login"), "01-sign-in.png")

    sign_in(page, "cambs-lead", DEMO_PASSWORD)
    shoot(page, url("workspace:my_actions"), "02-my-actions.png")
    shoot(page, url("workspace:action_list", query="status=in_progress"), "03-action-list.png")
    shoot(page, url("workspace:finding_detail", submitted.finding_id), "04-finding.png")
    shoot(page, url("workspace:action_detail", on_track.pk), "05-action.png")
    sign_out(page)

    sign_in(page, "inspector", DEMO_PASSWORD)
    shoot(page, url("workspace:verification_queue"), "06-verification-queue.png")
    shoot(page, url("workspace:action_detail", submitted.pk), "07-action-submitted.png")
    sign_out(page)

    if _resolves("reports:index"):
        sign_in(page, "national-manager", DEMO_PASSWORD)
        shoot(page, url("reports:index"), "08-reports.png")
        if _resolves("reports:national"):
            shoot(page, url("reports:national"), "09-report-national.png")
        sign_out(page)
        sign_in(page, "cambs-manager", DEMO_PASSWORD)
        shoot(page, url("reports:force", cambs.force.slug), "10-report-force.png")
        shoot(page, url("reports:inspection", cambs.pk), "11-report-inspection.png")
        sign_out(page)

    assert page.console_errors == []
    page.context.close()


def main() -> int:
    os.chdir(Path(__file__).resolve().parents[2])
    os.environ["PEEL_REQUIRE_BROWSER"] = "1"  # fail, never skip, when asked for pictures
    return pytest.main([__file__, "-q", "-s", "-p", "no:cacheprovider"])


if __name__ == "__main__":
    sys.exit(main())
