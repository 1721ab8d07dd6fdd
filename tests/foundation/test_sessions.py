"""Sessions: an idle timeout that slides as someone works, saved at most every few minutes."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

PAGE = reverse("workspace:my_actions")


def age_session(minutes: float) -> Session:
    """Pretend the session was last saved `minutes` ago."""
    session = Session.objects.get()
    session.expire_date -= datetime.timedelta(minutes=minutes)
    session.save()
    return session


def expiry() -> datetime.datetime:
    return Session.objects.get().expire_date


def test_the_session_is_not_saved_again_within_the_refresh_interval(client, owner):
    assert settings.SESSION_REFRESH_SECONDS == 5 * 60
    client.force_login(owner)
    before = age_session(minutes=4).expire_date
    assert client.get(PAGE).status_code == 200
    assert expiry() == before


def test_a_request_after_the_interval_slides_the_idle_timeout(client, owner):
    client.force_login(owner)
    age_session(minutes=6)
    assert client.get(PAGE).status_code == 200
    expected = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs((expiry() - expected).total_seconds()) < 60


def test_a_session_idle_for_a_working_day_has_expired(client, owner):
    client.force_login(owner)
    age_session(minutes=8 * 60 + 1)
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_working_steadily_keeps_the_session_alive_past_the_idle_timeout(client, owner):
    client.force_login(owner)
    # Three working days' worth of requests, one every 6 minutes (simulated by ageing the row).
    for _request in range(3 * 8 * 10):
        age_session(minutes=6)
        assert client.get(PAGE).status_code == 200


def test_a_signed_in_page_reads_the_session_and_writes_nothing(client, owner):
    client.force_login(owner)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(PAGE).status_code == 200
    sessions = [q["sql"] for q in captured if "django_session" in q["sql"]]
    assert len(sessions) == 1
    assert sessions[0].startswith("SELECT")
    assert not any("SAVEPOINT" in q["sql"] for q in captured)


def test_the_health_check_needs_no_sign_in_and_writes_no_session(client, django_assert_num_queries):
    # One query: SELECT 1. No session is read, created or saved.
    with django_assert_num_queries(1):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert not Session.objects.exists()


def test_the_health_check_says_when_the_database_is_unreachable(client, monkeypatch):
    from django.db import DatabaseError

    from peel import health

    class Broken:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr(health, "connection", Broken())
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}
    assert "refused" not in response.text
