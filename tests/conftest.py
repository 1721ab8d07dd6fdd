"""The cast every permission test uses, built once per test from the real reference data.

- owner: a force lead in Cambridgeshire who owns `action`
- colleague: another Cambridgeshire force lead (same force, does not own it)
- force_manager: Cambridgeshire's force manager (reads, does not edit)
- outsider: a force lead in Lancashire (another force)
- outsider_manager: Lancashire's force manager
- inspector, national_manager: work across all forces
- anonymous: nobody signed in (the plain `client`)
"""

import datetime
import os

import pytest
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


@pytest.fixture
def reference_data(db):
    load_forces()
    load_frameworks()


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
