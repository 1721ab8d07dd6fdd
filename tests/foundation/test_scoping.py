"""`visible_to` decides what each role sees; everything else goes through it."""

import pytest

from improvements.models import Action
from inspections.models import Finding, Inspection
from tests.factories import InspectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(lancs):
    return InspectionFactory(force=lancs, status=Inspection.Status.DRAFT, published_on=None)


def test_force_staff_see_only_their_own_force(cast, action, lancs_action):
    for name in ("owner", "colleague", "force_manager"):
        user = cast[name]
        assert list(Action.objects.visible_to(user)) == [action], name
        assert set(Finding.objects.visible_to(user)) == {action.finding}, name
    for name in ("outsider", "outsider_manager"):
        assert list(Action.objects.visible_to(cast[name])) == [lancs_action], name


def test_inspectors_and_national_managers_see_every_force(cast, action, lancs_action):
    for name in ("inspector", "national_manager"):
        assert set(Action.objects.visible_to(cast[name])) == {action, lancs_action}


def test_drafts_are_for_inspectors_only(cast, draft):
    assert draft in Inspection.objects.visible_to(cast["inspector"])
    for name in ("national_manager", "outsider", "outsider_manager"):
        assert draft not in Inspection.objects.visible_to(cast[name]), name


def test_anonymous_and_roleless_users_see_nothing(action, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert not Action.objects.visible_to(AnonymousUser()).exists()
    nobody = django_user_model.objects.create_user("nobody", password="x")
    assert not Action.objects.visible_to(nobody).exists()
    assert not Inspection.objects.visible_to(nobody).exists()


def test_only_force_leads_of_the_force_edit(cast, action):
    from improvements.workflow import can_edit

    editors = {name for name, user in cast.items() if can_edit(user, action)}
    assert editors == {"owner", "colleague"}


def test_evidence_updates_and_judgments_follow_their_parent(cast, action, lancs_action):
    from improvements.models import ActionUpdate, Evidence
    from inspections.models import Judgment
    from tests.factories import ActionUpdateFactory, JudgmentFactory, LinkEvidenceFactory

    mine = LinkEvidenceFactory(action=action)
    theirs = LinkEvidenceFactory(action=lancs_action)
    ActionUpdateFactory(action=action)
    ActionUpdateFactory(action=lancs_action)
    JudgmentFactory(inspection=action.finding.inspection)
    JudgmentFactory(inspection=lancs_action.finding.inspection)
    owner, inspector = cast["owner"], cast["inspector"]
    assert list(Evidence.objects.visible_to(owner)) == [mine]
    assert set(Evidence.objects.visible_to(inspector)) == {mine, theirs}
    assert {u.action for u in ActionUpdate.objects.visible_to(owner)} == {action}
    assert {j.inspection for j in Judgment.objects.visible_to(owner)} == {action.finding.inspection}
