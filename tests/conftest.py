"""The cast every permission test uses, built once per test from the real reference data.

The reference data (the 43 forces, the cycles and their frameworks) is loaded once, into
the test database, when the session creates it (`django_db_setup`); each test's
transaction leaves it as it was. Transactional tests (the browser tests) run last, and
each flushes the database when it ends, so `reference_data` loads it again for the next.

- owner: a force lead in Cambridgeshire who owns `action`
- colleague: another Cambridgeshire force lead (same force, does not own it)
- force_manager: Cambridgeshire's force manager (reads, does not edit)
- outsider: a force lead in Lancashire (another force)
- outsider_manager: Lancashire's force manager
- inspector, national_manager: work across all forces
- anonymous: nobody signed in (the plain `client`)

Every test starts with empty caches (rate limits, API request limits, kept pages), so no
test depends on another's counters or pages.
"""

import datetime
import os

import pytest
from django.core.cache import caches
from django.utils import timezone

from accounts.models import Role
from inspections.models import Force
from inspections.reference import load_forces, load_frameworks
from tests.factories import (
    ActionFactory,
    FindingFactory,
    InspectionFactory,
    InspectorFactory,
    NationalManagerFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _empty_cache():
    for alias in ("default", "pages"):
        caches[alias].clear()
    yield
    for alias in ("default", "pages"):
        caches[alias].clear()


def load_reference_data() -> None:
    load_forces()
    load_frameworks()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, with the reference data loaded once per session."""
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture
def reference_data(db):
    """The reference data: there already, unless a transactional test flushed it."""
    if not Force.objects.exists():
        load_reference_data()


@pytest.fixture
def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture
def cambs(reference_data) -> Force:
    return Force.objects.get(slug="cambridgeshire")


@pytest.fixture
def lancs(reference_data) -> Force:
    return Force.objects.get(slug="lancashire")


@pytest.fixture
def owner(cambs):
    return UserFactory(username="owner", role=Role.FORCE_LEAD, force=cambs)


@pytest.fixture
def colleague(cambs):
    return UserFactory(username="colleague", role=Role.FORCE_LEAD, force=cambs)


@pytest.fixture
def force_manager(cambs):
    return UserFactory(username="cambs-manager", role=Role.FORCE_MANAGER, force=cambs)


@pytest.fixture
def outsider(lancs):
    return UserFactory(username="outsider", role=Role.FORCE_LEAD, force=lancs)


@pytest.fixture
def outsider_manager(lancs):
    return UserFactory(username="lancs-manager", role=Role.FORCE_MANAGER, force=lancs)


@pytest.fixture
def inspector(reference_data):
    return InspectorFactory(username="inspector")


@pytest.fixture
def national_manager(reference_data):
    return NationalManagerFactory(username="national-manager")


@pytest.fixture
def inspection(cambs):
    return InspectionFactory(force=cambs)


@pytest.fixture
def finding(inspection):
    return FindingFactory(inspection=inspection)


@pytest.fixture
def action(finding, owner, today):
    return ActionFactory(finding=finding, owner=owner, due_date=today + datetime.timedelta(days=60))


@pytest.fixture
def lancs_action(lancs, outsider, today):
    finding = FindingFactory(inspection=InspectionFactory(force=lancs))
    return ActionFactory(finding=finding, owner=outsider)


@pytest.fixture
def cast(owner, colleague, force_manager, outsider, outsider_manager, inspector, national_manager):
    """Everyone, by name, for tests that walk through every role."""
    return {
        "owner": owner,
        "colleague": colleague,
        "force_manager": force_manager,
        "outsider": outsider,
        "outsider_manager": outsider_manager,
        "inspector": inspector,
        "national_manager": national_manager,
    }


def browser_required() -> bool:
    return os.environ.get("PEEL_REQUIRE_BROWSER") == "1"
