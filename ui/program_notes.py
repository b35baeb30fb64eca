"""The Targets and annotations page's two sections, each a table and the form that changes
it; every change is written by access/notes.py as the viewer, with its audit row."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import polars as pl
import streamlit as st

from access.notes import NoteRefused, add_annotation, clear_target, remove_annotation, set_target
from metrics.formats import COLUMN_TIME, INPUT_DAY, day
from metrics.targets import TARGET_METRICS, shown
from queries.notes import ProgramNotes
from ui.data import PageData
from ui.downloads import download_csv


def _attempt(data: PageData, change: Callable[..., Any], *args: Any) -> None:
    """Run a writer; its refusal as a sentence, its success said after the rerun."""
    try:
        data.run(change, *args, data.viewer.email, data.viewer.role)
    except NoteRefused as error:
        st.error(str(error))
        st.stop()
    st.session_state["notes_done"] = "Saved."
    st.rerun()


def targets_section(data: PageData, names: dict[str, str], notes: ProgramNotes) -> None:
    settings = data.settings
    st.header("Targets")
    own = {(p, m): t for p, m, t in notes.targets.select("program_id", "metric", "target").rows()}
    values = {(p, k): own.get((p, k), float(getattr(settings, m.setting)))
              for p in names for k, m in TARGET_METRICS.items()}
    rows = [{"Program": names[p], "Metric": TARGET_METRICS[k].label,
             "Target": shown(k, v) if v else "none (0)",
             "From": "its own" if (p, k) in own else "the setting"} for (p, k), v in values.items()]
    table = pl.DataFrame(rows)
    st.dataframe(table, hide_index=True, width="stretch")
    download_csv(table, "targets", key="targets:csv")
    with st.form("target_form"):
        left, middle, right = st.columns(3)
        program = left.selectbox("Program", list(names), format_func=names.__getitem__)
        metric = middle.selectbox("Metric", list(TARGET_METRICS),
                                  format_func=lambda k: TARGET_METRICS[k].label)
        value = right.number_input("Target (a percentage for rates)", min_value=0.0, step=1.0)
        save, clear = st.columns(2)
        saved = save.form_submit_button("Set the target", type="primary")
        cleared = clear.form_submit_button("Back to the setting")
    if saved:
        proportion = TARGET_METRICS[metric].unit == "proportion"
        _attempt(data, set_target, program, metric, value / 100 if proportion else value)
    if cleared:
        _attempt(data, clear_target, program, metric)


def annotations_section(data: PageData, names: dict[str, str], notes: ProgramNotes) -> None:
    st.header("Annotations")
    table = notes.annotations.select("annotation_id", "program_name", "noted_on", "note",
                                     "restarts_baseline", "added_by", "added_at")
    if table.is_empty():
        st.info("No program change is recorded yet.")
    else:
        st.dataframe(table, hide_index=True, width="stretch", column_config={
            "annotation_id": "No.", "program_name": "Program",
            "noted_on": st.column_config.DateColumn("On"), "note": "What changed",
            "restarts_baseline": "Restarts the limits", "added_by": "Added by",
            "added_at": st.column_config.DatetimeColumn("Added", format=COLUMN_TIME)})
        download_csv(table, "annotations", key="annotations:csv")
    with st.form("annotation_form"):
        left, right = st.columns(2)
        program = left.selectbox("Program", list(names), format_func=names.__getitem__,
                                 key="note_program")
        noted_on = right.date_input("On", value=data.last_day or date.today(),
                                    format=INPUT_DAY)
        note = st.text_input("What changed", placeholder="e.g. new intake process")
        restarts = st.checkbox("Restart the control limits from this date (the process "
                               "changed)")
        added = st.form_submit_button("Add the annotation", type="primary")
    if added:
        _attempt(data, add_annotation, program, noted_on, note, restarts)
    if table.height:
        gone = st.selectbox("Annotation to remove", table["annotation_id"].to_list(),
                            format_func=lambda i: (lambda r: f"{r['program_name']}, "
                                                   f"{day(r['noted_on'])}: {r['note']}")(
                                table.filter(annotation_id=i).row(0, named=True)))
        if st.button("Remove it", key="annotation_remove"):
            _attempt(data, remove_annotation, int(gone))
