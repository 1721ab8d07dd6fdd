"""The API's pages in Chromium.

The documentation page works under the site's content security policy: Swagger UI loads
from our own static files, reads the schema, lists the operations and tries one with the
session, and the browser reports no CSP violation or script error. The token page makes a
token, shows it once, revokes it, and passes axe."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_documentation_works_under_the_csp(page, url, sign_in, owner):
    sign_in(page, "owner")
    response = page.goto(url("api:docs"))
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("PEEL tracker API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/actions/{id}/timeline/" in [p.replace("\u200b", "") for p in paths]
    assert page.console_errors == [], "Console errors (CSP?) on the documentation page"


def test_trying_a_call_from_the_page_uses_the_session(page, url, sign_in, owner, action):
    sign_in(page, "owner")
    page.goto(url("api:docs"))
    operation = page.locator("#operations-actions-actions_retrieve")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.locator("input[placeholder='id']").fill(str(action.pk))
    with page.expect_response(lambda r: r.url.endswith(f"/api/v1/actions/{action.pk}/")) as got:
        operation.get_by_role("button", name="Execute").click()
    assert got.value.status == 200
    expect(operation.locator(".live-responses-table tbody .response-col_status")).to_have_text(
        "200"
    )
    assert page.console_errors == []


def test_the_token_page_makes_a_token_shown_once_and_is_accessible(
    page, url, sign_in, owner, assert_accessible
):
    sign_in(page, "owner")
    page.goto(url("api-tokens:list"))
    assert_accessible(page, "API tokens")
    page.get_by_role("button", name="Make token").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error: ")
    assert_accessible(page, "API tokens, with errors")
    page.get_by_label("What is the token for?").fill("Force board")
    page.get_by_label("Read and write").check()
    page.get_by_label("In 30 days").check()
    page.get_by_role("button", name="Make token").click()
    token = page.get_by_label("Your new API token").input_value()
    assert token.startswith("peel_")
    assert_accessible(page, "API tokens, token made")
    page.goto(url("api-tokens:list"))
    assert token not in page.content()
    page.get_by_role("button", name="Revoke Force board").click()
    expect(page.get_by_text("Token “Force board” revoked.")).to_be_visible()
    errors = [e for e in page.console_errors if "status of 400" not in e]
    assert errors == []
