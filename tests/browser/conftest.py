"""Shared fixtures for the browser tests: Debian's Chromium (never a downloaded browser)
driven by Playwright, against pytest-django's `live_server`.

Every test in this folder is marked `browser`. Without /usr/bin/chromium (or the front end
built by `npm run build`) they are skipped with the reason, unless PEEL_REQUIRE_BROWSER=1
(CI sets it), when they fail instead: CI must never pass by skipping them.

Fixtures:
- browser: one Chromium per test module.
- page: a fresh browser context (1280 x 900, JavaScript on) whose console errors, uncaught
  exceptions and CSP reports are collected in `page.console_errors`.
- no_js_page: the same with JavaScript disabled.
- url: `url("workspace:action_detail", pk)` -> the live server's absolute URL.
- sign_in / sign_out: through the real sign-in page and the header's button.
- assert_accessible: axe-core's WCAG 2.2 AA rules; fails on any serious or critical
  violation, listing every violation found.
"""

from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import browser_required

CHROMIUM = shutil.which("chromium")
BUILT = Path(settings.BASE_DIR, "static", "build", "application.css").exists()
HERE = Path(__file__).resolve().parent

#: The factories' password (tests.factories.UserFactory).
PASSWORD = "pw-for-tests"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
VIEWPORT = {"width": 1280, "height": 900}


def browser_missing() -> str:
    """Why the browser tests cannot run here, or "" when they can."""
    if not CHROMIUM:
        return "needs Debian's chromium on the PATH (apt-get install chromium)"
    if not BUILT:
        return "needs the front end built into static/build (make frontend)"
    return ""


def pytest_collection_modifyitems(config, items):
    reason = browser_missing()
    for item in items:
        if not Path(str(item.path)).resolve().is_relative_to(HERE):
            continue
        item.add_marker(pytest.mark.browser)
        if reason and not browser_required():
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="module")
def browser():
    reason = browser_missing()
    if reason:
        pytest.fail(f"PEEL_REQUIRE_BROWSER=1, but the browser tests cannot run: {reason}")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; Django would take
    # the factories' database calls for async code. Only while the browser is open.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def new_page(browser, *, javascript: bool = True):
    """A page in a fresh context (no cookies), collecting console errors and CSP reports."""
    context = browser.new_context(viewport=VIEWPORT, java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    return page


@pytest.fixture
def page(browser):
    page = new_page(browser)
    yield page
    page.context.close()


@pytest.fixture
def no_js_page(browser):
    page = new_page(browser, javascript=False)
    yield page
    page.context.close()


@pytest.fixture
def url(live_server):
    def url(name: str, *args, query: str = "") -> str:
        return live_server.url + reverse(name, args=args) + (f"?{query}" if query else "")

    return url


@pytest.fixture
def sign_in(url):
    def sign_in(page, username: str, password: str = PASSWORD) -> None:
        page.goto(url("login"))
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        assert page.get_by_text("Signed in as").is_visible(), f"{username} could not sign in"

    return sign_in


@pytest.fixture
def sign_out():
    def sign_out(page) -> None:
        page.get_by_role("button", name="Sign out").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Sign in to PEEL tracker"

    return sign_out


def _known_govuk_issue(violation: dict, node: dict) -> bool:
    """GOV.UK Frontend sets aria-expanded on radios that reveal a conditional question; axe
    calls it not allowed on a radio. GOV.UK keeps it on purpose, as screen readers announce
    it (a documented known issue: alphagov/govuk-frontend#979 and #1280)."""
    html = node.get("html", "")
    return (
        violation["id"] == "aria-allowed-attr"
        and "govuk-radios__input" in html
        and "aria-controls=" in html
        and "aria-expanded=" in html
    )


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.2 A and AA violations on the page as it is now (less GOV.UK
    Frontend's known issue on conditional-reveal radios)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
    violations = []
    for violation in results.response["violations"]:
        nodes = [n for n in violation["nodes"] if not _known_govuk_issue(violation, n)]
        if nodes:
            violations.append({**violation, "nodes": nodes})
    return violations


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = "; ".join(", ".join(node["target"]) for node in v["nodes"][:5])
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])}x: {targets})")
    return "\n".join(lines)


def check_accessible(page, label: str = "") -> str:
    """A failure message naming the page and every violation if any is serious or
    critical; "" otherwise (lesser violations are reported as warnings)."""
    violations = axe_violations(page)
    where = label or page.url
    if any(v["impact"] in BLOCKING_IMPACTS for v in violations):
        return f"{where}:\n{describe(violations)}"
    if violations:
        warnings.warn(f"axe on {where}:\n{describe(violations)}", stacklevel=2)
    return ""


@pytest.fixture
def assert_accessible():
    def assert_accessible(page, label: str = "") -> None:
        failure = check_accessible(page, label)
        assert not failure, f"Serious or critical accessibility violations on {failure}"

    return assert_accessible
