"""National-scale demo data: every force, several PEEL cycles, and the work that follows.

    python manage.py generate_demo_data --forces 43 --cycles 8 --seed 1

gives about 350 inspections, 4,000 findings, 12,000 actions, 100,000 timeline entries and
20,000 evidence records, written with `bulk_create` in batches. The same seed and the same
`--today` give the same data, row for row.

- Forces and cycle frameworks are the real reference data. When `--cycles` asks for more
  cycles than the reference holds, earlier cycles are added on the 2018/19 framework and
  the four-point scale, named "PEEL 2017/18 (synthetic demo cycle)" and so on.
- Users: per force three force leads and a force manager (``demo-<force>-lead-1`` ...,
  ``demo-<force>-manager``), plus ``demo-inspector-1``, ``demo-inspector-2`` and
  ``demo-national-manager``. Without ``--password`` they cannot sign in (tests and the
  benchmark use `force_login`).
- Each action's status history is consistent with its status: created, started, progress
  notes, perhaps on hold and resumed, submitted, returned and resubmitted, verified or
  cancelled by an inspector, all dated between its creation and `--today`.
- Evidence: links, and *file records without files*: their names start ``demo-missing/``
  and nothing is stored, so downloading one must answer a clear 404 (the evidence view
  treats a missing stored file as not found).

It refuses to run on a database that already has inspections, unless ``--replace`` is
given: that deletes every inspection, finding, action, update and evidence record (stored
evidence files are left on disk) and the demo users, then generates afresh.
"""

from __future__ import annotations

import datetime
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from improvements.models import Action, ActionUpdate, Evidence, Priority, Status
from inspections.models import (
    Cycle,
    Finding,
    FindingKind,
    Force,
    GradeScale,
    Inspection,
    Judgment,
    MostSimilarGroup,
    Pillar,
    Question,
)
from inspections.reference import load_forces, load_frameworks
from peel.bulk import analyze_after_bulk_load

UTC = datetime.UTC
BATCH = 5000
DEMO_PREFIX = "demo-"
MISSING_FILE_PREFIX = "demo-missing/"
SYNTHETIC_TEMPLATE = "peel-2018-19"

FIRST_NAMES = ["Alex", "Sam", "Priya", "Tom", "Grace", "Owen", "Fatima", "Rhys", "Chloe",
               "Daniel", "Aisha", "Gareth", "Hannah", "Imran", "Jess", "Liam", "Megan", "Niall"]  # fmt: skip  # noqa: E501
LAST_NAMES = ["Evans", "Patel", "Jones", "Smith", "Hughes", "Khan", "Taylor", "Brown", "Wilson",
              "Davies", "Murphy", "Ali", "Roberts", "Walker", "Wright", "Green", "Hall", "Clarke"]  # fmt: skip  # noqa: E501
INSPECTORS = ["Zoë Billingham", "Matt Parr", "Wendy Williams", "Andy Cooke", "Roy Wilsher",
              "Michelle Skeer", "Lee Freeman"]  # fmt: skip
VERBS = ["improve how it", "make sure it", "review how it", "strengthen how it",
         "put in place arrangements so that it", "develop how it"]  # fmt: skip
OBJECTS = ["identifies and responds to vulnerable people", "supervises investigations",
           "uses problem-solving with partners", "manages registered sex offenders",
           "records crime in line with national standards", "understands current demand",
           "plans its workforce for the future", "tackles serious and organised crime",
           "treats the public fairly in stop and search", "vets its workforce",
           "manages the wellbeing of its officers and staff", "answers emergency calls",
           "safeguards children at risk of exploitation", "uses its resources efficiently",
           "protects victims of domestic abuse", "gathers and acts on intelligence"]  # fmt: skip
PRACTICE = ["victim and witness hub", "harm index", "community safety officers",
            "public health approach to reducing crime", "early intervention team",
            "digital investigation unit", "wellbeing programme"]  # fmt: skip
ACTION_VERBS = ["Review", "Train supervisors on", "Audit", "Publish a plan for",
                "Commission an independent review of", "Introduce a performance measure for",
                "Report to the board on", "Update the policy on"]  # fmt: skip
NOTES = ["Working group met; actions agreed.", "Draft policy circulated for comment.",
         "Training delivered to two of five districts.", "Audit sample taken; results due.",
         "Board updated on progress.", "Recruitment to the team under way.",
         "Pilot running in the north district.", "Data quality checks added."]  # fmt: skip
