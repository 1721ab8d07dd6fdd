"""The list pages in a real browser: signing in, filtering, sorting and paging without
JavaScript, no console or CSP errors, brand-neutral fonts, and axe's WCAG 2.2 AA checks."""

import datetime

import pytest

from tests.factories import ActionFactory, FindingFactory, JudgmentFactory

pytestmark = pytest.mark.django_db(transaction=True)


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


def test_the_pages_are_accessible_and_run_without_errors(
    page, url, sign_in, assert_accessible, finding, data
):
    page.goto(url("login"))
    assert_accessible(page)
    font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "GDS Transport" not in font
    assert "arial" in font.lower()

    sign_in(page, "owner")
    assert page.url == url("workspace:my_actions")
    assert page.get_by_role("heading", level=1).inner_text() == "My actions"
    assert_accessible(page)

    for address in (url("workspace:action_list"), url("workspace:finding_detail", finding.pk)):
        page.goto(address)
        assert_accessible(page)
    assert page.console_errors == []


def test_filtering_sorting_and_paging_work_without_javascript(no_js_page, url, sign_in, data):
    page = no_js_page
    sign_in(page, "owner")
    page.goto(url("workspace:action_list"))
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
