"""Each generated action's life: its final status and a dated, consistent timeline.

`ActionHistories` is the half of `demo.generator.Generator` that makes the actions, their
timeline entries and their evidence (see the generator's docstring for the rules).
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from demo.words import ACTION_VERBS, EVIDENCE, NOTES, OBJECTS
from improvements.models import Action, ActionUpdate, Evidence, Priority, Status
from inspections.models import Finding, Inspection

UTC = datetime.UTC
MISSING_FILE_PREFIX = "demo-missing/"


#: How an action ends up, by how far through its time it is (elapsed / window):
#: long past its date, mostly verified; early on, mostly not started or in progress.
STATUS_MIX = [
    (3.0, {Status.VERIFIED: 84, Status.CANCELLED: 12, Status.SUBMITTED: 1,
           Status.IN_PROGRESS: 2, Status.ON_HOLD: 1}),
    (1.3, {Status.VERIFIED: 70, Status.CANCELLED: 5, Status.SUBMITTED: 5,
           Status.IN_PROGRESS: 14, Status.ON_HOLD: 4, Status.NOT_STARTED: 2}),
    (1.0, {Status.VERIFIED: 40, Status.CANCELLED: 3, Status.SUBMITTED: 15,
           Status.IN_PROGRESS: 32, Status.ON_HOLD: 5, Status.NOT_STARTED: 5}),
    (0.5, {Status.VERIFIED: 15, Status.CANCELLED: 2, Status.SUBMITTED: 13,
           Status.IN_PROGRESS: 60, Status.ON_HOLD: 5, Status.NOT_STARTED: 5}),
    (float("-inf"), {Status.SUBMITTED: 4, Status.IN_PROGRESS: 56, Status.ON_HOLD: 5,
                     Status.NOT_STARTED: 35}),
]  # fmt: skip


@contextmanager
def keep_given_timestamps(model, *names: str) -> Iterator[None]:
    """Let bulk_create write the dates we give instead of "now" (auto_now fields)."""
    fields = [model._meta.get_field(name) for name in names]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    try:
        for f in fields:
            f.auto_now = f.auto_now_add = False
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _update_kind(note: str, from_status: str, to_status: str, progress: int | None) -> str:
    """The timeline entry's kind, as the services would have set it."""
    if from_status == Status.SUBMITTED and to_status == Status.IN_PROGRESS:
        return ActionUpdate.Kind.RETURNED
    if to_status:
        return ActionUpdate.Kind.STATUS_CHANGE
    if note == "Action created.":
        return ActionUpdate.Kind.CREATED
    return ActionUpdate.Kind.PROGRESS if progress is not None else ActionUpdate.Kind.NOTE


@dataclass
class Plan:
    """One action's life: its final state and its dated timeline."""

    action: Action
    events: list[tuple] = field(default_factory=list)  # (when, author, note, from, to, progress)
    evidence: list[Evidence] = field(default_factory=list)


