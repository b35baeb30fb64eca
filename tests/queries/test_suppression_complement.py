"""Complementary suppression over whole arrays hides exactly the cells that the rule, applied
one row at a time as docs/METRICS.md words it, hides."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.instruments import SMALLEST_SHOWN
from queries.suppression import hidden, suppress_table


def _parts(row: dict) -> dict[str, int]:
    if row["denominator"] is None:
        return {"numerator": row["numerator"] or 0}
    return {"numerator": row["numerator"] or 0, "denominator": row["denominator"],
            "rest": row["denominator"] - (row["numerator"] or 0)}


def _lone(cells: list[dict], part: str) -> bool:
    having = [_parts(c)[part] for c in cells if c["suppressed"] and _parts(c)[part] > 0]
    return len(having) == 1 and having[0] < SMALLEST_SHOWN


def by_the_row(table: pl.DataFrame, kind: str) -> list[bool]:
    """The rule one row at a time: while one hidden cell alone has a count of 1-10, hide the
    unhidden cell with the smallest such count (the first on a tie), or else the total."""
    rows = table.with_columns(suppressed=hidden(kind)).to_dicts()
    for quarter in {r["quarter"] for r in rows}:
        group = [r for r in rows if r["quarter"] == quarter]
        totals = [r for r in group if r["is_total"]]
        if len(totals) != 1:
            continue
        total, cells = totals[0], [r for r in group if not r["is_total"]]
        while not total["suppressed"]:
            part = next((p for p in _parts(total) if _lone(cells, p)), None)
            if part is None:
                break
            spare = [c for c in cells if not c["suppressed"] and _parts(c)[part] > 0]
            if not spare:
                total["suppressed"] = True
                break
            min(spare, key=lambda c: (_parts(c)[part], *_parts(c).values()))["suppressed"] = True
    return [r["suppressed"] for r in rows]


def quarters(draw: st.DrawFn, counted: bool) -> pl.DataFrame:
    """A few quarters of cells, each followed by its total, in a shuffled order."""
    rows = []
    for quarter in range(draw(st.integers(1, 3))):
        cells = draw(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=8))
        cells = [(n, n + rest) for n, rest in cells]
        cells.append((sum(n for n, _ in cells), sum(d for _, d in cells)))
        rows += [(quarter, n, d if counted else None, i == len(cells) - 1)
                 for i, (n, d) in enumerate(cells)]
    rows = draw(st.permutations(rows))
    return pl.DataFrame(rows, schema={"quarter": pl.Int64, "numerator": pl.Int64,
                                      "denominator": pl.Int64, "is_total": pl.Boolean},
                        orient="row").with_columns(value=pl.col("numerator").cast(pl.Float64))


@st.composite
def tables(draw: st.DrawFn) -> tuple[pl.DataFrame, str]:
    kind = draw(st.sampled_from(["proportion", "count"]))
    return quarters(draw, counted=kind == "proportion"), kind


@settings(max_examples=300, deadline=None)
@given(tables())
def test_the_same_cells_are_hidden_as_by_the_row(drawn):
    table, kind = drawn
    out = suppress_table(table, kind, ["quarter"])
    assert out["suppressed"].to_list() == by_the_row(table, kind)
    assert out.drop("suppressed", "numerator", "denominator", "value").equals(
        table.drop("numerator", "denominator", "value"))


def test_ties_go_to_the_first_cell_in_the_table():
    # 4 of 40 is alone among the hidden cells; two cells have 20 of 40: the first one goes.
    rows = [(4, 40), (20, 40), (20, 40), (44, 120)]
    table = pl.DataFrame(rows, schema={"numerator": pl.Int64, "denominator": pl.Int64},
                         orient="row").with_columns(
        value=pl.col("numerator") / pl.col("denominator"), quarter=pl.lit(1),
        is_total=pl.int_range(pl.len()) == 3)
    out = suppress_table(table, "proportion", ["quarter"])
    assert out["suppressed"].to_list() == [True, True, False, False]
