"""Reference data: the forces and the PEEL cycles' frameworks, loaded by
`manage.py load_reference_data` (idempotent)."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from inspections.models import Cycle, Force, Pillar, Question

REFERENCE_DIR = Path(__file__).resolve().parent
FORCES_FILE = REFERENCE_DIR / "forces.json"
FRAMEWORKS_FILE = REFERENCE_DIR / "frameworks.json"
CAMBRIDGESHIRE_REPORT = REFERENCE_DIR / "reports" / "cambridgeshire-peel-2018-19.txt"


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@transaction.atomic
def load_forces() -> int:
    """Add any missing force. Existing names are left alone: they are edited in the admin."""
    created = 0
    for entry in read_json(FORCES_FILE)["forces"]:
        _, was_created = Force.objects.get_or_create(
            slug=entry["slug"], defaults={"name": entry["name"]}
        )
        created += was_created
    return created


@transaction.atomic
def load_frameworks() -> int:
    """Create or update each cycle with its pillars and questions, in order."""
    cycles = read_json(FRAMEWORKS_FILE)["cycles"]
    for spec in cycles:
        cycle, _ = Cycle.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "year": spec["year"],
                "grade_scale": spec["grade_scale"],
                "report_titles": spec.get("report_titles", []),
                "pillar_inspections": spec.get("pillar_inspections", False),
            },
        )
        order = 0
        for pillar_order, pillar_spec in enumerate(spec.get("pillars", []), start=1):
            pillar, _ = Pillar.objects.update_or_create(
                cycle=cycle,
                name=pillar_spec["name"],
                defaults={"order": pillar_order, "aliases": pillar_spec.get("aliases", [])},
            )
            for question_spec in pillar_spec.get("questions", []):
                order += 1
                _save_question(cycle, pillar, question_spec, order)
        for question_spec in spec.get("questions", []):
            order += 1
            _save_question(cycle, None, question_spec, order)
    return len(cycles)


def _save_question(cycle: Cycle, pillar: Pillar | None, spec: dict, order: int) -> None:
    Question.objects.update_or_create(
        cycle=cycle,
        name=spec["name"],
        defaults={"pillar": pillar, "order": order, "aliases": spec.get("aliases", [])},
    )
