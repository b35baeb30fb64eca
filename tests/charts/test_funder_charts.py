"""The funder charts and table: suppressed cells are marked, never drawn as a figure, blank
or zero; programs are set against the all-program rate with their intervals."""

from __future__ import annotations

import math
from datetime import date

import polars as pl

from charts.funder import WHY_HIDDEN, against_all, compares, display_table, latest, trend
from metrics.funder import FUNDER_METRICS, TOTAL

E7 = FUNDER_METRICS["E7"]
Q1, Q2 = date(2026, 1, 1), date(2026, 4, 1)
# quarter, program, numerator, denominator, low, high, suppressed, no_data
ROWS = [(Q1, "Program A", 15, 30, 0.33, 0.67, False, False),
        (Q1, "Program B", None, None, None, None, True, False),
        (Q1, "Program C", None, None, None, None, True, False),
        (Q1, TOTAL, 47, 102, 0.37, 0.56, False, False),
        (Q2, "Program A", 0, 0, None, None, False, True),
        (Q2, "Program B", 0, 0, None, None, False, True),
        (Q2, "Program C", 0, 0, None, None, False, True),
        (Q2, TOTAL, 0, 0, None, None, False, True)]


def frame() -> pl.DataFrame:
    out = pl.DataFrame(ROWS, orient="row", schema={
        "quarter": pl.Date, "program_name": pl.String, "numerator": pl.Int64,
        "denominator": pl.Int64, "low": pl.Float64, "high": pl.Float64,
        "suppressed": pl.Boolean, "no_data": pl.Boolean})
    return out.with_columns(value=pl.when(pl.col("denominator") > 0)
                            .then(pl.col("numerator") / pl.col("denominator")),
                            is_total=pl.col("program_name") == TOTAL)


def test_the_table_marks_suppressed_and_missing_cells_in_words_never_blank_or_zero():
    table = display_table(frame(), E7)
    assert table.columns == ["Quarter", "Program", "Rate", "Numerator", "Denominator",
                             "95% interval", "Note"]
    rows = {(r["Quarter"], r["Program"]): r for r in table.iter_rows(named=True)}
    assert rows[("2026 Q1", "Program B")] == {
        "Quarter": "2026 Q1", "Program": "Program B", "Rate": "*", "Numerator": "*",
        "Denominator": "*", "95% interval": "*", "Note": WHY_HIDDEN}
    assert rows[("2026 Q1", TOTAL)]["Rate"] == "46.1%"
    assert rows[("2026 Q1", TOTAL)]["95% interval"] == "37.0% to 56.0%"
    assert rows[("2026 Q2", "Program A")]["Rate"] == "No data"
    assert all(v != "" for r in table.iter_rows() for v in r)


def test_the_trend_draws_all_programs_and_each_program_and_leaves_gaps_where_suppressed():
    fig = trend(frame(), E7)
    names = [t.name for t in fig.data]
    assert names == ["Program A", "Program B", "Program C", TOTAL]
    total = fig.data[-1]
    assert list(total.x) == ["2026 Q1", "2026 Q2"]
    assert total.y[0] == 47 / 102 and math.isnan(total.y[1])  # a gap, not a zero
    assert fig.data[1].customdata[0] == f"Hidden: {WHY_HIDDEN}"
    assert "47 of 102 discharges" in total.customdata[0]
    assert fig.layout.yaxis.title.text == "% of discharges"


def test_programs_are_set_against_the_latest_quarter_with_an_all_program_rate():
    assert latest(frame()) == Q1  # Q2 has no data
    fig = against_all(frame(), E7)
    dots, hidden = fig.data
    assert list(dots.y) == ["Program A"] and dots.x[0] == 0.5
    assert dots.error_x.array[0] == 0.67 - 0.5 and dots.error_x.arrayminus[0] == 0.5 - 0.33
    assert list(hidden.y) == ["Program C", "Program B"]
    assert set(hidden.text) == {f"* hidden: {WHY_HIDDEN}"}
    line = fig.layout.shapes[0]
    assert line.x0 == line.x1 == 47 / 102
    assert "2026 Q1" in fig.layout.title.text


def test_a_table_with_every_figure_hidden_says_so_instead_of_drawing_empty_axes():
    hidden = frame().with_columns(value=pl.lit(None, pl.Float64), suppressed=pl.lit(True))
    assert "suppressed or missing" in trend(hidden, E7).layout.annotations[0].text
    assert "No quarter" in against_all(hidden, E7).layout.annotations[0].text


def test_only_rates_and_means_per_program_are_compared():
    assert [k for k, m in FUNDER_METRICS.items() if not compares(m)] == ["W3", "W7", "R9"]


def test_beyond_the_palette_programs_are_thin_grey_lines_under_the_total():
    from datetime import date

    import polars as pl

    from charts.funder import MANY_COLOUR, TOTAL_COLOUR, trend
    from metrics.funder import FUNDER_METRICS

    metric = next(iter(FUNDER_METRICS.values()))
    rows = [{"program_name": name, "is_total": name == "All programs", "quarter": date(2026, 1, 1),
             "value": 0.5, "numerator": 50, "denominator": 100, "low": 0.4, "high": 0.6,
             "suppressed": False, "no_data": False, "median": None}
            for name in [f"Program {i:03}" for i in range(20)] + ["All programs"]]
    fig = trend(pl.DataFrame(rows), metric)
    assert len(fig.data) == 21
    assert {t.line.color for t in fig.data[:-1]} == {MANY_COLOUR}
    assert fig.data[-1].line.color == TOTAL_COLOUR and fig.data[-1].showlegend


def test_the_legend_lists_only_series_with_a_point_and_sits_below_the_plot():
    """Programs B and C are hidden in every quarter: no line, so no legend entry; the legend
    goes under the axis, where it cannot cover the title."""
    fig = trend(frame(), E7)
    listed = [t.name for t in fig.data if t.showlegend is not False]
    assert listed == ["Program A", TOTAL]
    assert fig.layout.legend.y < 0 and fig.layout.legend.yanchor == "top"


def test_a_window_not_yet_closed_says_so_instead_of_no_data():
    open_window = frame().with_columns(window_open=pl.col("quarter") == Q2)
    table = display_table(open_window, E7)
    q2 = table.filter(pl.col("Quarter") == "2026 Q2")
    assert set(q2["Rate"]) == {"window not yet closed"} and set(q2["Numerator"]) == {"—"}
    assert "No data" not in set(table["Rate"])
