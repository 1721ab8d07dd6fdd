"""A new due date in a real browser, with and without JavaScript: a force lead proposes it
with a reason, an inspector agrees it from the verification queue, and the action page
shows the agreed date beside the original. The pages with the new forms pass axe."""

import datetime

import pytest
from playwright.sync_api import expect

from improvements.models import Action
from tests.browser.conftest import new_page

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=[True, False], ids=["with-javascript", "without-javascript"])
def any_page(request, browser):
    page = new_page(browser, javascript=request.param)
    page.javascript = request.param
    yield page
    page.context.close()


def long_date(date: datetime.date) -> str:
    return f"{date.day} {date:%B %Y}"


def test_a_lead_proposes_a_due_date_and_an_inspector_agrees_it(
    any_page, url, sign_in, sign_out, assert_accessible, action, owner, inspector
):
    page = any_page

    def check_accessible(label):
        if page.javascript:  # axe runs as a script in the page
            assert_accessible(page, label)

    new_date = action.due_date + datetime.timedelta(days=45)

    sign_in(page, "owner")
    page.goto(url("workspace:action_detail", action.pk))
    form = page.locator("#due-form")
    form.get_by_label("Day").fill(str(new_date.day))
    form.get_by_label("Month").fill(str(new_date.month))
    form.get_by_label("Year").fill(str(new_date.year))
    form.get_by_label("Why does the date need to change?").fill("The supplier is late.")
    form.get_by_role("button", name="Propose the new due date").click()
    expect(page.get_by_text(f"New due date of {long_date(new_date)} proposed.")).to_be_visible()
    proposal = page.locator("#proposed-due-date")
    expect(proposal).to_contain_text(long_date(new_date))
    expect(proposal).to_contain_text("Reason: The supplier is late.")
    expect(page.locator("#original-due-date")).to_have_text(long_date(action.due_date))
    check_accessible("action page, lead, proposal waiting")
    sign_out(page)

    sign_in(page, "inspector")
    page.goto(url("workspace:verification_queue"))
    card = page.locator(f"#due-date-{action.pk}")
    expect(card).to_contain_text("The supplier is late.")
    check_accessible("verification queue with a due date to agree")
    card.get_by_role("button", name=f"Agree {long_date(new_date)}").click()
    expect(page).to_have_url(url("workspace:verification_queue"))
    expect(page.get_by_text(f"New due date of {long_date(new_date)} agreed.")).to_be_visible()
    expect(page.get_by_text("No new due dates are waiting to be agreed.")).to_be_visible()

    page.goto(url("workspace:action_detail", action.pk))
    expect(page.locator("#revised-due-date")).to_contain_text(f"Agreed by {inspector}")
    expect(page.locator("#original-due-date")).to_have_text(long_date(action.due_date))
    assert page.console_errors == []

    action = Action.objects.get(pk=action.pk)
    assert (action.revised_due_date, action.revised_due_agreed_by) == (new_date, inspector)
    assert action.proposed_due_date is None


def test_an_inspector_declines_on_the_action_page_and_a_missing_reason_is_explained(
    page, url, sign_in, assert_accessible, action, owner, inspector
):
    from improvements import services

    services.propose_due_date(
        action,
        by=owner,
        version=action.version,
        proposed_due_date=action.due_date + datetime.timedelta(days=10),
        reason="Staff away.",
    )
    sign_in(page, "inspector")
    page.goto(url("workspace:action_detail", action.pk))
    assert_accessible(page, "action page, inspector, agree or decline")

    page.get_by_role("button", name="Decline the new date").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Enter the reason for declining the new due date.").click()
    expect(page.get_by_label("Reason for declining it")).to_be_focused()
    assert_accessible(page, "action page with a decline error")

    page.get_by_label("Reason for declining it").fill("Not without a new plan.")
    page.get_by_role("button", name="Decline the new date").click()
    expect(page.get_by_text("Proposed due date declined.")).to_be_visible()
    expect(page.locator("#proposed-due-date")).to_have_count(0)
    expect(page.locator(".moj-timeline__item").first).to_contain_text("Not without a new plan.")
