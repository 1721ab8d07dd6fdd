"""A small, demo-like record for the browser tests, made the way users make it: through
`improvements.services`, so every action has its timeline."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from accounts.models import User
from improvements import services
from improvements.models import Action
from inspections.models import Inspection
from tests.factories import FindingFactory, JudgmentFactory

# Minimal but valid files, made here rather than stored: what a force lead would upload.
PDF_BYTES = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n"
    b"%%EOF\n"
)


@dataclass
class Record:
    strategy: Action  # in progress, 40%: the journey's action
    training: Action  # in progress and overdue
    forecasting: Action  # not started, due soon
    hr_system: Action  # on hold
    checks: Action  # submitted with a link as evidence, in the inspector's queue


def build_record(inspection: Inspection, lead: User, inspector: User, today) -> Record:
    day = datetime.timedelta(days=1)
    JudgmentFactory(inspection=inspection, grade="requires_improvement")

    def new(title: str, due: datetime.date, **kwargs) -> Action:
        finding = FindingFactory(inspection=inspection)
        return services.create_action(
            finding=finding,
            by=inspector,
            title=title,
            due_date=due,
            owner=lead,
            # A plan written earlier: an action now overdue was due in the future then.
            as_of=min(due, today),
            **kwargs,
        )

    def step(action: Action, transition: str | None = None, by: User = lead, **kwargs) -> Action:
        return services.post_update(
            action, by=by, version=action.version, transition=transition, **kwargs
        )

    strategy = step(
        new("Publish the crime prevention strategy", today + 75 * day),
        "start",
        note="Draft strategy shared with the PCC's office.",
        progress=40,
    )
    training = step(
        new("Train neighbourhood supervisors in problem solving", today - 20 * day),
        "start",
        note="Two cohorts trained of six.",
        progress=30,
    )
    forecasting = new("Set up a demand forecasting group", today + 20 * day, priority="low")
    hr_system = step(
        new("Replace the HR system's skills module", today + 120 * day),
        "hold",
        note="Waiting for the regional procurement decision.",
    )
    checks = step(
        new("Introduce supervisor checks on investigations", today + 10 * day),
        "start",
        progress=80,
    )
    services.add_evidence(
        checks,
        by=lead,
        description="Audit of 50 investigations, March",
        url="https://intranet.example.org/audits/investigation-supervision",
    )
    checks = step(checks, "submit", note="All units now use the checklist; audit attached.")
    return Record(strategy, training, forecasting, hr_system, checks)
