"""The whole journey of an action in a real browser, with and without JavaScript.

A force lead signs in, finds the action through My actions and a filtered action list,
posts an update, uploads a PDF as evidence and submits the action; an inspector finds it
in the verification queue with its evidence, downloads the file and verifies it.
"""

import hashlib

import pytest
from playwright.sync_api import expect

from improvements.models import Action, Status
from tests.browser.conftest import new_page
from tests.browser.records import PDF_BYTES, build_record

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def record(inspection, owner, inspector, today):
    return build_record(inspection, owner, inspector, today)


@pytest.fixture(params=[True, False], ids=["with-javascript", "without-javascript"])
def journey_page(request, browser):
    page = new_page(browser, javascript=request.param)
    yield page
    page.context.close()


def test_a_force_lead_submits_an_action_and_an_inspector_verifies_it(
    journey_page, url, sign_in, sign_out, record, owner, inspector
):
    page = journey_page
    strategy = record.strategy

    # The force lead starts from My actions.
    sign_in(page, "owner")
    expect(page).to_have_url(url("workspace:my_actions"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My actions")
    expect(page.get_by_role("link", name=strategy.title)).to_be_visible()

    # The force's action list, filtered to what is in progress, then by a word.
    page.get_by_role("link", name="Our force\u2019s actions").click()
    expect(page.locator("#results-count")).to_have_text("5 actions")
    page.get_by_label("In progress", exact=True).check()
    page.get_by_role("button", name="Apply filters").first.click()
    expect(page.locator("#results-count")).to_have_text("2 actions")
    expect(page.get_by_role("link", name="Remove this filter In progress")).to_be_visible()
    titles = page.locator('tbody tr th[scope="row"] > a').all_inner_texts()
    assert sorted(titles) == sorted([strategy.title, record.training.title])

    page.get_by_label("Search").fill("crime prevention")
    page.get_by_role("button", name="Apply filters").first.click()
    expect(page.locator("#results-count")).to_have_text("1 action")
    expect(page.get_by_role("link", name="Remove this filter crime prevention")).to_be_visible()
    assert "status=in_progress" in page.url
    assert "q=crime+prevention" in page.url

    # The action page: an update with progress, shown on the page and in the timeline.
    page.get_by_role("link", name=strategy.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(strategy.title)
    page.get_by_label("Note", exact=True).fill("Strategy approved by the chief officer group.")
    page.get_by_label("Progress (optional)").fill("90")
    page.get_by_role("button", name="Post update").click()
    expect(page.get_by_text("Your update has been added to the timeline.")).to_be_visible()
    timeline = page.locator(".moj-timeline__item").first
    expect(timeline).to_contain_text("Strategy approved by the chief officer group.")
    expect(timeline).to_contain_text("Progress: 90%")
    details = page.locator("#action-details")
    expect(details).to_contain_text("90%")

    # Evidence: a real PDF, uploaded through the file input the "Upload a file" radio
    # reveals (without JavaScript, both inputs show and the radio decides).
    page.get_by_label("What does it show?").fill("Strategy as approved")
    page.get_by_label("Upload a file").check()
    page.get_by_label("File", exact=True).set_input_files(
        {"name": "strategy.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_role("button", name="Add evidence").click()
    expect(page.get_by_text("Evidence added: Strategy as approved.")).to_be_visible()
    evidence = page.locator("#evidence + .govuk-summary-list")
    expect(evidence).to_contain_text("Strategy as approved")
    expect(evidence.get_by_role("link", name="Download strategy.pdf")).to_be_visible()

    # Submitted for verification (which counts as 100% done): the status says so and the
    # forms to change it are gone.
    page.get_by_label("Note for the inspector (optional)").fill("Published on the website.")
    page.get_by_role("button", name="Submit for verification").click()
    expect(page.get_by_text("Action submitted for verification.")).to_be_visible()
    expect(details.locator(".govuk-tag").first).to_have_text("Submitted for verification")
    expect(details).to_contain_text("100%")
    expect(page.get_by_role("button", name="Post update")).to_have_count(0)
    sign_out(page)

    # The inspector starts from the verification queue and sees the action's evidence.
    sign_in(page, "inspector")
    expect(page).to_have_url(url("workspace:verification_queue"))
    card = page.locator(f"#action-{strategy.pk}")
    expect(card).to_contain_text("Strategy as approved")
    with page.expect_download() as download:
        card.get_by_role("link", name="Download strategy.pdf").click()
    assert download.value.suggested_filename == "strategy.pdf"
    assert download.value.path().read_bytes() == PDF_BYTES

    card.get_by_label("Note (optional)").fill("Strategy seen on the force's website.")
    card.get_by_role("button", name=f"Verify {strategy.title}").click()
    expect(page).to_have_url(url("workspace:verification_queue"))
    expect(page.get_by_text("Action verified.")).to_be_visible()
    expect(page.locator(f"#action-{strategy.pk}")).to_have_count(0)
    expect(page.locator(f"#action-{record.checks.pk}")).to_be_visible()

    # Verified: on the action page, and blue in the RAG colours of the list.
    page.goto(url("workspace:action_detail", strategy.pk))
    status = page.locator("#action-details .govuk-tag").first
    expect(status).to_have_text("Verified")
    expect(status).to_have_class("govuk-tag govuk-tag--blue")
    expect(page.locator("#read-only")).to_contain_text("This action is verified")
    page.goto(url("workspace:action_list", query="rag=blue"))
    row = page.locator("tbody tr", has=page.get_by_role("link", name=strategy.title))
    expect(row.locator(".app-tag")).to_have_text("Blue")
    expect(row.locator(".app-tag")).to_have_class("govuk-tag app-tag govuk-tag--blue")
    assert page.console_errors == []

    # What is stored is what the pages said.
    strategy = Action.objects.get(pk=strategy.pk)
    assert strategy.status == Status.VERIFIED
    assert strategy.progress == 100
    assert strategy.verified_by == inspector
    assert strategy.verified_at is not None
    assert strategy.submitted_at is not None
    [pdf] = strategy.evidence.all()
    assert (pdf.original_name, pdf.content_type, pdf.size) == (
        "strategy.pdf",
        "application/pdf",
        len(PDF_BYTES),
    )
    assert pdf.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert pdf.added_by == owner
    with pdf.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES
    assert strategy.updates.filter(kind="evidence_added", author=owner).exists()
    entries = list(
        strategy.updates.exclude(kind="evidence_added")
        .order_by("created_at", "pk")
        .values_list("author__username", "to_status", "progress", "note")
    )
    assert entries[-3:] == [
        ("owner", "", 90, "Strategy approved by the chief officer group."),
        ("owner", Status.SUBMITTED, 100, "Published on the website."),
        ("inspector", Status.VERIFIED, None, "Strategy seen on the force's website."),
    ]
