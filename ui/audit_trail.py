"""The audit trail in words: a row's filters (kept as JSON) as a person reads them, with
programs and workers by name and days as days; the trail as its page shows it and its file
holds it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date

import polars as pl

from metrics.formats import day, span
from ui.access import PAGES


def _day(text: object) -> str:
    try:
        return day(date.fromisoformat(str(text)[:10]))
    except ValueError:
        return str(text)


def _names(ids: object, names: Mapping[str, str], everyone: str) -> str:
    if ids is None:
        return everyone
    listed = ids if isinstance(ids, list) else [ids]
    return ", ".join(names.get(str(i), str(i)) for i in listed) or "none"


def _dates(filters: dict) -> str | None:
    first, last = filters.pop("start", None), filters.pop("end", None)
    if isinstance(listed := filters.get("dates"), list) and listed:  # an older row's pair
        first, last = listed[0], listed[-1]
        del filters["dates"]
    if first is None and last is None:
        return None
    try:
        return span(date.fromisoformat(str(first)[:10]), date.fromisoformat(str(last)[:10]))
    except ValueError:
        return f"{_day(first)} to {_day(last)}"


def filters_in_words(text: str | None, programs: Mapping[str, str],
                     workers: Mapping[str, str]) -> str:
    """'Programs: Harbor; 1 Dec 2025 to 20 Nov 2026; page Workforce' from the JSON a row
    keeps (`programs` and `workers` name the ids); '' when the row has none."""
    if not text:
        return ""
    try:
        filters = json.loads(text)
    except ValueError:
        return text
    if not isinstance(filters, dict):
        return text
    parts = []
    if "programs" in filters:
        parts.append(f"Programs: {_names(filters.pop('programs'), programs, 'all')}")
    if (dates := _dates(filters)) is not None:
        parts.append(dates)
    if (chosen := filters.pop("workers", None)) is not None:
        parts.append(f"Workers: {_names(chosen, workers, 'all')}")
    if (quarters := filters.pop("quarters", None)) is not None:
        parts.append(f"Quarters: {quarters}")
    page = filters.pop("page", None)
    parts += [f"{key.replace('_', ' ').capitalize()}: {value}" for key, value in
              sorted(filters.items()) if value is not None]
    if page is not None:
        parts.append(f"page {PAGES[page].title if page in PAGES else page}")
    return "; ".join(parts)


def trail_file(trail: pl.DataFrame, programs: Mapping[str, str],
               workers: Mapping[str, str]) -> pl.DataFrame:
    """The trail as the page shows it and its CSV holds it: `filters` in words, and the JSON
    as kept (ids, ISO days) last, as `filters_json`, for an analyst's script."""
    words = pl.Series("filters", [filters_in_words(f, programs, workers)
                                  for f in trail["filters"]], pl.String)
    return trail.rename({"filters": "filters_json"}).with_columns(words).select(
        *(c for c in trail.columns if c != "filters"), "filters", "filters_json")