EVIDENCE = ["Minutes of the improvement board", "Audit report", "Training records",
            "Revised policy document", "Performance dashboard extract", "Inspection revisit note"]  # fmt: skip  # noqa: E501


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


def first_year(year: str) -> int:
    return int(year[:4])


def pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@dataclass
class Plan:
    """One action's life: its final state and its dated timeline."""

    action: Action
    events: list[tuple] = field(default_factory=list)  # (when, author, note, from, to, progress)
    evidence: list[Evidence] = field(default_factory=list)


class Command(BaseCommand):
    help = "Generate deterministic national-scale demo data (see the module docstring)."

    def add_arguments(self, parser):
        parser.add_argument("--forces", type=int, default=43, help="How many forces (1-43).")
        parser.add_argument("--cycles", type=int, default=8, help="How many PEEL cycles (1-12).")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="The day the data is generated for (YYYY-MM-DD; default: today).",
        )
        parser.add_argument("--password", default="", help="Give every demo user this password.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete every inspection, finding, action and demo user first.",
        )

    def handle(self, *args, **options):
        if not 1 <= options["forces"] <= 43:
            raise CommandError("--forces must be from 1 to 43.")
        if not 1 <= options["cycles"] <= 12:
            raise CommandError("--cycles must be from 1 to 12.")
        existing = Inspection.objects.count()
        if existing and not options["replace"]:
            raise CommandError(
                f"The database already has {existing} inspections. generate_demo_data only "
                "fills an empty database; run it with --replace to delete every inspection, "
                "finding, action and demo user first."
            )
        started = time.monotonic()
        load_forces()
        load_frameworks()
        with transaction.atomic():
            if options["replace"]:
                wipe()
            generator = Generator(
                seed=options["seed"],
                today=options["today"] or timezone.localdate(),
                forces=options["forces"],
                cycles=options["cycles"],
                password=options["password"],
            )
            counts = generator.run()
        analyze_after_bulk_load()
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{n:,} {name}" for name, n in counts.items())
        self.stdout.write(f"Generated {summary} in {elapsed:.1f}s.")


def wipe() -> None:
    Evidence.objects.all().delete()
    ActionUpdate.objects.all().delete()
    Action.objects.all().delete()
    Finding.objects.filter(cause_of_concern__isnull=False).delete()
    Finding.objects.all().delete()
    Inspection.objects.all().delete()
    User.objects.filter(username__startswith=DEMO_PREFIX).delete()


