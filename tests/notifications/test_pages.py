"""The notifications pages for every role: preferences, the user's own notifications,
the unsubscribe link (GET confirms, POST turns off, one-click POST without a CSRF token),
and the PCC responses (read by anyone in scope, recorded only by the force's managers)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from inspections import pcc
from inspections.models import FindingKind
from notifications.kinds import Kind
from notifications.models import MailPreference, Notification
from notifications.unsubscribe import make_token
from tests.factories import FindingFactory, InspectionFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "owner",
    "colleague",
    "force_manager",
    "outsider",
    "outsider_manager",
    "inspector",
    "national_manager",
]


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


# --- preferences ----------------------------------------------------------------------


def test_preferences_need_signing_in(client):
    response = client.get(reverse("notifications:preferences"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("role", "kinds"),
    [
        ("owner", [Kind.ASSIGNED, Kind.OVERDUE, Kind.DUE_REMINDER]),
        ("force_manager", [Kind.FORCE_DIGEST, Kind.PCC_REMINDER]),
        ("inspector", [Kind.INSPECTOR_DIGEST]),
    ],
)
def test_each_role_sees_its_own_kinds_ticked(cast, role, kinds):
    page = signed_in(cast[role]).get(reverse("notifications:preferences")).text
    for kind in kinds:
        assert f'value="{kind.value}" checked' in page
    other = Kind.INSPECTOR_DIGEST if role != "inspector" else Kind.ASSIGNED
    assert f'value="{other.value}"' not in page


def test_a_national_manager_is_told_nothing_is_sent(national_manager):
    page = signed_in(national_manager).get(reverse("notifications:preferences")).text
    assert "sends no emails to your role" in page


def test_unticking_turns_a_kind_off_and_ticking_back_on(owner):
    client = signed_in(owner)
    url = reverse("notifications:preferences")
    keep = [k.value for k in Kind if k not in (Kind.OVERDUE,) and k in _lead_kinds()]
    response = client.post(url, {"kinds": keep})
    assert response.status_code == 302
    assert list(MailPreference.objects.filter(enabled=False).values_list("kind", flat=True)) == [
        "overdue"
    ]
    page = client.get(url).text
    assert 'value="overdue" checked' not in page
    assert "Your email choices are saved." in page
    client.post(url, {"kinds": [*keep, "overdue"]})
    assert not MailPreference.objects.filter(enabled=False).exists()


def _lead_kinds():
    from notifications.kinds import KINDS_FOR_ROLE

    return KINDS_FOR_ROLE["force_lead"]


def test_a_kind_not_for_the_role_is_refused_and_nothing_changes(owner):
    response = signed_in(owner).post(
        reverse("notifications:preferences"), {"kinds": ["inspector_digest"]}
    )
    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert not MailPreference.objects.exists()


# --- the user's notifications ------------------------------------------------------------


def notification(user, n=0, **kwargs):
    values = {
        "recipient": user,
        "kind": Kind.OVERDUE,
        "subject_key": f"action:{n}",
        "period": "p",
        "email": user.email,
        "subject": f"Overdue: Audit {n}",
        "body_text": f"Body {n}",
        "body_html": "<p>Body</p>",
        "as_of": datetime.date(2026, 3, 4),
    }
    return Notification.objects.create(**(values | kwargs))


def test_the_list_needs_signing_in(client):
    assert client.get(reverse("notifications:list")).status_code == 302


@pytest.mark.parametrize("role", ROLES)
def test_everyone_sees_only_their_own_notifications(cast, role):
    for name, user in cast.items():
        notification(user, subject=f"Mail for {name}")
    page = signed_in(cast[role]).get(reverse("notifications:list")).text
    assert f"Mail for {role}<" in page
    for other in set(ROLES) - {role}:
        assert f"Mail for {other}<" not in page


def test_the_list_shows_what_was_sent_and_what_failed(owner):
    notification(owner, 1, sent_at=timezone.now())
    notification(owner, 2, attempts=1, last_error="refused")
    page = signed_in(owner).get(reverse("notifications:list")).text
    assert "Failed, will retry" in page
    assert "Body 1" in page


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_takes_a_fixed_number_of_queries(owner, count, django_assert_num_queries):
    for n in range(count):
        notification(owner, n)
    client = signed_in(owner)
    # session, user, the page's count, the page's rows (the session is saved again only
    # every few minutes: peel/sessions.py)
    with django_assert_num_queries(4):
        response = client.get(reverse("notifications:list"))
    assert response.status_code == 200


# --- unsubscribe -----------------------------------------------------------------------


def test_the_link_asks_first_then_turns_the_kind_off(client, owner):
    url = reverse("notifications:unsubscribe", args=[make_token(owner.pk, Kind.OVERDUE)])
    page = client.get(url)
    assert page.status_code == 200
    assert "Stop these emails?" in page.text
    assert not MailPreference.objects.exists()
    response = client.post(url)
    assert response.status_code == 200
    assert "Emails stopped" in response.text
    preference = MailPreference.objects.get()
    assert (preference.user, preference.kind, preference.enabled, preference.changed_via) == (
        owner,
        "overdue",
        False,
        "link",
    )


def test_one_click_post_works_without_a_csrf_token(owner):
    client = Client(enforce_csrf_checks=True)
    url = reverse("notifications:unsubscribe", args=[make_token(owner.pk, Kind.DUE_REMINDER)])
    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert MailPreference.objects.get().kind == "due_reminder"


def test_an_unsubscribed_kind_is_no_longer_written(client, owner, finding):
    from notifications.daily import run_daily
    from tests.factories import ActionFactory

    client.post(reverse("notifications:unsubscribe", args=[make_token(owner.pk, Kind.OVERDUE)]))
    ActionFactory(finding=finding, owner=owner, due_date=datetime.date(2026, 3, 1))
    run_daily(datetime.date(2026, 3, 4))
    assert not Notification.objects.filter(kind=Kind.OVERDUE).exists()


def test_a_forged_link_is_a_404(client, owner):
    token = make_token(owner.pk, Kind.OVERDUE)
    forged = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    assert client.get(reverse("notifications:unsubscribe", args=[forged])).status_code == 404
    assert client.post(reverse("notifications:unsubscribe", args=[forged])).status_code == 404
    assert not MailPreference.objects.exists()


# --- PCC responses ---------------------------------------------------------------------


@pytest.fixture
def recommendation(cambs):
    inspection = InspectionFactory(
        force=cambs,
        published_on=datetime.date(2026, 2, 1),
        exact_publication_date=datetime.date(2026, 2, 2),
    )
    return FindingFactory(inspection=inspection, kind=FindingKind.RECOMMENDATION, text="Rec A.")


GOOD = {
    "response": "The commissioner welcomes it.",
    "outcome": "action_taken",
    "action": "A new call-handling plan.",
    "published_day": "20",
    "published_month": "3",
    "published_year": "2026",
    "link": "https://www.example.org/pcc/response",
}


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("owner", 200),
        ("colleague", 200),
        ("force_manager", 200),
        ("outsider", 404),
        ("outsider_manager", 404),
        ("inspector", 200),
        ("national_manager", 200),
    ],
)
def test_who_sees_the_pcc_pages(cast, recommendation, role, status):
    client = signed_in(cast[role])
    for url in (
        reverse("notifications:pcc_inspection", args=[recommendation.inspection.pk]),
        reverse("notifications:pcc_respond", args=[recommendation.pk]),
    ):
        assert client.get(url).status_code == status
    index = client.get(reverse("notifications:pcc_index")).text
    assert ("Rec A." in index or recommendation.inspection.cycle.name in index) == (status == 200)


def test_the_pcc_pages_need_signing_in(client, recommendation):
    for url in (
        reverse("notifications:pcc_index"),
        reverse("notifications:pcc_inspection", args=[recommendation.inspection.pk]),
        reverse("notifications:pcc_respond", args=[recommendation.pk]),
    ):
        assert client.get(url).status_code == 302
    assert (
        client.post(
            reverse("notifications:pcc_respond", args=[recommendation.pk]), GOOD
        ).status_code
        == 302
    )
    assert not pcc.PccResponse.objects.exists()


def test_only_the_force_manager_sees_the_form(cast, recommendation):
    url = reverse("notifications:pcc_respond", args=[recommendation.pk])
    for role in ("owner", "colleague", "inspector", "national_manager"):
        assert "Save the response" not in signed_in(cast[role]).get(url).text
    assert "Save the response" in signed_in(cast["force_manager"]).get(url).text


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("owner", 403),
        ("colleague", 403),
        ("inspector", 403),
        ("national_manager", 403),
        ("outsider", 404),
        ("outsider_manager", 404),
    ],
)
def test_nobody_else_records_a_response(cast, recommendation, role, status):
    response = signed_in(cast[role]).post(
        reverse("notifications:pcc_respond", args=[recommendation.pk]), GOOD
    )
    assert response.status_code == status
    if status == 403:
        assert pcc.CANNOT_RECORD in response.text
    assert not pcc.PccResponse.objects.exists()


def test_the_force_manager_records_and_corrects_a_response(force_manager, recommendation):
    client = signed_in(force_manager)
    url = reverse("notifications:pcc_respond", args=[recommendation.pk])
    response = client.post(url, GOOD)
    assert response.status_code == 302
    first = pcc.PccResponse.objects.get()
    assert (first.published_on, first.recorded_by, first.outcome) == (
        datetime.date(2026, 3, 20),
        force_manager,
        "action_taken",
    )
    page = client.get(reverse("notifications:pcc_inspection", args=[recommendation.inspection.pk]))
    assert "1 done, 0 done late, 0 due, 0 late" in page.text

    response = client.post(
        url, GOOD | {"based_on": first.pk, "outcome": "no_action", "no_action_reason": "Done."}
    )
    assert response.status_code == 302
    assert pcc.PccResponse.objects.current().get().supersedes == first


def test_a_response_recorded_meanwhile_is_a_conflict_and_keeps_what_was_typed(
    force_manager, recommendation
):
    client = signed_in(force_manager)
    url = reverse("notifications:pcc_respond", args=[recommendation.pk])
    client.post(url, GOOD)
    response = client.post(url, GOOD | {"response": "My own words."})  # based on nothing
    assert response.status_code == 409
    assert "Someone else recorded a response" in response.text
    assert "My own words.</textarea>" in response.text
    assert pcc.PccResponse.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"response": ""}, "Enter the PCC"),
        ({"outcome": ""}, "Choose what the response says will happen."),
        ({"action": ""}, "Describe the action taken or proposed."),
        ({"outcome": "no_action"}, "Say why no action will be taken."),
        ({"published_day": "31", "published_month": "2"}, "must be a real date"),
        ({"published_year": "2099"}, "must be today or earlier"),
        ({"link": "not a link"}, "Enter the link as a web address"),
    ],
)
def test_a_mistake_is_refused_with_the_reason(force_manager, recommendation, changes, message):
    response = signed_in(force_manager).post(
        reverse("notifications:pcc_respond", args=[recommendation.pk]), GOOD | changes
    )
    assert response.status_code == 400
    assert message in response.text
    assert not pcc.PccResponse.objects.exists()


def test_an_area_for_improvement_has_no_response_page(force_manager, finding):
    url = reverse("notifications:pcc_respond", args=[finding.pk])
    assert signed_in(force_manager).get(url).status_code == 404


@pytest.mark.parametrize("count", [2, 12])
def test_the_pcc_index_takes_a_fixed_number_of_queries(
    national_manager, cambs, lancs, count, django_assert_num_queries
):
    for force in (cambs, lancs):
        inspection = InspectionFactory(force=force)
        for _ in range(count):
            FindingFactory(inspection=inspection, kind=FindingKind.RECOMMENDATION)
    client = signed_in(national_manager)
    # session, user, recommendations (with inspection, force, cycle), their responses
    with django_assert_num_queries(4):
        response = client.get(reverse("notifications:pcc_index"))
    assert response.status_code == 200


def test_inspectors_read_the_outbox_in_the_admin_and_nobody_changes_it(client, cast, owner):
    row = notification(owner, 1, subject="Overdue: the admin one")
    url = reverse("admin:notifications_notification_changelist")
    client.force_login(cast["inspector"])
    assert "Overdue: the admin one" in client.get(url).text
    change = reverse("admin:notifications_notification_change", args=[row.pk])
    response = client.post(change, {"subject": "changed"})
    assert response.status_code == 403
    assert client.get(reverse("admin:notifications_notification_add")).status_code == 403
    client.force_login(cast["force_manager"])
    assert client.get(url).status_code == 302  # to the admin's sign-in


@pytest.mark.parametrize("count", [2, 12])
def test_the_pcc_inspection_page_takes_a_fixed_number_of_queries(
    force_manager, recommendation, count, django_assert_num_queries
):
    for _ in range(count):
        FindingFactory(inspection=recommendation.inspection, kind=FindingKind.RECOMMENDATION)
    client = signed_in(force_manager)
    url = reverse("notifications:pcc_inspection", args=[recommendation.inspection.pk])
    # session, user, the inspection (scoped), its recommendations, their responses
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.status_code == 200