class ActionHistories:
    """Actions and their histories; mixed into the Generator, whose `rng`, `today`,
    `limit`, `leads`, `inspectors`, `moment`, `between` and `bulk` it uses."""

    def make_actions(self, findings) -> None:
        rng = self.rng
        plans: list[Plan] = []
        for finding, inspection in findings:
            force_id = inspection.force_id
            for _ in range(pick(rng, {2: 25, 3: 30, 4: 25, 5: 20})):
                plans.append(self.plan_action(finding, inspection, force_id))
        with keep_given_timestamps(Action, "created_at", "updated_at"):
            self.bulk(Action, [p.action for p in plans])
        updates, evidence = [], []
        for plan in plans:
            action = plan.action
            for when, author, note, from_status, to_status, progress in plan.events:
                updates.append(
                    ActionUpdate(
                        action=action,
                        author=author,
                        created_at=when,
                        kind=_update_kind(note, from_status, to_status, progress),
                        note=note,
                        from_status=from_status,
                        to_status=to_status,
                        progress=progress,
                    )
                )
            for item in plan.evidence:
                item.action = action
                evidence.append(item)
        self.bulk(ActionUpdate, updates)
        self.bulk(Evidence, evidence)

    def plan_action(self, finding: Finding, inspection: Inspection, force_id: int) -> Plan:
        rng = self.rng
        lead = rng.choice(self.leads[force_id])
        inspector = rng.choice(self.inspectors)
        created_day = inspection.published_on + datetime.timedelta(days=rng.randint(3, 45))
        created = self.moment(min(created_day, self.today - datetime.timedelta(days=1)))
        due = created.date() + datetime.timedelta(days=rng.randint(90, 540))
        revised = None
        if rng.random() < 0.12:
            revised = due + datetime.timedelta(days=rng.randint(30, 180))
        effective = revised or due
        window = max(1, (effective - created.date()).days)
        pace = (self.today - created.date()).days / window
        weights = next(w for threshold, w in STATUS_MIX if pace >= threshold)
        final = pick(rng, weights)
        action = Action(
            finding=finding,
            force_id=force_id,
            title=f"{rng.choice(ACTION_VERBS)} {rng.choice(OBJECTS)}",
            description="Demo action generated for load testing and demonstrations.",
            owner=lead,
            priority=pick(rng, {Priority.HIGH: 25, Priority.MEDIUM: 55, Priority.LOW: 20}),
            due_date=due,
            revised_due_date=revised,
            revised_due_reason="Dependent work delayed." if revised else "",
            # Inspectors agree revised dates (improvements.workflow).
            revised_due_agreed_by=inspector if revised else None,
            revised_due_agreed_at=created if revised else None,
            created_at=created,
            created_by=lead,
        )
        plan = Plan(action)
        plan.events.append((created, lead, "Action created.", "", "", None))
        self.live(plan, final, lead, inspector, created, pace, effective)
        return plan

    def live(self, plan: Plan, final: Status, lead, inspector, created, pace, due) -> None:
        """Write the action's timeline so that it ends in `final`.

        Open actions and those awaiting verification have updates up to today; verified
        and cancelled ones finished around their due date, and their history stops there.
        """
        rng, action, events = self.rng, plan.action, plan.events
        now = self.limit - datetime.timedelta(hours=1)
        if now <= created:
            now = created + datetime.timedelta(minutes=30)
        end = now
        if final in (Status.VERIFIED, Status.CANCELLED):
            finished = datetime.datetime.combine(
                due + datetime.timedelta(days=rng.randint(-90, 45)), datetime.time(12), tzinfo=UTC
            )
            end = max(created + datetime.timedelta(days=14), min(now, finished))
        status, progress = Status.NOT_STARTED, 0
        if final == Status.NOT_STARTED:
            for _ in range(rng.randint(2, 5)):
                events.append((self.between(created, end), lead, rng.choice(NOTES), "", "", None))
            events.sort(key=lambda e: e[0])
            self.finish(plan, Status.NOT_STARTED, 0, events[-1][0])
            return
        closing = final in (Status.SUBMITTED, Status.VERIFIED)
        if closing:
            target = 100
        elif pace >= 1:  # past its date and still open: stuck somewhere along the way
            target = rng.randint(30, 95)
        else:
            target = max(0, min(95, round(pace * 100) + rng.randint(-40, 15)))
        target -= target % 5
        times = sorted(self.between(created, end) for _ in range(rng.randint(5, 11)))
        start, *middle = times
        if final == Status.CANCELLED:
            middle, cancel_at = middle[:-1], middle[-1]
        steps = max(1, len(middle))
        progress = rng.randint(1, 3) * 5
        events.append((start, lead, "Work started.", status, Status.IN_PROGRESS, progress))
        status = Status.IN_PROGRESS
        hold_at = len(middle) // 2 if rng.random() < 0.1 else None
        submit_at = len(middle) - 2 if final == Status.VERIFIED else len(middle) - 1
        for i, when in enumerate(middle):
            if closing and i >= submit_at:
                break
            if i == hold_at:
                events.append((when, lead, "Paused while the review completes.", status,
                               Status.ON_HOLD, None))  # fmt: skip
                status = Status.ON_HOLD
                continue
            if status == Status.ON_HOLD:
                events.append((when, lead, "Work resumed.", status, Status.IN_PROGRESS, None))
                status = Status.IN_PROGRESS
                continue
            progress = max(progress, min(target, round(target * (i + 1) / steps / 5) * 5))
            events.append((when, lead, rng.choice(NOTES), "", "", progress))
        if status == Status.ON_HOLD and final != Status.ON_HOLD:
            events.append((middle[-1] if middle else start, lead, "Work resumed.", status,
                           Status.IN_PROGRESS, None))  # fmt: skip
            status = Status.IN_PROGRESS
        last = events[-1][0]
        if closing:
            submitted = self.between(last, end)
            self.add_evidence(plan, lead, created, submitted, rng.randint(1, 4))
            events.append((submitted, lead, "Submitted with evidence.", status, Status.SUBMITTED,
                           None))  # fmt: skip
            status, progress = Status.SUBMITTED, 100
            action.submitted_at = submitted
            if final == Status.VERIFIED:
                if rng.random() < 0.2:
                    back = min(now, submitted + datetime.timedelta(days=rng.randint(3, 30)))
                    events.append((back, inspector, "Returned: the evidence does not yet show "
                                   "the change in practice.", status, Status.IN_PROGRESS, None))  # fmt: skip  # noqa: E501
                    submitted = min(now, back + datetime.timedelta(days=rng.randint(7, 45)))
                    events.append((submitted, lead, "Resubmitted with the audit results.",
                                   Status.IN_PROGRESS, Status.SUBMITTED, None))  # fmt: skip
                    action.submitted_at = submitted
                verified = min(now, submitted + datetime.timedelta(days=rng.randint(5, 75)))
                events.append((verified, inspector, "Verified on inspection evidence.",
                               Status.SUBMITTED, Status.VERIFIED, None))  # fmt: skip
                status = Status.VERIFIED
                action.verified_at, action.verified_by = verified, inspector
        elif final == Status.ON_HOLD:
            if status != Status.ON_HOLD:
                events.append((self.between(last, end), lead, "Paused: funding not agreed.",
                               status, Status.ON_HOLD, None))  # fmt: skip
            status = Status.ON_HOLD
            self.add_evidence(plan, lead, created, last, rng.randint(0, 1))
        elif final == Status.CANCELLED:
            events.append((max(cancel_at, last), inspector, "Cancelled: superseded by a later "
                           "inspection.", status, Status.CANCELLED, None))  # fmt: skip
            status = Status.CANCELLED
        else:
            self.add_evidence(plan, lead, created, last, rng.randint(0, 2))
        self.finish(plan, status, progress, events[-1][0])

    def finish(self, plan: Plan, status, progress: int, updated) -> None:
        plan.action.status = status
        plan.action.progress = progress
        plan.action.updated_at = updated
        plan.action.version = len(plan.events)

    def add_evidence(self, plan: Plan, lead, start, end, count: int) -> None:
        rng = self.rng
        for _ in range(count):
            description = rng.choice(EVIDENCE)
            added = self.between(start, end)
            if rng.random() < 0.5:
                plan.evidence.append(
                    Evidence(
                        description=description,
                        url=f"https://intranet.example.org/evidence/{rng.getrandbits(40):010x}",
                        added_by=lead,
                        added_at=added,
                    )
                )
            else:
                plan.evidence.append(
                    Evidence(
                        description=f"{description} (demo record: no file stored)",
                        file=f"{MISSING_FILE_PREFIX}{rng.getrandbits(128):032x}.pdf",
                        original_name=f"{description}.pdf",
                        content_type="application/pdf",
                        size=rng.randint(20_000, 5_000_000),
                        sha256=f"{rng.getrandbits(256):064x}",
                        added_by=lead,
                        added_at=added,
                    )
                )
