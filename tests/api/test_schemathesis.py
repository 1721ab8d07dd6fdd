"""Property-based: schemathesis generates requests from the OpenAPI schema for every
operation and sends them (in-process, through Django's WSGI handler, inside the test's
transaction) as a force lead and as an inspector, each with a read-write token. Every
response must be no server error and must match the schema: its status code, content
type, headers and body.

Bounded for CI (2 cores): `SCHEMATHESIS_MAX_EXAMPLES` examples per operation and user
(default 12), derandomised so a run repeats. Path ids are drawn from the real records
half the time, so that detail and write endpoints meet real objects, not only 404s.
"""

from __future__ import annotations

import contextlib
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from improvements import services
from tests.factories import ActionFactory, FindingFactory

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "12"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def records(action, owner, lancs_action, inspection):
    """Something for every endpoint to find: an action with evidence, a proposed due
    date and an update; another force's; a finding with no action."""
    FindingFactory(inspection=inspection)
    services.add_evidence(
        action, by=owner, description="Minutes", url="https://intranet.example.org/minutes"
    )
    services.post_update(action, by=owner, version=None, note="Started")
    second = ActionFactory(finding=action.finding, owner=owner)
    services.propose_due_date(
        second,
        by=owner,
        version=None,
        proposed_due_date=second.due_date.replace(year=second.due_date.year + 1),
        reason="Later",
    )
    return {"id": [action.pk, second.pk, lancs_action.pk], "pk": [action.pk, lancs_action.pk]}


@contextlib.contextmanager
def keep_the_test_connection():
    """Django closes a connection that is inside a transaction when a request starts or
    finishes; its test client stops that for each of its requests (and then restores
    it), and so must we around our own calls of the WSGI handler (else PostgreSQL loses
    the test's transaction at the first request)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def _operations(client):
    schema_dict = client.get("/api/schema/?format=json").json()
    schema = schemathesis.openapi.from_dict(schema_dict)
    schema.app = get_wsgi_application()
    return [result.ok() for result in schema.get_all_operations()]


def _run(operation, headers: dict, ids: dict) -> None:
    real_ids = st.one_of(st.none(), st.sampled_from(ids["id"]))

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(), real=real_ids)
    def check(case, real):
        if real is not None and case.path_parameters:
            for name in case.path_parameters:
                if name in ("id", "pk"):
                    case.path_parameters[name] = real
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)

    check()


@pytest.mark.parametrize("role", ["owner", "inspector"])
def test_the_api_keeps_to_its_schema(role, cast, records, api_as, settings):
    settings.API_THROTTLE_RATES = {"user": "100000/min", "token": "100000/min"}
    client = api_as(cast[role])
    headers = {"Authorization": client._credentials["HTTP_AUTHORIZATION"]}
    operations = _operations(client)
    assert len(operations) >= 20
    failures = []
    with keep_the_test_connection():
        for operation in operations:
            try:
                _run(operation, headers, records)
            except Exception as failure:  # collect all, then fail once naming each
                failures.append(f"{operation.label}: {failure}")
    assert not failures, "\n\n".join(failures)
