"""Server-drawn SVG charts: labelled for assistive technology, escaped, no inline style."""

from reports import charts


def test_a_bar_chart_is_an_image_labelled_by_its_title_and_description():
    svg = charts.bar_chart("c1", "Verified", "Per cent verified.", [("A", 50), ("B", None)])
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Verified</title>' in svg
    assert '<desc id="c1-desc">Per cent verified.</desc>' in svg
    assert "no data" in svg
    assert "style=" not in svg


def test_labels_are_escaped_and_long_ones_shortened():
    svg = charts.bar_chart("c2", "<b>", "d", [("<script>alert(1)</script>", 1), ("x" * 50, 2)])
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "&lt;b&gt;" in svg
    assert "x" * 31 + "\u2026" in svg


def test_the_highlighted_and_total_bars_stand_apart():
    svg = charts.bar_chart("c3", "t", "d", [("Us", 10), ("Group", 20)], highlight="Us",
                           total="Group")  # fmt: skip
    assert "app-chart__bar--highlight" in svg
    assert "app-chart__bar--total" in svg


def test_a_stacked_bar_chart_draws_a_segment_per_nonzero_value():
    svg = charts.stacked_bar_chart(
        "c4", "t", "d", [("a", "A"), ("b", "B")], [("Row 1", [2, 0]), ("Row 2", [1, 3])]
    )
    assert svg.count("app-chart__segment--a") == 3  # legend + two bars
    assert svg.count("app-chart__segment--b") == 2  # legend + one bar
    assert "<title>B: 3</title>" in svg


def test_a_line_chart_draws_a_line_and_markers_per_series():
    svg = charts.line_chart(
        "c5", "t", "d", ["Jan", "Feb", "Mar"], [("opened", "Opened", [1, 4, 2])]
    )
    assert svg.count("<polyline") == 1
    assert svg.count("app-chart__marker--opened") == 3
