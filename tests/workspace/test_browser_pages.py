"""The list pages in a real browser (Debian's Chromium through Playwright): signing in,
filtering without JavaScript, no console or CSP errors, brand-neutral fonts, and axe's
WCAG 2.2 AA checks with no violation."""

import datetime
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import browser_required
from tests.factories import ActionFactory, FindingFactory, JudgmentFactory

CHROMIUM = shutil.which("chromium")
BUILT = Path(settings.BASE_DIR, "static", "build", "application.css").exists()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (CHROMIUM and BUILT) and not browser_required(),
        reason="needs Debian's chromium and the front end built (make frontend)",
    ),
]

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop in tests
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=True)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    yield page
    context.close()


def sign_in(page, live_server, username):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw-for-tests")
    page.get_by_role("button", name="Sign in").click()


def assert_accessible(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def data(owner, finding, today):
    JudgmentFactory(inspection=finding.inspection, question=finding.question, grade="good")
    for n in range(30):
        ActionFactory(
            finding=finding if n % 2 else FindingFactory(inspection=finding.inspection),
            owner=owner,
            title=f"Browser action {n:02}",
            due_date=today + datetime.timedelta(days=n * 4 - 20),
        )


def test_the_pages_are_accessible_and_run_without_errors(page, live_server, owner, finding, data):
    page.goto(live_server.url + reverse("login"))
    assert_accessible(page)
    font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "GDS Transport" not in font and "arial" in font.lower()

    sign_in(page, live_server, "owner")
    assert page.url.endswith(reverse("workspace:my_actions"))
    assert page.get_by_role("heading", level=1).inner_text() == "My actions"
    assert_accessible(page)

    for path in (reverse("workspace:action_list"), f"/findings/{finding.pk}/"):
        page.goto(live_server.url + path)
        assert_accessible(page)
    assert page.console_errors == []


def test_filtering_sorting_and_paging_work_without_javascript(browser, live_server, owner, data):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, "owner")
    page.goto(live_server.url + reverse("workspace:action_list"))
    assert page.get_by_role("heading", name="30 actions").is_visible()

    page.get_by_label("Search").fill("Browser action 0")
    page.get_by_role("button", name="Apply filters").first.click()
    assert page.get_by_role("heading", name="10 actions").is_visible()
    assert "q=Browser+action+0" in page.url

    page.get_by_role("link", name="Action", exact=True).click()
    assert page.locator("th[aria-sort=ascending]").inner_text().startswith("Action")
    page.get_by_role("link", name="Action", exact=True).click()
    assert page.locator("tbody tr").first.inner_text().startswith("Browser action 09")

    page.get_by_role("link", name="Remove this filter Browser action 0").click()
    assert page.get_by_role("heading", name="30 actions").is_visible()
    page.get_by_role("link", name="Page 2").click()
    assert page.locator("tbody tr").count() == 5
    context.close()
