"""How a day is written, everywhere: "2 Nov 2026"."""

from __future__ import annotations

from datetime import date
from typing import Protocol

DAY_FORMAT = "%-d %b %Y"  # strftime: 2 Nov 2026
PLOTLY_DAY_FORMAT = "%-d %b %Y"  # d3-time-format, the same words
COLUMN_DAY = "D MMM YYYY"  # a table's date column (st.column_config, moment.js): the same words
COLUMN_TIME = "D MMM YYYY, HH:mm"  # a table's time column: 2 Nov 2026, 14:05
# A date typed in (st.date_input offers digits only): year first, the one order no reader takes
# for another (06/12 is 6 December in Leeds and June 12 in Boston).
INPUT_DAY = "YYYY-MM-DD"


class Period(Protocol):
    """Anything with a first and a last day (a Scope)."""

    @property
    def start(self) -> date: ...

    @property
    def end(self) -> date: ...


def day(d: date) -> str:
    """A day as people write it: 2 Nov 2026."""
    return f"{d:{DAY_FORMAT}}"


def span(start: date, end: date) -> str:
    """A date range: 1 Dec 2025 to 30 Nov 2026."""
    return f"{day(start)} to {day(end)}"


def rate_with_interval(value: float, numerator: int, denominator: int, low: float,
                       high: float, noun: str = "", digits: int = 1) -> str:
    """A rate with its n and 95% interval: '78.4% (98 of 125 discharges; 95% CI 70.4%–84.7%)'."""
    of = f"{numerator:,} of {denominator:,}" + (f" {noun}" if noun else "")
    return (f"{value:.{digits}%} ({of}; 95% CI {low:.{digits}%}–{high:.{digits}%})")
