"""Due dates: a force lead proposes a new one with a reason; an inspector agrees it (it
becomes the revised due date beside the original) or declines it with a reason. Each change
writes one timeline entry and refuses to overwrite someone else's edit."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from improvements import services
from improvements.models import Action, ActionUpdate, Status
from improvements.services import EditConflict
from improvements.workflow import NotAllowed, WorkflowError

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)

NOT_FORCE_LEADS_OF_THE_FORCE = [
    "force_manager",
    "outsider",
    "outsider_manager",
    "inspector",
    "national_manager",
]
NOT_INSPECTORS = ["owner", "colleague", "force_manager", "outsider", "national_manager"]


def long_date(date: datetime.date) -> str:
    return f"{date.day} {date:%B %Y}"


def set_status(action: Action, status: Status, by=None) -> Action:
    """Put an action in a status for a test (the services are the only way in real use)."""
    fields = {"status": status}
    if status in (Status.SUBMITTED, Status.VERIFIED):
        fields["submitted_at"] = timezone.now()
    if status == Status.VERIFIED:
        fields["verified_at"], fields["verified_by"] = timezone.now(), by
    Action.objects.filter(pk=action.pk).update(**fields)
    action.refresh_from_db()
    return action


def propose(action, by, days=30, reason="The supplier is late."):
    return services.propose_due_date(
        action,
        by=by,
        version=action.version,
        proposed_due_date=action.due_date + days * DAY,
        reason=reason,
    )


@pytest.fixture
def proposed(action, owner):
    """The action with a new due date, 30 days after the original, waiting to be agreed."""
    return propose(action, owner)


# --- proposing ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["owner", "colleague"])
def test_force_leads_of_the_force_propose_a_new_due_date(role, cast, action):
    original = action.due_date

    updated = propose(action, cast[role])

    updated.refresh_from_db()
    assert updated.due_date == original
    assert updated.proposed_due_date == original + 30 * DAY
    assert updated.proposed_due_reason == "The supplier is late."
    assert updated.proposed_by == cast[role]
    assert updated.proposed_at is not None
    assert updated.version == 2
    # Not agreed yet: the due date that counts has not moved.
    assert updated.revised_due_date is None
    assert updated.effective_due_date == original


def test_a_proposal_leaves_one_timeline_entry_saying_what_was_proposed(owner, action):
    new_date = action.due_date + 30 * DAY

    propose(action, owner)

    entry = ActionUpdate.objects.get(action=action)
    assert entry.author == owner
    assert entry.revised_due_date == new_date
    assert entry.note == f"Proposed a new due date of {long_date(new_date)}: The supplier is late."


@pytest.mark.parametrize("role", NOT_FORCE_LEADS_OF_THE_FORCE)
def test_nobody_else_proposes_a_due_date(role, cast, action):
    with pytest.raises(
        NotAllowed, match=r"^Only a force lead of the action's force may propose a new due date.$"
    ):
        propose(action, cast[role])

    action.refresh_from_db()
    assert action.proposed_due_date is None
    assert not ActionUpdate.objects.exists()


@pytest.mark.parametrize(
    "status", [Status.SUBMITTED, Status.VERIFIED, Status.CANCELLED], ids=lambda s: s.value
)
def test_a_due_date_is_proposed_only_while_the_action_is_open(status, owner, inspector, action):
    action = set_status(action, status, by=inspector)

    with pytest.raises(WorkflowError, match=r": it can no longer be changed.$") as refusal:
        propose(action, owner)

    assert not isinstance(refusal.value, NotAllowed)
    action.refresh_from_db()
    assert action.proposed_due_date is None


@pytest.mark.parametrize("status", [Status.IN_PROGRESS, Status.ON_HOLD], ids=lambda s: s.value)
def test_a_due_date_is_proposed_in_any_open_status(status, owner, action):
    action = set_status(action, status)

    propose(action, owner)

    action.refresh_from_db()
    assert action.has_proposed_due_date


def test_a_proposal_needs_a_reason(owner, action):
    with pytest.raises(WorkflowError, match=r"^Give a reason for the new due date.$") as refusal:
        propose(action, owner, reason="   ")

    assert refusal.value.field == "reason"
    action.refresh_from_db()
    assert action.proposed_due_date is None


def test_a_date_in_the_past_is_refused(owner, action, today):
    with pytest.raises(
        WorkflowError, match=r"^The new due date must be today or in the future.$"
    ) as refusal:
        services.propose_due_date(
            action, by=owner, version=1, proposed_due_date=today - DAY, reason="Backdated."
        )

    assert refusal.value.field == "date"


def test_today_may_be_proposed(owner, action, today):
    services.propose_due_date(
        action, by=owner, version=1, proposed_due_date=today, reason="Finished early."
    )

    action.refresh_from_db()
    assert action.proposed_due_date == today


def test_the_current_due_date_is_refused(owner, action):
    with pytest.raises(WorkflowError, match=r"^The new due date is the same as the current one.$"):
        propose(action, owner, days=0)


def test_once_revised_the_revised_date_is_the_current_one(owner, inspector, proposed):
    services.agree_due_date(proposed, by=inspector, version=proposed.version)
    proposed.refresh_from_db()

    with pytest.raises(WorkflowError, match=r"^The new due date is the same as the current one.$"):
        propose(proposed, owner, days=30)

    # ... while the original date is a change back, with its own reason.
    propose(proposed, owner, days=0, reason="The supplier caught up.")
    proposed.refresh_from_db()
    assert proposed.proposed_due_date == proposed.due_date


def test_a_new_proposal_replaces_the_one_waiting(colleague, proposed):
    propose(proposed, colleague, days=50, reason="Now the auditors are late too.")

    proposed.refresh_from_db()
    assert proposed.proposed_due_date == proposed.due_date + 50 * DAY
    assert proposed.proposed_due_reason == "Now the auditors are late too."
    assert proposed.proposed_by == colleague
    # Both proposals stay on the timeline.
    assert [u.revised_due_date for u in proposed.updates.order_by("pk")] == [
        proposed.due_date + 30 * DAY,
        proposed.due_date + 50 * DAY,
    ]


# --- agreeing ----------------------------------------------------------------------------


def test_an_inspector_agrees_the_proposal_and_it_becomes_the_revised_due_date(
    owner, inspector, proposed
):
    original, new_date = proposed.due_date, proposed.proposed_due_date

    services.agree_due_date(proposed, by=inspector, version=proposed.version)

    proposed.refresh_from_db()
    assert proposed.due_date == original
    assert proposed.revised_due_date == new_date
    assert proposed.effective_due_date == new_date
    assert proposed.revised_due_reason == "The supplier is late."
    assert proposed.revised_due_agreed_by == inspector
    assert proposed.revised_due_agreed_at is not None
    # The proposal is settled.
    assert proposed.proposed_due_date is None
    assert (proposed.proposed_due_reason, proposed.proposed_by, proposed.proposed_at) == (
        "",
        None,
        None,
    )
    assert proposed.version == 3


def test_agreeing_leaves_one_timeline_entry_saying_what_was_agreed(inspector, proposed):
    new_date = proposed.proposed_due_date

    services.agree_due_date(proposed, by=inspector, version=proposed.version)

    entry = proposed.updates.latest()
    assert proposed.updates.count() == 2
    assert (entry.author, entry.revised_due_date) == (inspector, new_date)
    assert entry.note == f"Agreed the new due date of {long_date(new_date)}."


@pytest.mark.parametrize("role", NOT_INSPECTORS)
def test_only_inspectors_agree_a_due_date(role, cast, proposed):
    with pytest.raises(NotAllowed, match=r"^Only an inspector may agree a new due date.$"):
        services.agree_due_date(proposed, by=cast[role], version=proposed.version)

    proposed.refresh_from_db()
    assert proposed.revised_due_date is None
    assert proposed.has_proposed_due_date


def test_there_is_nothing_to_agree_without_a_proposal(inspector, action):
    with pytest.raises(WorkflowError, match=r"^No new due date is waiting to be agreed.$"):
        services.agree_due_date(action, by=inspector, version=action.version)


def test_a_proposal_may_be_agreed_while_the_action_is_submitted(inspector, proposed):
    proposed = set_status(proposed, Status.SUBMITTED)

    services.agree_due_date(proposed, by=inspector, version=proposed.version)

    proposed.refresh_from_db()
    assert proposed.revised_due_date == proposed.due_date + 30 * DAY


# --- declining ---------------------------------------------------------------------------


def test_an_inspector_declines_the_proposal_with_a_reason(inspector, proposed):
    declined = proposed.proposed_due_date

    services.decline_due_date(
        proposed, by=inspector, version=proposed.version, reason="Not without a new plan."
    )

    proposed.refresh_from_db()
    assert proposed.proposed_due_date is None
    assert proposed.revised_due_date is None
    assert proposed.effective_due_date == proposed.due_date
    entry = proposed.updates.latest()
    assert entry.author == inspector
    assert entry.note == (
        f"Declined the proposed due date of {long_date(declined)}: Not without a new plan."
    )
    # The proposal itself stays on the timeline.
    assert proposed.updates.filter(revised_due_date=declined).count() == 1


def test_declining_keeps_an_earlier_agreed_date(owner, inspector, proposed):
    services.agree_due_date(proposed, by=inspector, version=proposed.version)
    proposed.refresh_from_db()
    agreed = proposed.revised_due_date
    propose(proposed, owner, days=90)
    proposed.refresh_from_db()

    services.decline_due_date(proposed, by=inspector, version=proposed.version, reason="No.")

    proposed.refresh_from_db()
    assert (proposed.revised_due_date, proposed.revised_due_agreed_by) == (agreed, inspector)


def test_declining_needs_a_reason(inspector, proposed):
    with pytest.raises(WorkflowError, match=r"^Give a reason for declining the new due date.$"):
        services.decline_due_date(proposed, by=inspector, version=proposed.version, reason=" ")

    proposed.refresh_from_db()
    assert proposed.has_proposed_due_date


@pytest.mark.parametrize("role", NOT_INSPECTORS)
def test_only_inspectors_decline_a_due_date(role, cast, proposed):
    with pytest.raises(NotAllowed, match=r"^Only an inspector may decline a new due date.$"):
        services.decline_due_date(proposed, by=cast[role], version=proposed.version, reason="No.")

    proposed.refresh_from_db()
    assert proposed.has_proposed_due_date


def test_there_is_nothing_to_decline_without_a_proposal(inspector, action):
    with pytest.raises(WorkflowError, match=r"^No new due date is waiting to be agreed.$"):
        services.decline_due_date(action, by=inspector, version=action.version, reason="No.")


# --- closing the action ------------------------------------------------------------------


@pytest.mark.parametrize("transition", ["verify", "cancel"])
def test_a_proposal_lapses_when_the_action_closes(transition, inspector, proposed):
    if transition == "verify":
        proposed = set_status(proposed, Status.SUBMITTED)

    services.change_status(
        proposed, transition, by=inspector, version=proposed.version, reason="Done with."
    )

    proposed.refresh_from_db()
    assert proposed.proposed_due_date is None
    assert proposed.proposed_by is None
    assert proposed.updates.filter(revised_due_date__isnull=False).count() == 1


def test_a_proposal_on_a_closed_action_cannot_be_decided(inspector, proposed):
    proposed = set_status(proposed, Status.CANCELLED)  # as if closed by older code

    with pytest.raises(WorkflowError, match=r"^The action is cancelled: its due date can no"):
        services.agree_due_date(proposed, by=inspector, version=proposed.version)


# --- two people at once --------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        lambda action, lead, inspector: propose(action, lead),
        lambda action, lead, inspector: services.agree_due_date(
            action, by=inspector, version=action.version
        ),
        lambda action, lead, inspector: services.decline_due_date(
            action, by=inspector, version=action.version, reason="No."
        ),
    ],
    ids=["propose", "agree", "decline"],
)
def test_a_stale_version_raises_edit_conflict_and_changes_nothing(
    change, owner, colleague, inspector, proposed
):
    stale = Action.objects.get(pk=proposed.pk)
    services.post_update(proposed, by=colleague, version=proposed.version, progress=20)
    before = Action.objects.values().get(pk=proposed.pk)
    entries = ActionUpdate.objects.count()

    with pytest.raises(EditConflict):
        change(stale, owner, inspector)

    assert Action.objects.values().get(pk=proposed.pk) == before
    assert ActionUpdate.objects.count() == entries


def test_an_inspector_agreeing_a_proposal_the_force_has_since_replaced_is_refused(
    colleague, inspector, proposed
):
    seen = Action.objects.get(pk=proposed.pk)
    propose(proposed, colleague, days=60)

    with pytest.raises(EditConflict):
        services.agree_due_date(seen, by=inspector, version=seen.version)

    proposed.refresh_from_db()
    assert proposed.revised_due_date is None
    assert proposed.proposed_due_date == proposed.due_date + 60 * DAY


# --- the database's own check ----------------------------------------------------------------


def refused(**fields) -> bool:
    try:
        with transaction.atomic():
            Action.objects.update(**fields)
    except IntegrityError:
        return True
    return False


def test_a_proposal_has_its_date_reason_who_and_when_or_none_of_them(owner, action, today):
    now = timezone.now()
    complete = {
        "proposed_due_date": today,
        "proposed_due_reason": "Why",
        "proposed_by": owner,
        "proposed_at": now,
    }

    assert not refused(**complete)
    for missing, empty in [
        ("proposed_due_date", None),
        ("proposed_due_reason", ""),
        ("proposed_by", None),
        ("proposed_at", None),
    ]:
        assert refused(**{**complete, missing: empty}), missing
    assert not refused(
        proposed_due_date=None, proposed_due_reason="", proposed_by=None, proposed_at=None
    )
