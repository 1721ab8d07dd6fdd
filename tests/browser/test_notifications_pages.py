"""axe-core on the notifications pages (preferences, the user's notifications, the
unsubscribe link, the PCC responses, with and without errors), and the PCC form used in
the browser."""

import datetime

import pytest
from django.utils import timezone

from inspections import pcc
from inspections.models import FindingKind
from notifications.kinds import Kind
from notifications.models import Notification
from notifications.unsubscribe import make_token
from tests.browser.test_accessibility import check_pages, click, with_errors
from tests.factories import FindingFactory, InspectionFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def recommendation(cambs):
    today = timezone.localdate()
    inspection = InspectionFactory(
        force=cambs,
        published_on=(today - datetime.timedelta(days=20)).replace(day=1),
        exact_publication_date=today - datetime.timedelta(days=20),
    )
    return FindingFactory(
        inspection=inspection, kind=FindingKind.RECOMMENDATION, text="Review call handling."
    )


def test_the_notifications_pages_have_no_serious_accessibility_problem(
    page, url, sign_in, sign_out, owner, force_manager, recommendation
):
    Notification.objects.create(
        recipient=owner,
        kind=Kind.OVERDUE,
        subject_key="action:1",
        period="p",
        email=owner.email,
        subject="Overdue by 3 days: Audit",
        body_text="Body\n\nMore",
        body_html="<p>Body</p>",
        as_of=timezone.localdate(),
        sent_at=timezone.now(),
    )
    token = make_token(owner.pk, Kind.OVERDUE)

    def go(name, *args):
        return lambda: page.goto(url(name, *args))

    def as_user(username, name):
        def visit():
            if page.get_by_role("button", name="Sign out").count():
                sign_out(page)
            sign_in(page, username)
            page.goto(url(name))

        return visit

    check_pages(
        page,
        [
            ("unsubscribe confirmation", go("notifications:unsubscribe", token)),
            ("unsubscribed", click(page, "Stop these emails")),
            ("preferences (owner)", as_user("owner", "notifications:preferences")),
            ("notifications list", go("notifications:list")),
            ("PCC responses (manager)", as_user("cambs-manager", "notifications:pcc_index")),
            ("PCC inspection", go("notifications:pcc_inspection", recommendation.inspection_id)),
            ("PCC response form", go("notifications:pcc_respond", recommendation.pk)),
            ("PCC response form with errors", with_errors(page, click(page, "Save the response"))),
            ("preferences (manager)", go("notifications:preferences")),
        ],
    )


@pytest.mark.parametrize("fixture", ["page", "no_js_page"])
def test_a_force_manager_records_a_response_in_the_browser(
    request, url, sign_in, force_manager, recommendation, fixture
):
    page = request.getfixturevalue(fixture)
    sign_in(page, "cambs-manager")
    page.goto(url("notifications:pcc_respond", recommendation.pk))
    page.get_by_label("The PCC\u2019s comments on the recommendation").fill("Welcomed.")
    page.get_by_label("Action is proposed").check()
    page.get_by_label("The action taken or proposed").fill("A review of call handling.")
    page.get_by_role("button", name="Save the response").click()
    assert page.get_by_text("The PCC\u2019s response is recorded.").is_visible()
    assert pcc.PccResponse.objects.get().action == "A review of call handling."
