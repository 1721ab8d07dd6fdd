"""axe-core (WCAG 2.2 A and AA) on each main page, as each role sees it, with and without
errors shown; and the keyboard's way in: the skip link.

Each test visits all its pages before failing, so one report lists every page with a
serious or critical violation (lesser ones are shown as warnings).
"""

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from tests.browser.conftest import check_accessible
from tests.browser.records import build_record

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def record(inspection, owner, inspector, today):
    return build_record(inspection, owner, inspector, today)


def check_pages(page, visits) -> None:
    """`visits`: (label, how to get there) pairs. Fails once, naming every failing page."""
    failures = []
    for label, visit in visits:
        visit()
        assert page.get_by_role("heading", level=1).count() == 1, f"{label}: no single <h1>"
        failures.append(check_accessible(page, label))
    failures = [f for f in failures if f]
    assert not failures, "Serious or critical accessibility violations:\n" + "\n".join(failures)
    # A form's error page answers 400, which Chromium logs; anything else is a real error.
    errors = [e for e in page.console_errors if "responded with a status of 400" not in e]
    assert errors == [], "Console errors (CSP?) on these pages"


def click(page, button: str):
    return lambda: page.get_by_role("button", name=button).first.click()


def with_errors(page, visit):
    """`visit`, then make sure the page shows its error summary (the state under test)."""

    def visit_and_check():
        visit()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        assert page.title().startswith("Error: "), page.title()

    return visit_and_check


def test_the_force_leads_pages_have_no_serious_accessibility_problem(
    page, url, sign_in, record, owner
):
    action = record.strategy

    def sign_in_as_owner():
        sign_in(page, "owner")

    check_pages(
        page,
        [
            ("sign-in", lambda: page.goto(url("login"))),
            ("sign-in with errors", with_errors(page, click(page, "Sign in"))),
            ("my actions", sign_in_as_owner),
            ("action list", lambda: page.goto(url("workspace:action_list"))),
            (
                "action list, filtered",
                lambda: page.goto(url("workspace:action_list", query="status=in_progress&q=s")),
            ),
            (
                "action list with a filter error",
                with_errors(
                    page,
                    lambda: page.goto(url("workspace:action_list", query="due_after=31/02/2025")),
                ),
            ),
            ("finding page", lambda: page.goto(url("workspace:finding_detail", action.finding_id))),
            ("action page", lambda: page.goto(url("workspace:action_detail", action.pk))),
            ("action page after an empty update", with_errors(page, click(page, "Post update"))),
            ("password change", lambda: page.goto(url("password_change"))),
            ("password change with errors", with_errors(page, click(page, "Change password"))),
        ],
    )


def test_the_inspectors_pages_have_no_serious_accessibility_problem(
    page, url, sign_in, record, inspector
):
    check_pages(
        page,
        [
            ("verification queue", lambda: sign_in(page, "inspector")),
            (
                "action page after a return with no reason",
                with_errors(page, click(page, "Return to the force")),
            ),
            ("action list, every force", lambda: page.goto(url("workspace:action_list"))),
            (
                "submitted action page",
                lambda: page.goto(url("workspace:action_detail", record.checks.pk)),
            ),
        ],
    )


def _report_pages(inspection) -> list[tuple[str, str]]:
    """The report pages this branch has (the reports app adds them): (label, path)."""
    wanted = [
        ("reports", "reports:index", ()),
        ("national report", "reports:national", ()),
        ("force report", "reports:force", (inspection.force.slug,)),
        ("inspection report", "reports:inspection", (inspection.pk,)),
    ]
    pages = []
    for label, name, args in wanted:
        try:
            pages.append((label, reverse(name, args=args)))
        except NoReverseMatch:
            continue
    return pages


@pytest.mark.parametrize("username", ["cambs-manager", "national-manager"])
def test_the_report_pages_have_no_serious_accessibility_problem(
    page, live_server, sign_in, record, inspection, force_manager, national_manager, username
):
    pages = _report_pages(inspection)
    if not pages:
        pytest.skip("no report pages yet (reports:index does not resolve)")
    sign_in(page, username)
    visits = []
    for label, path in pages:
        if label == "national report" and username == "cambs-manager":
            continue  # national managers and inspectors only

        def visit(path=path, label=label):
            response = page.goto(live_server.url + path)
            assert response.status == 200, f"{label} answered {response.status} to {username}"

        visits.append((f"{label} ({username})", visit))
    check_pages(page, visits)


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_main_content(
    page, url, sign_in, owner
):
    sign_in(page, "owner")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()  # shown when focused

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    assert page.url.endswith("#main-content")
    # The next Tab goes to the first link inside the main content, not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
