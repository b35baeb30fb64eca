"""Draw what is read, keep what is drawn (issue 33). A page's longer sections open on demand
(`opened`), their charts built only then. A chart's figure is a function of what its page read
and of what it marks, so keyed on those as plain values it is built and prepared once
(shown.drawn) and every later view of it costs a cache read and its serialisation, not its
construction. Construction was most of a chart page's server time on the sample: 0.47 of
Outcomes' 0.53 s per repeat run (cProfile in the script thread), 17 to 80 ms a figure.

A key holds everything a figure depends on; `build` (not hashed) must read nothing else.
On the scoped pages that is the database, its data version and last day, the scope (programs,
dates, workers, a click's narrowing), the viewer (as the page's frames are cached on it), the
settings, and the marks: annotations and targets change without the data version changing.
A page drawn from the data whole (`data_figures`) is keyed on the data and the viewer alone."""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from access.viewer import Viewer
from queries.notes import ScopeNotes, TargetLine
from queries.scope import Scope
from settings import Settings
from ui.context import PageContext
from ui.data import PageData
from ui.shown import Drawn, drawn

# A page's figures (about 10) for the scopes, narrowings and viewers seen between imports.
KEPT = 1024


@st.cache_data(max_entries=KEPT, show_spinner=False)
def built_once(key: Hashable, chart: str, _build: Callable[[], go.Figure | None]
               ) -> Drawn | None:
    """`chart`'s figure for `key`, built by `_build` once (None where it draws nothing)."""
    fig = _build()
    return None if fig is None else drawn(fig)


@dataclass(frozen=True)
class Marks:
    """A scope's marks (queries.notes.ScopeNotes) as plain values: the annotations drawn,
    whether they name their programs, where limits restart, and each metric's target."""

    shown: tuple[tuple[object, ...], ...]
    several: bool
    restarts: tuple[date, ...]
    targets: tuple[tuple[str, TargetLine | None], ...]


@dataclass(frozen=True)
class PageKey:
    """What a scoped page's figures are a function of."""

    page: str
    db: str
    version: int
    last_day: date
    scope: Scope
    viewer: Viewer
    settings: Settings
    marks: Marks


@dataclass(frozen=True)
class Kept:
    """A page's figures, each built once for its key: `kept("chart", lambda: figure)`. The key
    is held as a digest, taken once a run: Streamlit hashing the whole key for each chart cost
    4 ms a chart. Values that differ pickle differently, so differ in digest too."""

    key: str

    @classmethod
    def of(cls, key: Hashable) -> Kept:
        return cls(hashlib.sha256(pickle.dumps(key)).hexdigest())

    def __call__(self, chart: str, build: Callable[[], go.Figure]) -> Drawn:
        shown = built_once(self.key, chart, build)
        assert shown is not None, chart  # a page's chart always draws a figure
        return shown


def page_figures(page: str, ctx: PageContext, marks: ScopeNotes) -> Kept:
    """The figures of a scoped page, keyed on its context and its scope's marks."""
    plain = Marks(tuple(marks.shown.rows()), marks.several, tuple(marks.restarts),
                  tuple(sorted(marks.targets.items())))
    return Kept.of(PageKey(page, ctx.data.path, ctx.data.version, ctx.last_day, ctx.scope,
                           ctx.viewer, ctx.settings, plain))


def data_figures(page: str, data: PageData) -> Kept:
    """The figures of a page drawn from the data whole, not from the sidebar's scope (Data
    completeness: a chart a program, named by the chart's key): keyed on the database, its
    data version and last day, the viewer (whose programs the data is cut to) and settings."""
    return Kept.of((page, data))


def opened(title: str, key: str) -> DeltaGenerator | None:
    """A section of a page opened on demand, and by a link (?open_<key>=true): its container
    when open, None when closed (then nothing in it is built)."""
    box = st.expander(title, key=f"open_{key}", on_change="rerun", bind="query-params")
    return box if box.open else None
