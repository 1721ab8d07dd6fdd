"""API lists kept for the token that asked until the data changes (api/kept.py)."""

from __future__ import annotations

import pytest

from improvements.models import Action
from peel.page_cache import move_version

pytestmark = pytest.mark.django_db

ACTIONS = "/api/v1/actions/"


def test_the_same_token_reading_the_same_list_again_is_handed_the_kept_list(
    api_as, owner, action, django_assert_num_queries
):
    client = api_as(owner)
    first = client.get(ACTIONS)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(1):  # the token and its user: no list queries
        again = client.get(ACTIONS)
    assert again["X-Page-Cache"] == "hit"
    assert again.json() == first.json()
    assert again["Content-Type"] == "application/json"
    assert [row["title"] for row in again.json()["results"]] == [action.title]


def test_a_change_through_the_api_is_in_the_next_list(api_as, owner, inspector, action):
    client = api_as(owner)
    client.get(ACTIONS)
    editor = api_as(inspector)
    response = editor.patch(
        f"{ACTIONS}{action.pk}/",
        {"title": "Retitled through the API"},
        format="json",
        HTTP_IF_MATCH=editor.get(f"{ACTIONS}{action.pk}/")["ETag"],
    )
    assert response.status_code == 200, response.json()
    after = client.get(ACTIONS)
    assert after["X-Page-Cache"] == "miss"
    assert after.json()["results"][0]["title"] == "Retitled through the API"


def test_a_list_is_never_handed_to_another_token_or_user(api_as, cast, action):
    api_as(cast["owner"]).get(ACTIONS)
    assert api_as(cast["owner"]).get(ACTIONS)["X-Page-Cache"] == "miss"  # another token
    for name in ("colleague", "force_manager", "outsider", "inspector", "national_manager"):
        response = api_as(cast[name]).get(ACTIONS)
        assert response["X-Page-Cache"] == "miss"
        titles = [row["title"] for row in response.json()["results"]]
        assert (action.title in titles) is (name != "outsider")


def test_request_limits_count_kept_lists_too(api_as, owner, action, settings):
    settings.API_THROTTLE_RATES = {"user": "100/min", "token": "3/min"}
    client = api_as(owner)
    answers = [client.get(ACTIONS) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[2]["X-Page-Cache"] == "hit"


def test_a_write_elsewhere_makes_the_list_afresh(api_as, owner, action):
    client = api_as(owner)
    client.get(ACTIONS)
    Action.objects.filter(pk=action.pk).update(title="Changed on a page")
    assert client.get(ACTIONS).json()["results"][0]["title"] == "Changed on a page"
    move_version()
    assert client.get(ACTIONS)["X-Page-Cache"] == "miss"
