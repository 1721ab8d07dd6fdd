"""At a phone's width (375 px), in Chromium: no page is wider than the screen, the action
list's first result is near the top (MOJ's filter toggle, with JavaScript; the results
before the filter form without it), My actions keeps its words whole; and axe finds no
serious problem at that width, nor on the History pages."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import check_accessible
from tests.browser.records import build_record

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 800}
#: The first result of a list starts within the first screen and a half.
NEAR_THE_TOP = 1.5 * PHONE["height"]


@pytest.fixture
def record(inspection, owner, inspector, today):
    return build_record(inspection, owner, inspector, today)


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def first_row_top(page) -> float:
    return page.evaluate(
        "document.querySelector('.govuk-table__body .govuk-table__row')"
        ".getBoundingClientRect().top + window.scrollY"
    )


def test_the_action_list_shows_its_first_result_near_the_top_on_a_phone(
    phone, url, sign_in, record, force_manager
):
    sign_in(phone, "cambs-manager")
    phone.goto(url("workspace:action_list"))
    assert page_width(phone) <= PHONE["width"]
    assert first_row_top(phone) < NEAR_THE_TOP
    expect(phone.locator(".moj-filter")).to_be_hidden()
    phone.get_by_role("button", name="Show filter").click()
    expect(phone.get_by_role("button", name="Apply filters").first).to_be_visible()
    phone.get_by_label("In progress").check()
    phone.get_by_role("button", name="Apply filters").first.click()
    assert "status=in_progress" in phone.url
    assert first_row_top(phone) < NEAR_THE_TOP


def test_without_javascript_the_results_come_before_the_filter_form(
    browser, live_server, record, force_manager
):
    from tests.browser.conftest import PASSWORD, new_page

    page = new_page(browser, javascript=False)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Username").fill("cambs-manager")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(live_server.url + reverse("workspace:action_list"))
    assert page_width(page) <= PHONE["width"]
    assert first_row_top(page) < NEAR_THE_TOP
    # The filter form is still there and works: reached by the link above the results.
    page.get_by_role("link", name="Filter the actions").click()
    page.get_by_label("On hold").check()
    page.get_by_role("button", name="Apply filters").first.click()
    assert "status=on_hold" in page.url
    page.context.close()


def test_the_force_report_fits_a_phone(phone, url, sign_in, record, force_manager):
    sign_in(phone, "cambs-manager")
    phone.goto(url("reports:force", "cambridgeshire"))
    assert page_width(phone) <= PHONE["width"]
    # Charts keep readable text (they scroll in their figure rather than shrink).
    smallest = phone.evaluate(
        "Math.min(...[...document.querySelectorAll('.app-chart text')]"
        ".map(t => t.getBoundingClientRect().height))"
    )
    assert smallest >= 10


def test_my_actions_keeps_words_whole_on_a_phone(phone, url, sign_in, record):
    sign_in(phone, "owner")
    assert page_width(phone) <= PHONE["width"]
    # Each status is on one line or wraps between words: never inside one.
    broken = phone.evaluate(
        """[...document.querySelectorAll('.app-stacked-table td[data-label="Status"]')]
        .filter(td => { const r = document.createRange(); r.selectNodeContents(td);
          const lines = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
          return lines.size > td.textContent.trim().split(/\\s+/).length; }).length"""
    )
    assert broken == 0


def test_the_count_cards_show_keyboard_focus(phone, url, sign_in, record):
    sign_in(phone, "owner")
    card = phone.locator(".app-counts__link").first
    card.focus()
    background = card.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(255, 221, 0)"  # GOV.UK's focus yellow


def test_pages_at_a_phones_width_have_no_serious_accessibility_problem(
    phone, url, sign_in, record, force_manager
):
    failures = []
    sign_in(phone, "cambs-manager")
    for label, name, args in [
        ("force report", "reports:force", ("cambridgeshire",)),
        ("action list", "workspace:action_list", ()),
    ]:
        phone.goto(url(name, *args))
        failures.append(check_accessible(phone, f"{label} at 375 px"))
    phone.get_by_role("button", name="Sign out").click()
    sign_in(phone, "owner")
    failures.append(check_accessible(phone, "my actions at 375 px"))
    failures = [f for f in failures if f]
    assert not failures, "\n".join(failures)


def test_the_history_pages_have_no_serious_accessibility_problem(
    page, url, sign_in, record, inspector
):
    sign_in(page, "inspector")
    failures = []
    for label, name, pk in [
        ("finding history", "history:finding", record.strategy.finding_id),
        ("inspection history", "history:inspection", record.strategy.finding.inspection_id),
    ]:
        response = page.goto(url(name, pk))
        assert response.status == 200
        expect(page.locator(".app-history")).to_be_visible()
        failures.append(check_accessible(page, label))
    page.set_viewport_size(PHONE)
    page.goto(url("history:finding", record.strategy.finding_id))
    assert page_width(page) <= PHONE["width"]
    failures.append(check_accessible(page, "finding history at 375 px"))
    failures = [f for f in failures if f]
    assert not failures, "\n".join(failures)
