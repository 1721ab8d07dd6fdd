"""The force writes its plan and an inspector closes the finding, in a real browser, with
and without JavaScript; axe on the new pages, at the desktop width and at 375 px.

A force lead opens a finding from the findings register, adds two actions from its page
(one with a mistake corrected on the way), and sees them listed; an inspector opens the
same finding, is warned that both actions stay open, and closes it with a reason; the
status history shows the change.
"""

import datetime

import pytest
from playwright.sync_api import expect

from improvements.models import Action, Status
from inspections.models import FindingStatus, FindingStatusChange
from tests.browser.conftest import check_accessible, new_page
from tests.factories import FindingFactory, LinkEvidenceFactory

pytestmark = pytest.mark.django_db(transaction=True)

NARROW = {"width": 375, "height": 800}
#: The elements reaching past the viewport's right edge (tables scroll in their wrapper).
WIDEST = """() => [...document.querySelectorAll("body *")]
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
  .filter(el => !(el.parentElement && el.parentElement.closest(".app-table-wrapper")))
  .slice(0, 5)
  .map(el => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`)"""


@pytest.fixture(params=[True, False], ids=["with-javascript", "without-javascript"])
def plan_page(request, browser):
    page = new_page(browser, javascript=request.param)
    yield page
    page.context.close()


@pytest.fixture
def open_finding(inspection):
    return FindingFactory(
        inspection=inspection,
        text="The force should make information about crime prevention more accessible.",
    )


def fill_action(page, title: str, due: datetime.date, *, owner: str) -> None:
    page.get_by_label("Title").fill(title)
    page.get_by_label("Description").fill(f"{title}: the steps and the measure of success.")
    page.get_by_label("Owner").select_option(label=owner)
    page.get_by_label("High").check()
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Add the action").click()


def test_a_lead_writes_a_plan_of_two_actions_and_an_inspector_closes_the_finding(
    plan_page, url, sign_in, sign_out, open_finding, owner, colleague, inspector, today
):
    page = plan_page
    later = today + datetime.timedelta(days=60)

    # The lead finds the finding in the register, by a word of its wording.
    sign_in(page, "owner")
    page.get_by_role("link", name="Our force\u2019s findings").click()
    page.get_by_label("Search the wording").fill("accessible")
    page.get_by_role("button", name="Apply filters").first.click()
    expect(page.locator("#results-count")).to_have_text("1 finding")
    page.get_by_role("link", name="Area for improvement").first.click()
    expect(page.get_by_text("The force has not written its action plan")).to_be_visible()

    # The first action, with a date in the past corrected.
    page.get_by_role("button", name="Add an action").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an action")
    fill_action(
        page, "Publish easy-read leaflets", today - datetime.timedelta(days=1), owner=str(colleague)
    )
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The due date must be today or in the future."
    )
    expect(page.get_by_label("Title")).to_have_value("Publish easy-read leaflets")
    page.get_by_label("Year").fill(str(later.year))
    page.get_by_label("Month").fill(str(later.month))
    page.get_by_label("Day").fill(str(later.day))
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Action added: Publish easy-read leaflets."
    )

    # The second action.
    page.get_by_role("button", name="Add an action").click()
    fill_action(page, "Review the website with victims' groups", later, owner=str(owner))
    expect(page.get_by_role("heading", name="Actions (2)")).to_be_visible()
    expect(page.get_by_role("link", name="Publish easy-read leaflets")).to_be_visible()
    actions = Action.objects.filter(finding=open_finding)
    assert {a.owner for a in actions} == {owner, colleague}
    assert all(a.created_by == owner for a in actions)

    # From an action, the breadcrumbs lead back to the finding.
    page.get_by_role("link", name="Publish easy-read leaflets").click()
    page.locator(".govuk-breadcrumbs").get_by_role("link", name="Area for improvement").click()
    expect(page.get_by_role("heading", name="Actions (2)")).to_be_visible()
    sign_out(page)

    # The inspector is warned that both actions stay open, and closes the finding.
    sign_in(page, "inspector")
    page.goto(url("workspace:finding_detail", open_finding.pk))
    expect(page.locator("#open-actions-warning")).to_contain_text(
        "2 actions are not yet verified or cancelled"
    )
    page.get_by_label("Closed").check()
    page.get_by_role("button", name="Change the status").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the reason")
    page.get_by_label("Closed").check()
    page.get_by_label("Reason").fill("The 2021 inspection found it addressed.")
    page.get_by_role("button", name="Change the status").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Finding closed.")
    expect(page.locator("#history")).to_be_visible()
    expect(page.locator("table", has_text="Open to closed")).to_contain_text(
        "The 2021 inspection found it addressed."
    )
    open_finding.refresh_from_db()
    assert open_finding.status == FindingStatus.CLOSED
    assert FindingStatusChange.objects.get(finding=open_finding).changed_by == inspector
    assert set(actions.values_list("status", flat=True)) == {Status.NOT_STARTED}
    assert page.console_errors == [] or all("status of 400" in e for e in page.console_errors)


def _plan_pages(page, url, sign_in, finding, action):
    """(label, visit) for each new page, as the roles that use them see it."""
    return [
        ("sign in as the lead", lambda: sign_in(page, "owner")),
        ("the findings register", lambda: page.goto(url("workspace:finding_register"))),
        ("a finding, for the lead", lambda: page.goto(url("workspace:finding_detail", finding.pk))),
        ("add an action", lambda: page.goto(url("workspace:add_action", finding.pk))),
        (
            "add an action, with errors",
            lambda: page.get_by_role("button", name="Add the action").click(),
        ),
        (
            "an action with reassign and withdraw",
            lambda: page.goto(url("workspace:action_detail", action.pk)),
        ),
        (
            "sign in as the inspector",
            lambda: (page.context.clear_cookies(), sign_in(page, "inspector")),
        ),
        (
            "a finding, for the inspector",
            lambda: page.goto(url("workspace:finding_detail", finding.pk)),
        ),
        (
            "a finding's status form, with errors",
            lambda: page.get_by_role("button", name="Change the status").click(),
        ),
        ("the register, for the inspector", lambda: page.goto(url("workspace:finding_register"))),
    ]


@pytest.mark.parametrize("viewport", [None, NARROW], ids=["desktop", "375px"])
def test_the_plan_pages_have_no_serious_accessibility_problem(
    browser, url, sign_in, finding, owner, inspector, viewport
):
    action = Action.objects.create(
        finding=finding,
        title="Publish the strategy",
        owner=owner,
        due_date=datetime.date(2099, 1, 1),
    )
    LinkEvidenceFactory(action=action, added_by=owner)
    page = new_page(browser)
    if viewport:
        page.set_viewport_size(viewport)
    failures = []
    for label, visit in _plan_pages(page, url, sign_in, finding, action):
        visit()
        if label.startswith("sign in"):
            continue
        assert page.get_by_role("heading", level=1).count() == 1, f"{label}: no single <h1>"
        failures.append(check_accessible(page, label))
        if viewport:
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                failures.append(
                    f"{label}: {width} px wide at {viewport['width']} px: {page.evaluate(WIDEST)}"
                )
    page.context.close()
    failures = [f for f in failures if f]
    assert not failures, "Problems:\n" + "\n".join(failures)
