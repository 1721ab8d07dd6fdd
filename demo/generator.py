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

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from demo.histories import UTC, ActionHistories, pick
from demo.words import FIRST_NAMES, INSPECTORS, LAST_NAMES, OBJECTS, PRACTICE, VERBS
from improvements.models import Action, ActionUpdate, Evidence
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

BATCH = 5000
DEMO_PREFIX = "demo-"
SYNTHETIC_TEMPLATE = "peel-2018-19"


class GenerationRefused(Exception):
    """The database is not one the generator may fill (it already has inspections)."""


def generate(
    *, seed: int, today: datetime.date, forces: int, cycles: int, password: str, replace: bool
) -> dict[str, int]:
    """Fill the database (emptied first if `replace`) and return how many of each record
    were made. Refuses a database that already has inspections unless `replace`."""
    existing = Inspection.objects.count()
    if existing and not replace:
        raise GenerationRefused(
            f"The database already has {existing} inspections. generate_demo_data only "
            "fills an empty database; run it with --replace to delete every inspection, "
            "finding, action and demo user first."
        )
    load_forces()
    load_frameworks()
    with transaction.atomic():
        if replace:
            wipe()
        generator = Generator(
            seed=seed, today=today, forces=forces, cycles=cycles, password=password
        )
        return generator.run()


def first_year(year: str) -> int:
    return int(year[:4])


def wipe() -> None:
    Evidence.objects.all().delete()
    ActionUpdate.objects.all().delete()
    Action.objects.all().delete()
    Finding.objects.filter(cause_of_concern__isnull=False).delete()
    Finding.objects.all().delete()
    Inspection.objects.all().delete()
    User.objects.filter(username__startswith=DEMO_PREFIX).delete()


class Generator(ActionHistories):
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