class Generator:
    def __init__(self, *, seed: int, today: datetime.date, forces: int, cycles: int, password):
        self.rng = random.Random(seed)  # noqa: S311 -- deterministic demo data, not security
        self.today = today
        # Everything happens before the start of `today` in the project's time zone.
        self.limit = datetime.datetime.combine(
            today, datetime.time(0), tzinfo=timezone.get_default_timezone()
        ).astimezone(UTC)
        self.n_forces = forces
        self.n_cycles = cycles
        self.password = make_password(password or None)
        self.counts: dict[str, int] = {}

    # -- helpers ------------------------------------------------------------------------

    def moment(self, day: datetime.date) -> datetime.datetime:
        """A working-hours time on `day`, never at or after the start of `today`."""
        at = datetime.datetime.combine(
            day, datetime.time(self.rng.randint(8, 17), self.rng.randint(0, 59)), tzinfo=UTC
        )
        return min(at, self.limit - datetime.timedelta(minutes=1))

    def between(self, start: datetime.datetime, end: datetime.datetime) -> datetime.datetime:
        if end <= start:
            return start
        span = int((end - start).total_seconds())
        return start + datetime.timedelta(seconds=self.rng.randint(0, span))

    def bulk(self, model, objects: list) -> list:
        model.objects.bulk_create(objects, batch_size=BATCH)
        name = str(model._meta.verbose_name_plural)
        self.counts[name] = self.counts.get(name, 0) + len(objects)
        return objects

    # -- steps --------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        forces = list(Force.objects.order_by("slug")[: self.n_forces])
        cycles = self.make_cycles()
        self.make_users(forces)
        self.make_groups(forces, cycles)
        inspections = self.make_inspections(forces, cycles)
        self.make_judgments(inspections)
        findings = self.make_findings(inspections)
        self.make_actions(findings)
        return self.counts

    def make_cycles(self) -> list[Cycle]:
        reference = list(Cycle.objects.exclude(slug__startswith=DEMO_PREFIX).order_by("-year"))
        cycles = reference[: self.n_cycles]
        template = Cycle.objects.get(slug=SYNTHETIC_TEMPLATE)
        year = min(first_year(c.year) for c in reference)
        while len(cycles) < self.n_cycles:
            year -= 1
            label = f"{year}/{(year + 1) % 100:02d}"
            cycle, created = Cycle.objects.get_or_create(
                slug=f"{DEMO_PREFIX}peel-{year}-{(year + 1) % 100:02d}",
                defaults={
                    "name": f"PEEL {label} (synthetic demo cycle)",
                    "year": label,
                    "grade_scale": GradeScale.FOUR_POINT,
                },
            )
            if created:
                self.copy_framework(template, cycle)
            cycles.append(cycle)
        return cycles

    def copy_framework(self, template: Cycle, cycle: Cycle) -> None:
        pillars = {}
        for pillar in template.pillars.order_by("order"):
            pillars[pillar.pk] = Pillar.objects.create(
                cycle=cycle, name=pillar.name, order=pillar.order, aliases=pillar.aliases
            )
        Question.objects.bulk_create(
            Question(
                cycle=cycle,
                pillar=pillars.get(q.pillar_id),
                name=q.name,
                order=q.order,
                aliases=q.aliases,
            )
            for q in template.questions.order_by("order")
        )

    def make_users(self, forces: list[Force]) -> None:
        rng = self.rng
        users = []

        def user(username, role, force=None):
            users.append(
                User(
                    username=username,
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    email=f"{username}@example.org",
                    role=role,
                    force=force,
                    password=self.password,
                )
            )

        for force in forces:
            for i in range(1, 4):
                user(f"{DEMO_PREFIX}{force.slug}-lead-{i}", Role.FORCE_LEAD, force)
            user(f"{DEMO_PREFIX}{force.slug}-manager", Role.FORCE_MANAGER, force)
        for i in (1, 2):
            user(f"{DEMO_PREFIX}inspector-{i}", Role.INSPECTOR)
        user(f"{DEMO_PREFIX}national-manager", Role.NATIONAL_MANAGER)
        self.bulk(User, users)
        self.leads: dict[int, list[User]] = {f.pk: [] for f in forces}
        self.managers: dict[int, User] = {}
        for u in users:
            if u.role == Role.FORCE_LEAD:
                self.leads[u.force_id].append(u)
            elif u.role == Role.FORCE_MANAGER:
                self.managers[u.force_id] = u
        self.inspectors = [u for u in users if u.role == Role.INSPECTOR]

    def make_groups(self, forces: list[Force], cycles: list[Cycle]) -> None:
        rng = self.rng
        years = sorted({c.year for c in cycles})
        MostSimilarGroup.objects.filter(force__in=forces, year__in=years).delete()
        size = min(7, len(forces) - 1)
        groups, members = [], []
        for force in forces:
            others = [f for f in forces if f.pk != force.pk]
            chosen = rng.sample(others, size)
            for year in years:
                if size and others and rng.random() < 0.3:
                    spare = [f for f in others if f not in chosen]
                    if spare:
                        chosen[rng.randrange(size)] = rng.choice(spare)
                groups.append(MostSimilarGroup(force=force, year=year))
                members.append(list(chosen))
        self.bulk(MostSimilarGroup, groups)
        through = MostSimilarGroup.members.through
        self.bulk(
            through,
            [
                through(mostsimilargroup_id=g.pk, force_id=m.pk)
                for g, ms in zip(groups, members, strict=True)
                for m in ms
            ],
        )

    def make_inspections(self, forces, cycles) -> list[Inspection]:
        """Each cycle's reports come out over eight months of the year after it starts;
        the latest cycle's are spread from then until a month ago, so that its actions
        are still under way today."""
        rng = self.rng
        inspections = []
        latest = max(cycles, key=lambda c: c.year)
        for cycle in cycles:
            start = datetime.date(first_year(cycle.year) + 1, 1, 15)
            spread = 240
            if cycle == latest:
                spread = max(spread, (self.today - start).days - 30)
            for force in forces:
                published = min(
                    start + datetime.timedelta(days=rng.randint(0, spread)),
                    self.today - datetime.timedelta(days=1),
                )
                inspections.append(
                    Inspection(
                        force=force,
                        cycle=cycle,
                        published_on=published,
                        lead_inspector=rng.choice(INSPECTORS),
                        status=Inspection.Status.PUBLISHED,
                    )
                )
        self.bulk(Inspection, inspections)
        self.frameworks = {
            c.pk: (
                list(c.pillars.order_by("order")),
                list(c.questions.select_related("pillar").order_by("order")),
            )
            for c in cycles
        }
        self.cycles = {c.pk: c for c in cycles}
        return inspections

    def make_judgments(self, inspections) -> None:
        rng = self.rng
        four = {"outstanding": 5, "good": 60, "requires_improvement": 30, "inadequate": 5}
        five = {"outstanding": 3, "good": 35, "adequate": 35, "requires_improvement": 22,
                "inadequate": 5}  # fmt: skip
        judgments = []
        for inspection in inspections:
            cycle = self.cycles[inspection.cycle_id]
            weights = four if cycle.grade_scale == GradeScale.FOUR_POINT else five
            pillars, questions = self.frameworks[cycle.pk]
            for pillar in pillars:
                judgments.append(
                    Judgment(inspection=inspection, pillar=pillar, grade=pick(rng, weights))
                )
            for question in questions:
                carried = bool(pillars) and rng.random() < 0.2
                judgments.append(
                    Judgment(
                        inspection=inspection,
                        question=question,
                        grade="ungraded" if "rmed" in question.name else pick(rng, weights),
                        inspected=not carried,
                        last_inspected=str(first_year(cycle.year) - rng.randint(1, 2))
                        if carried
                        else "",
                    )
                )
        self.bulk(Judgment, judgments)

    def make_findings(self, inspections) -> list[tuple[Finding, Inspection]]:
        rng = self.rng
        latest_years = sorted({c.year for c in self.cycles.values()})[-2:]
        plain, recommendations = [], []
        for inspection in inspections:
            cycle = self.cycles[inspection.cycle_id]
            _, questions = self.frameworks[cycle.pk]
            graded = [q for q in questions if "rmed" not in q.name] or questions
            order = 0

            def finding(kind, question, text, inspection=inspection, cycle=cycle, **extra):
                nonlocal order
                order += 1
                status = Finding.Status.OPEN
                changed, reason = None, ""
                if kind != FindingKind.COMMENDED_PRACTICE and cycle.year not in latest_years:
                    roll = rng.random()
                    if roll < 0.65:
                        status, reason = Finding.Status.CLOSED, "Closed on inspection evidence."
                    elif roll < 0.8:
                        status = Finding.Status.SUPERSEDED
                        reason = "Superseded by a later inspection's findings."
                    if reason:
                        changed = self.moment(
                            inspection.published_on + datetime.timedelta(days=rng.randint(300, 900))
                        )
                return Finding(
                    inspection=inspection,
                    kind=kind,
                    question=question,
                    order=order,
                    text=text,
                    status=status,
                    status_changed_at=changed,
                    status_reason=reason,
                    **extra,
                )

            for _ in range(rng.randint(5, 12)):
                question = rng.choice(graded)
                plain.append(
                    finding(
                        FindingKind.AREA_FOR_IMPROVEMENT,
                        question,
                        f"The force should {rng.choice(VERBS)} {rng.choice(OBJECTS)}.",
                    )
                )
            causes = pick(rng, {0: 60, 1: 30, 2: 10})
            for _ in range(causes):
                question = rng.choice(graded)
                cause = finding(
                    FindingKind.CAUSE_OF_CONCERN,
                    question,
                    f"The force does not {rng.choice(OBJECTS).split(' ', 1)[1]} well enough.",
                )
                plain.append(cause)
                for _ in range(rng.randint(1, 3)):
                    deadline = inspection.published_on + datetime.timedelta(days=182)
                    recommendations.append(
                        (
                            cause,
                            finding(
                                FindingKind.RECOMMENDATION,
                                question,
                                "Within six months the force should "
                                f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}.",
                                deadline_text="Within six months",
                                deadline=deadline,
                            ),
                        )
                    )
            for _ in range(rng.randint(0, 3)):
                plain.append(
                    finding(
                        FindingKind.COMMENDED_PRACTICE,
                        None,
                        f"The force's {rng.choice(PRACTICE)} is good practice.",
                    )
                )
        self.bulk(Finding, plain)
        for cause, recommendation in recommendations:
            recommendation.cause_of_concern = cause
        self.bulk(Finding, [r for _, r in recommendations])
        by_pk = {i.pk: i for i in inspections}
        return [
            (f, by_pk[f.inspection_id])
            for f in [*plain, *(r for _, r in recommendations)]
            if f.kind != FindingKind.COMMENDED_PRACTICE
        ]

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
