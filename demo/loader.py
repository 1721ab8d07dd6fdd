"""Demo data for `make run`: the real Cambridgeshire report, a few actions in every state,
and one demo user per role. Never for production: the command refuses when DEBUG is off."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from improvements import services
from improvements.models import Action
from inspections import pcc
from inspections.importer.loader import import_report
from inspections.models import Cycle, Finding, FindingKind, Force, Inspection
from inspections.reference import CAMBRIDGESHIRE_REPORT, load_forces, load_frameworks

DEMO_PASSWORD = "demo-password"  # noqa: S105 -- published on purpose: demo data only, refused outside development

#: username, role, force slug, first name, last name
DEMO_USERS = [
    ("inspector", Role.INSPECTOR, None, "Isla", "Inspector"),
    ("cambs-lead", Role.FORCE_LEAD, "cambridgeshire", "Chris", "Lead"),
    ("cambs-manager", Role.FORCE_MANAGER, "cambridgeshire", "Morgan", "Manager"),
    ("national-manager", Role.NATIONAL_MANAGER, None, "Nia", "National"),
    ("lancs-lead", Role.FORCE_LEAD, "lancashire", "Lee", "Lancashire"),
]


def _user(username: str, role: Role, force_slug: str | None, first: str, last: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "role": role,
            "force": Force.objects.get(slug=force_slug) if force_slug else None,
            "first_name": first,
            "last_name": last,
            "email": f"{username}@example.org",
            "is_staff": role == Role.INSPECTOR,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def load_demo_data(today: datetime.date | None = None) -> dict[str, User]:
    """Idempotent: running it again adds nothing that is already there."""
    today = today or timezone.localdate()
    load_forces()
    load_frameworks()
    users = {spec[0]: _user(*spec) for spec in DEMO_USERS}
    import_report(CAMBRIDGESHIRE_REPORT.read_text(encoding="utf-8"), by=users["inspector"])
    cambs = Inspection.objects.get(force__slug="cambridgeshire", cycle__slug="peel-2018-19")
    if not Action.objects.filter(finding__inspection=cambs).exists():
        _cambridgeshire_actions(cambs, users, today)
    _lancashire_demo(users, today)
    _pcc_demo(users, today)
    return users


def _cambridgeshire_actions(inspection: Inspection, users: dict[str, User], today) -> None:
    lead, inspector = users["cambs-lead"], users["inspector"]
    afis = inspection.findings.filter(kind=FindingKind.AREA_FOR_IMPROVEMENT)
    day = datetime.timedelta(days=1)

    def afi(words: str) -> Finding:
        return afis.get(text__icontains=words)

    def new(finding: Finding, title: str, due: datetime.date, **kwargs) -> Action:
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

    # On track.
    action = new(
        afi("monitor the effectiveness"),
        "Report on the neighbourhood policing strategy",
        today + 75 * day,
    )
    step(action, "start", note="Draft strategy shared with the PCC's office.", progress=40)

    # Overdue: past its date and behind.
    action = new(
        afi("problem-solving"),
        "Train neighbourhood supervisors in problem solving",
        today - 20 * day,
    )
    action = step(action, "start", note="Course booked; two cohorts trained of six.", progress=30)
    services.propose_due_date(
        action,
        by=lead,
        version=action.version,
        proposed_due_date=today + 60 * day,
        reason="The last four cohorts wait for the regional trainer's dates.",
    )

    # Submitted with evidence, awaiting an inspector.
    action = new(
        afi("active supervision"), "Introduce supervisor checks on investigations", today + 10 * day
    )
    action = step(action, "start", note="Checklist piloted in two units.", progress=80)
    services.add_evidence(
        action,
        by=lead,
        description="Supervision checklist, version 2",
        upload=SimpleUploadedFile(
            "supervision-checklist.txt",
            b"Supervision checklist\n1. Review within 7 days\n2. Record the plan\n",
            content_type="text/plain",
        ),
    )
    services.add_evidence(
        action,
        by=lead,
        description="Audit of 50 investigations, March",
        url="https://intranet.example.org/audits/investigation-supervision",
    )
    step(action, "submit", note="All units now use the checklist; audit attached.")

    # Verified by an inspector.
    action = new(
        afi("sufficient resources"),
        "Review staffing for responding to vulnerable victims",
        today - 40 * day,
        priority="high",
    )
    action = step(action, "start", progress=60)
    services.add_evidence(
        action,
        by=lead,
        description="Response staffing review report",
        url="https://intranet.example.org/reviews/response-staffing",
    )
    action = step(action, "submit", note="Review complete and adopted.")
    step(action, "verify", by=inspector, note="Confirmed at the revisit.")

    # Due soon and not started: amber.
    new(
        afi("neighbourhood policing officers"),
        "Brief neighbourhood officers on safeguarding plans",
        today + 20 * day,
        priority="low",
    )

    # On hold.
    action = new(afi("skills strategy"), "Replace the HR system's skills module", today + 120 * day)
    step(action, "hold", note="Waiting for the regional procurement decision.")


def _lancashire_demo(users: dict[str, User], today) -> None:
    """A small made-up record for Lancashire, so its lead has something of their own."""
    force = Force.objects.get(slug="lancashire")
    cycle = Cycle.objects.get(slug="peel-2018-19")
    inspection, created = Inspection.objects.get_or_create(
        force=force,
        cycle=cycle,
        defaults={
            "published_on": datetime.date(2019, 9, 1),
            "lead_inspector": "Demo data (not a real report)",
            "status": Inspection.Status.PUBLISHED,
        },
    )
    if not created:
        return
    finding = Finding.objects.create(
        inspection=inspection,
        kind=FindingKind.AREA_FOR_IMPROVEMENT,
        question=cycle.questions.get(name="Investigating crime"),
        text="Demo data: the force should make sure that investigations are supervised.",
        order=1,
    )
    services.create_action(
        finding=finding,
        by=users["inspector"],
        title="Demo: supervision audit",
        due_date=today + datetime.timedelta(days=50),
        owner=users["lancs-lead"],
    )


def _pcc_demo(users: dict[str, User], today) -> None:
    """A made-up recent Cambridgeshire report with a cause of concern and two
    recommendations, published 45 days ago on a known day: the PCC's response is due in
    10 days (the 14-day reminder), one recommendation already answered."""
    force = Force.objects.get(slug="cambridgeshire")
    cycle = Cycle.objects.get(slug="peel-2023-25")
    published = today - datetime.timedelta(days=45)
    inspection, created = Inspection.objects.get_or_create(
        force=force,
        cycle=cycle,
        defaults={
            "published_on": published.replace(day=1),
            "exact_publication_date": published,
            "lead_inspector": "Demo data (not a real report)",
            "status": Inspection.Status.PUBLISHED,
        },
    )
    if not created:
        return
    question = cycle.questions.get(name="Responding to the public")
    concern = Finding.objects.create(
        inspection=inspection,
        kind=FindingKind.CAUSE_OF_CONCERN,
        question=question,
        text="Demo data: the force does not answer emergency calls quickly enough.",
        order=1,
    )
    first, _second = (
        Finding.objects.create(
            inspection=inspection,
            kind=FindingKind.RECOMMENDATION,
            cause_of_concern=concern,
            question=question,
            text=text,
            order=order,
        )
        for order, text in (
            (2, "Demo data: within three months the force should review its call handling."),
            (3, "Demo data: within six months the force should train its call handlers."),
        )
    )
    pcc.record_response(
        first,
        by=users["cambs-manager"],
        based_on=None,
        response="The commissioner welcomes the review and will follow its progress.",
        outcome=pcc.PccResponse.Outcome.ACTION_PROPOSED,
        action="A review of call handling, reported to the commissioner's board.",
    )
