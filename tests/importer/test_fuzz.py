"""No input makes the importer fail with a traceback: it imports, or it refuses saying why.

Hypothesis mutates real inputs (the bundled report as text, HTML and PDF, and the web
excerpts): slices cut out, repeated or shuffled, bytes flipped, markup broken, text
inserted, encodings mixed. The database holds the published bundled inspection first, so
imports over it (with and without confirmed changes) are exercised too. Examples are
bounded so that the test stays quick.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspections.importer.loader import ReportImportError, import_report
from inspections.models import Inspection
from inspections.reference import CAMBRIDGESHIRE_REPORT
from tests.importer.conftest import DATA
from tests.importer.documents import text_to_html, text_to_pdf

pytestmark = pytest.mark.django_db

REPORT = CAMBRIDGESHIRE_REPORT.read_text(encoding="utf-8")
SMALL = REPORT[:30_000]
EXCERPTS = [
    path.read_text(encoding="utf-8") for path in sorted((DATA / "web-excerpts").glob("*.txt"))
]
SOURCES = [
    REPORT.encode("utf-8"),
    REPORT.encode("utf-16"),
    text_to_html(REPORT).encode("utf-8"),
    text_to_pdf(SMALL),
    *(text.encode("utf-8") for text in EXCERPTS),
]

mutation = st.one_of(
    st.tuples(st.just("cut"), st.floats(0, 1), st.floats(0, 1)),
    st.tuples(st.just("repeat"), st.floats(0, 1), st.integers(2, 40)),
    st.tuples(st.just("flip"), st.floats(0, 1), st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.text(max_size=200)),
    st.tuples(st.just("truncate"), st.floats(0, 1), st.none()),
    st.tuples(st.just("lines"), st.randoms(use_true_random=False), st.none()),
)


def mutate(data: bytes, operations) -> bytes:
    for name, where, what in operations:
        at = int(where * len(data)) if isinstance(where, float) else 0
        if name == "cut":
            end = at + int(what * (len(data) - at) * 0.5)
            data = data[:at] + data[end:]
        elif name == "repeat":
            data = data[:at] + data[at : at + 2000] * what + data[at:]
        elif name == "flip":
            data = data[:at] + what + data[at + len(what) :]
        elif name == "insert":
            data = data[:at] + what.encode("utf-8") + data[at:]
        elif name == "truncate":
            data = data[: max(at, 1)]
        elif name == "lines":
            lines = data.split(b"\n")
            where.shuffle(lines)
            data = b"\n".join(lines)
    return data


@pytest.fixture
def published(reference_data):
    import_report(REPORT)
    return Inspection.objects.get()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(
    source=st.sampled_from(range(len(SOURCES))),
    operations=st.lists(mutation, max_size=4),
    apply_changes=st.booleans(),
    as_text=st.booleans(),
)
def test_no_input_gives_a_traceback(published, source, operations, apply_changes, as_text):
    data = mutate(SOURCES[source], operations)
    payload = data.decode("utf-8", errors="replace") if as_text else data
    refusal = None
    try:
        result = import_report(payload, apply_changes=apply_changes)
    except ReportImportError as error:
        refusal = str(error)
    if refusal is not None:
        assert refusal.endswith("Nothing was saved.")
    else:
        assert result.inspection is not None
        assert Inspection.objects.filter(pk=result.inspection.pk).exists()
    assert Inspection.objects.filter(pk=published.pk, status="published").exists()
