"""The RAG rule (improvements/rag.py): every colour boundary, in Python and in the database.

`rag_for` colours one action; `rag_expression` colours a queryset. Each case below is
checked against both, so the two cannot drift apart.
"""

import datetime

import pytest

from improvements.models import Action, Status
from improvements.rag import AMBER_PROGRESS, AMBER_WINDOW_DAYS, LEGEND, Rag, rag_expression, rag_for
from tests.factories import ActionFactory

TODAY = datetime.date(2026, 3, 2)


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


# (why, status, due in days, revised due in days or None, progress, expected colour)
CASES = [
    ("verified is blue, even long past its date", Status.VERIFIED, -400, None, 100, Rag.BLUE),
    ("cancelled is grey", Status.CANCELLED, -10, None, 0, Rag.GREY),
    ("on hold is red, even with time to spare", Status.ON_HOLD, 200, None, 90, Rag.RED),
    ("one day past its date is red", Status.IN_PROGRESS, -1, None, 90, Rag.RED),
    ("not started and past its date is red", Status.NOT_STARTED, -30, None, 0, Rag.RED),
    ("due today is not yet overdue: amber", Status.IN_PROGRESS, 0, None, 0, Rag.AMBER),
    (
        "due at the end of the amber window is amber",
        Status.IN_PROGRESS,
        AMBER_WINDOW_DAYS,
        None,
        AMBER_PROGRESS - 1,
        Rag.AMBER,
    ),
    (
        "due a day after the amber window is green",
        Status.IN_PROGRESS,
        AMBER_WINDOW_DAYS + 1,
        None,
        0,
        Rag.GREEN,
    ),
    (
        "due soon but far enough along is green",
        Status.IN_PROGRESS,
        5,
        None,
        AMBER_PROGRESS,
        Rag.GREEN,
    ),
    (
        "due soon and just short of far enough is amber",
        Status.NOT_STARTED,
        5,
        None,
        AMBER_PROGRESS - 1,
        Rag.AMBER,
    ),
    ("submitted is green even past its date", Status.SUBMITTED, -20, None, 100, Rag.GREEN),
    ("submitted and due soon is green", Status.SUBMITTED, 3, None, 10, Rag.GREEN),
    (
        "a later revised date takes the place of a past due date",
        Status.IN_PROGRESS,
        -10,
        60,
        0,
        Rag.GREEN,
    ),
    ("a revised date in the past makes it red", Status.IN_PROGRESS, 60, -1, 0, Rag.RED),
    ("a revised date inside the window makes it amber", Status.IN_PROGRESS, 90, 10, 0, Rag.AMBER),
]


def make(status, due, revised, progress, *, strategy=ActionFactory.build, **extra) -> Action:
    if status in (Status.SUBMITTED, Status.VERIFIED):
        extra["submitted_at"] = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    if status == Status.VERIFIED:
        extra["verified_at"] = datetime.datetime(2026, 1, 2, tzinfo=datetime.UTC)
    return strategy(
        status=status,
        due_date=days(due),
        revised_due_date=days(revised) if revised is not None else None,
        revised_due_reason="Agreed at the board" if revised is not None else "",
        progress=progress,
        **extra,
    )


@pytest.mark.parametrize(
    ("status", "due", "revised", "progress", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_rag_for_colours_each_case(status, due, revised, progress, expected):
    action = make(status, due, revised, progress, finding=None)  # the rule needs no finding
    assert rag_for(action, TODAY) == expected


@pytest.mark.django_db
def test_rag_expression_agrees_with_rag_for_on_every_case(finding, inspector):
    saved = [
        make(
            status,
            due,
            revised,
            progress,
            strategy=ActionFactory.create,
            finding=finding,
            verified_by=inspector if status == Status.VERIFIED else None,
        )
        for _why, status, due, revised, progress, _expected in CASES
    ]
    in_database = dict(Action.objects.annotate(rag=rag_expression(TODAY)).values_list("pk", "rag"))
    for (why, *_rest, expected), action in zip(CASES, saved, strict=True):
        assert in_database[action.pk] == rag_for(action, TODAY) == expected, why


def test_the_legend_explains_every_colour_once():
    colours = [rag for rag, _meaning in LEGEND]
    assert sorted(colours) == sorted(Rag)
    assert all(meaning for _rag, meaning in LEGEND)
