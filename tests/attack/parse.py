"""The attacker's reading of what a funder downloads and opens: each table's CSV (every row, its
Note), the HTML report's trend charts and the page's own charts, each metric's section opened
(the exact figure behind each point, e.g. E6's mean days). Only the bytes; no import of the
release, its model or its metric list."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

TOTAL = "All programs"
HIDDEN = "*"
EMPTY = ("No data", "")  # nothing to count: a zero
NOT_YET = ("—", "window not yet closed")  # a quarter not yet released: no figure, any count


@dataclass(frozen=True)
class Row:
    """One (metric, quarter, program) row as served: counts as intervals (None: hidden)."""

    num: tuple[int, int] | None
    den: tuple[int, int] | None
    hidden: str | None  # "small", "protects", "hidden" (no reason told), None: shown
    rate: float | None = None  # a rate printed beside hidden counts
    mean: float | None = None  # E6: the exact mean from the chart, else the table's
    mean_exact: bool = False


@dataclass
class View:
    """Everything one funder was served for one data version."""

    version: int
    programs: tuple[str, ...]  # the program rows listed (the total's row aside)
    rows: dict[tuple[str, str, str], Row] = field(default_factory=dict)  # (key, q, program)
    total_all: bool | None = None  # the total counts every program (None: not yet inferred)
    kept: bool = False  # the report says a released quarter stays as first released


def _count(text: str, spread: int) -> tuple[int, int] | None:
    text = text.strip()
    if text == HIDDEN or text in NOT_YET:
        return None
    if text in EMPTY:
        return (0, 0)
    value = int(re.sub(r"[^0-9]", "", text))
    return (max(0, value - spread), value + spread)


def _reason(note: str) -> str:
    if "fewer than" in note and ("worked out" in note or "protect" in note):
        return "hidden"  # one note for both reasons: it tells them apart no more
    if "fewer than" in note:
        return "small"
    if "worked out" in note or "protect" in note:
        return "protects"
    return "hidden"


WHOLE_YEAR = re.compile(r"^(\d{4}) \(whole year\)$")


def quarters_of(period: str) -> list[str]:
    """A period's quarters as the tables label them: a quarter's own, or a whole year's four."""
    year = WHOLE_YEAR.match(period)
    return [f"{year.group(1)} Q{i}" for i in range(1, 5)] if year else [period]


def _rate(text: str) -> float | None:
    return float(text.rstrip("%").replace(",", "")) / 100 if text.endswith("%") else None


def read_csv(key: str, data: bytes, spread: int = 0) -> dict[tuple[str, str, str], Row]:
    """One table's rows: proportions (Numerator, Denominator), E6 (Discharges), counts."""
    rows = {}
    for r in csv.DictReader(io.StringIO(data.decode("utf-8-sig"))):
        where = (key, r["Quarter"], r["Program"].lstrip("'"))
        if "Numerator" in r:
            num, den = _count(r["Numerator"], spread), _count(r["Denominator"], spread)
            shown_rate = _rate(r["Rate"])
        else:
            num, den = _count(r.get("Discharges", r.get("Number", "*")), spread), None
            shown_rate = None
        mean = r.get("Mean days", "")
        hidden = None if r["Note"] in ("—", "") else _reason(r["Note"])
        if hidden is None and num is None:
            hidden = "not yet"  # no figure until the quarter is released: no constraint
        rows[where] = Row(num, den, hidden, shown_rate if (num is None or den is None)
                          else None, float(mean.replace(",", "")) if mean[:1].isdigit()
                          else None)
    return rows


def _values(y: Any) -> list[float | None]:
    if isinstance(y, dict):  # plotly's typed array
        raw = np.frombuffer(base64.b64decode(y["bdata"]), dtype=np.dtype(y["dtype"]))
        return [None if np.isnan(v) else float(v) for v in raw]
    return [None if v is None else float(v) for v in y]


def chart_means(html: str, key: str = "E6") -> dict[tuple[str, str], float]:
    """(quarter, program) -> the exact figure a trend chart draws for that point."""
    found = re.search(rf'Plotly\.newPlot\(\s*"chart-{key}-trend",\s*', html)
    if found is None:
        return {}
    at = found.end()
    start = html.index("[", at)
    traces, _ = json.JSONDecoder().raw_decode(html[start:])
    return _points(traces)


def page_chart_means(charts: dict[str, bytes], key: str = "E6") -> dict[tuple[str, str], float]:
    """(quarter, program) -> the exact figure the page's trend chart of `key` draws, as sent
    when its section is opened."""
    sent = charts.get(f"{key}-trend")
    return {} if sent is None else _points(json.loads(sent)["data"])


def _points(traces: list[dict[str, Any]]) -> dict[tuple[str, str], float]:
    out = {}
    for trace in traces:
        if "x" not in trace or "y" not in trace or "name" not in trace:
            continue
        for q, v in zip(trace["x"], _values(trace["y"]), strict=False):
            if v is not None:
                out[(q, trace["name"])] = v
    return out


def rounding_spread(html: str) -> int:
    """How far a shown count may be from the count, when the report says counts are rounded
    (0: exact): half the base to the nearest multiple, the base less 1 up or down at random."""
    said = re.search(r"rounded (?:to|up to|down to) (?:the nearest|a multiple of) (\d+)"
                     r"(,? up or down)?", html, re.IGNORECASE)
    if said is None:
        return 0
    base = int(said.group(1))
    return base - 1 if said.group(2) else base // 2


def read(csvs: dict[str, bytes], html: bytes, version: int = 0,
         charts: dict[str, bytes] | None = None) -> View:
    """A funder's View from the bytes: every CSV's rows, E6's exact means from the report's
    chart and the page's (both read: whichever draws a point gives it away)."""
    text = html.decode()
    spread = rounding_spread(text)
    rows: dict[tuple[str, str, str], Row] = {}
    for key, data in csvs.items():
        rows |= read_csv(key, data, spread)
    means = b"Mean days" in csvs.get("E6", b"")  # else the chart draws medians: no sums
    drawn = chart_means(text) | page_chart_means(charts or {}) if means else {}
    for (q, program), mean in drawn.items():
        row = rows.get(("E6", q, program))
        if row is not None and row.num is not None:
            rows[("E6", q, program)] = Row(row.num, row.den, row.hidden, None, mean, True)
    programs = tuple(sorted({p for (_, _, p) in rows if p != TOTAL}))
    # the report says whose total its All programs row is, when it says so
    every = True if "covers every program" in text else None
    return View(version, programs, rows, total_all=every, kept="stays as released" in text)
