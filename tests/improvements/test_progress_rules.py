"""Progress is the force's own figure, and submitting, returning and verifying leave the
action, and its timeline, telling the truth."""

import pytest

from improvements import services
from improvements.models import ActionUpdate, Status
from improvements.workflow import NotAllowed, WorkflowError
from tests.factories import LinkEvidenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(action, owner):
    action = services.post_update(action, by=owner, version=action.version, transition="start")
    LinkEvidenceFactory(action=action)
    return services.post_update(
        action, by=owner, version=action.version, transition="submit", progress=40
    )


def test_submitting_records_the_progress_actually_saved(submitted):
    assert submitted.progress == 100
    entry = ActionUpdate.objects.filter(action=submitted, to_status=Status.SUBMITTED).get()
    assert entry.progress == 100


def test_an_inspector_cannot_set_progress_when_verifying_or_returning(submitted, inspector):
    for transition in ("verify", "return"):
        with pytest.raises(NotAllowed):
            services.post_update(
                submitted,
                by=inspector,
                version=submitted.version,
                transition=transition,
                note="Seen.",
                progress=5,
            )
    submitted.refresh_from_db()
    assert (submitted.status, submitted.progress) == (Status.SUBMITTED, 100)


def test_returning_takes_the_action_back_out_of_submission(submitted, inspector):
    returned = services.change_status(
        submitted, "return", by=inspector, version=submitted.version, reason="Audit missing."
    )
    assert returned.status == Status.IN_PROGRESS
    assert returned.submitted_at is None
    returned.refresh_from_db()
    assert returned.submitted_at is None


def test_a_manager_cannot_post_progress(action, force_manager):
    with pytest.raises(NotAllowed):
        services.post_update(action, by=force_manager, version=action.version, progress=50)


def test_nobody_posts_progress_on_a_verified_action(submitted, inspector, owner):
    verified = services.change_status(submitted, "verify", by=inspector, version=submitted.version)
    with pytest.raises(WorkflowError, match=r"verified"):
        services.post_update(verified, by=owner, version=verified.version, progress=10)
