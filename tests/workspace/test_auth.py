"""Signing in and out, passwords, throttling, sessions, the home page and the navigation."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests"  # tests/factories.UserFactory
SIGN_IN = reverse("login")


def sign_in(client, username, password=PASSWORD):
    return client.post(SIGN_IN, {"username": username, "password": password})


# --- The sign-in page and the layout every page shares -------------------------------------


def test_the_sign_in_page_is_accessible_govuk_markup_without_branding(client):
    response = client.get(SIGN_IN)
    assert response.status_code == 200
    text = response.text
    assert '<html lang="en-GB" class="govuk-template">' in text
    assert '<a href="#main-content" class="govuk-skip-link"' in text
    assert 'id="main-content"' in text
    assert '<label class="govuk-label" for="id_username">Username</label>' in text
    assert 'autocomplete="current-password"' in text
    assert "PEEL tracker" in text
    # Brand-neutral: no crown, no GOV.UK logo, no GDS Transport.
    for branded in ("govuk-header__logo", "crown", "govuk-logo", "GDS Transport", "GOV.UK"):
        assert branded not in text
    # Scripts are optional modules from our static files; nothing inline.
    assert '<script type="module" src="/static/build/application.mjs"></script>' in text
    assert re.search(r"<script(?![^>]*\bsrc=)", text) is None
    assert "style=" not in text


def test_signing_in_goes_to_the_home_page_of_the_role(client, owner):
    response = sign_in(client, "owner")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home"))["Location"] == reverse("workspace:my_actions")


def test_signing_in_returns_to_the_page_asked_for(client, owner):
    client.get(reverse("workspace:action_list"))
    response = client.post(
        SIGN_IN, {"username": "owner", "password": PASSWORD, "next": "/actions/?status=on_hold"}
    )
    assert response["Location"] == "/actions/?status=on_hold"


def test_a_wrong_password_is_explained_in_an_error_summary(client, owner):
    response = sign_in(client, "owner", "not-the-password")
    assert response.status_code == 200
    text = response.text
    assert "<title>Error: Sign in" in text
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in text
    assert '<a href="#id_username">Please enter a correct username and password.' in text
    assert 'value="owner"' in text  # what was typed is kept...
    assert "not-the-password" not in text  # ...except the password
    assert "_auth_user_id" not in client.session


def test_someone_signed_in_who_opens_sign_in_goes_home(client, owner):
    client.force_login(owner)
    assert client.get(SIGN_IN)["Location"] == reverse("home")


# --- Throttling (django-axes) -----------------------------------------------------------


def test_the_fifth_failed_sign_in_locks_and_the_sixth_is_refused_with_the_lockout_page(
    client, owner
):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _attempt in range(4):
        assert "There is a problem" in sign_in(client, "owner", "wrong").text
    assert sign_in(client, "owner", "wrong").status_code == 429  # the fifth reaches the limit
    response = sign_in(client, "owner", "wrong")
    assert response.status_code == 429
    assert "Sign-in locked for now" in response.text
    assert "There have been 5 unsuccessful attempts" in response.text
    assert "for 1 hour" in response.text


def test_after_the_lockout_even_the_right_password_is_refused(client, owner):
    for _attempt in range(5):
        sign_in(client, "owner", "wrong")
    response = sign_in(client, "owner")
    assert response.status_code == 429
    assert "Sign-in locked for now" in response.text
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_account(client, owner, colleague):
    for _attempt in range(5):
        sign_in(client, "owner", "wrong")
    # From another address (the guesser's is locked too: tests/foundation/test_hardening.py).
    response = client.post(
        SIGN_IN, {"username": "colleague", "password": PASSWORD}, REMOTE_ADDR="192.0.2.20"
    )
    assert response.status_code == 302


# --- Signing out and sessions ------------------------------------------------------------


def test_signing_out_is_a_post_and_ends_the_session(client, owner):
    client.force_login(owner)
    assert client.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == SIGN_IN
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("workspace:action_list")).status_code == 302


def test_every_signed_in_page_has_a_sign_out_button(client, owner):
    client.force_login(owner)
    text = client.get(reverse("workspace:my_actions")).text
    assert f'<form method="post" action="{reverse("logout")}">' in text
    assert '<button type="submit" class="app-link-button">Sign out</button>' in text


def test_sessions_expire_after_inactivity_and_when_the_browser_closes(client, owner):
    sign_in(client, "owner")
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert client.session.get_expire_at_browser_close() is True
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert cookie["httponly"] is True


# --- Password change ----------------------------------------------------------------------


def test_changing_a_password_needs_signing_in(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)


def test_a_wrong_old_password_is_refused_with_a_linked_error(client, owner):
    client.force_login(owner)
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "a-new-Pass-9", "new_password2": "a-new-Pass-9"},
    )
    assert response.status_code == 200
    assert '<a href="#id_old_password">Your old password was entered incorrectly.' in response.text
    assert 'aria-describedby="id_old_password-error"' in response.text


def test_changing_the_password(client, owner):
    client.force_login(owner)
    assert client.get(reverse("password_change")).status_code == 200
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-Pass-9",
            "new_password2": "a-new-Pass-9",
        },
    )
    assert response["Location"] == reverse("password_change_done")
    assert "Password changed" in client.get(reverse("password_change_done")).text
    owner.refresh_from_db()
    assert owner.check_password("a-new-Pass-9")


# --- Password reset (email; the console backend locally, locmem in tests) ----------------


def test_resetting_a_forgotten_password_by_email(client, owner):
    assert client.get(reverse("password_reset")).status_code == 200
    response = client.post(reverse("password_reset"), {"email": owner.email})
    assert response["Location"] == reverse("password_reset_done")
    assert "Check your email" in client.get(reverse("password_reset_done")).text
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Reset your PEEL tracker password"
    link = re.search(r"http://testserver(/password/reset/\S+/)", mail.outbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.text
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-new-Pass-9", "new_password2": "a-new-Pass-9"},
    )
    assert response["Location"] == reverse("password_reset_complete")
    assert "Password saved" in client.get(reverse("password_reset_complete")).text
    assert sign_in(client, "owner", "a-new-Pass-9").status_code == 302


def test_a_reset_link_works_once(client, owner):
    client.post(reverse("password_reset"), {"email": owner.email})
    link = re.search(r"http://testserver(/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-new-Pass-9", "new_password2": "a-new-Pass-9"},
    )
    assert "This link has expired" in client.get(link, follow=True).text


def test_a_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, owner):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


# --- Home and the navigation, by role ----------------------------------------------------


@pytest.mark.parametrize(
    ("who", "start"),
    [
        ("owner", ("workspace:my_actions",)),
        ("colleague", ("workspace:my_actions",)),
        ("outsider", ("workspace:my_actions",)),
        # A force manager's first question is how their force is doing: its report.
        ("force_manager", ("reports:force", "cambridgeshire")),
        ("outsider_manager", ("reports:force", "lancashire")),
        ("inspector", ("workspace:verification_queue",)),
        ("national_manager", ("reports:index",)),
    ],
)
def test_home_sends_each_role_to_its_start_page(client, cast, who, start):
    client.force_login(cast[who])
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse(start[0], args=start[1:])
    assert client.get(response["Location"]).status_code == 200


def test_home_sends_anonymous_visitors_to_sign_in(client):
    assert client.get(reverse("home"))["Location"] == SIGN_IN


def nav(client, user):
    client.force_login(user)
    response = client.get(reverse("workspace:action_list"))
    return [item.text for item in response.context["nav_items"]], response.text


def test_a_force_lead_navigates_between_their_actions_and_their_forces(client, owner):
    items, text = nav(client, owner)
    assert items[:2] == ["My actions", "Our force’s actions"]
    assert "Verification queue" not in items
    assert "Admin" not in items
    assert 'href="/actions/" aria-current="page"' in text
    assert "Signed in as" in text
    assert "force lead" in text


def test_a_force_manager_has_no_my_actions(client, force_manager):
    items, _text = nav(client, force_manager)
    assert "My actions" not in items
    assert "Our force’s actions" in items


def test_an_inspector_sees_every_forces_actions_and_the_admin(client, inspector):
    items, _text = nav(client, inspector)
    assert "Actions" in items
    assert "Admin" in items
    assert "My actions" not in items


def test_a_national_manager_has_no_admin(client, national_manager):
    items, _text = nav(client, national_manager)
    assert "Actions" in items
    assert "Admin" not in items


def test_anonymous_visitors_see_no_navigation(client):
    response = client.get(SIGN_IN)
    assert response.context["nav_items"] == []
    assert "Sign out" not in response.text


ROLES = ["owner", "colleague", "force_manager", "outsider", "inspector", "national_manager"]


@pytest.mark.parametrize("who", ROLES)
def test_every_role_can_open_password_change_and_is_sent_home_from_sign_in(client, cast, who):
    client.force_login(cast[who])
    response = client.get(reverse("password_change"))
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Change your password</h1>' in response.text
    assert client.get(SIGN_IN)["Location"] == reverse("home")


@pytest.mark.parametrize("who", ROLES)
def test_every_role_can_sign_in_and_out(client, cast, who):
    assert sign_in(client, cast[who].username).status_code == 302
    assert "_auth_user_id" in client.session
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session
