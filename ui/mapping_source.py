"""Which source mapping an upload is read through, as the Upload page decides it: none for a
file in the contract's shape; a saved mapping that recognises the file's headers, named with
who saved it and a button to edit it; else the mapping step (ui/mapping_step.py), which holds
the page until the analyst checks the upload with the mapping they confirmed. A mapping can be
downloaded as its TOML file, or a TOML file uploaded to start from.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import polars as pl
import streamlit as st

from access.viewer import Viewer
from ingest.limits import Limits
from ingest.mapping import Mapping, MappingError, parse_mapping, recognising
from ingest.mapping_toml import mapping_text
from ingest.raw_frames import fits_contract, raw_frames
from ingest.saved_mappings import SavedMapping, save_mapping
from ingest.suggest import Known, headed, suggest_mapping
from metrics.formats import day
from metrics.text import as_markdown
from ui.audit import audited
from ui.data import PageData
from ui.mapping_step import introduce, mapping_step

CHECKED, EDITING, START, TOML, FRAMES = ("mapping_checked", "mapping_editing",
                                         "mapping_start", "mapping_toml", "mapping_frames")


def forget_upload() -> None:
    """Once no file is chosen: the checked upload's rows, and the mapping step's frames and
    choices, are held in memory only while their files are."""
    for key in ("upload_prepared", "upload_key", CHECKED, EDITING, START, FRAMES):
        st.session_state.pop(key, None)


def _known(data: PageData) -> Known:
    participants, enrollments = data.stored_keys()
    return Known(tuple(data.programs()["program_name"].drop_nulls()),
                 tuple(data.workers()["display_name"].drop_nulls()), participants, enrollments)


def _download(mapping: Mapping, key: str) -> None:
    text = mapping_text(mapping)
    name = re.sub(r"[^A-Za-z0-9]+", "_", mapping.name).strip("_").lower() or "mapping"
    st.download_button("Download the mapping (TOML)",
                       audited(f"{name}.toml (the source mapping {mapping.name!r})",
                               lambda: text.encode()),
                       f"{name}.toml", "application/toml", key=key,
                       icon=":material/download:", on_click="ignore")


def _named(mapping: Mapping, said: str, files: tuple[str, ...]) -> None:
    """A mapping the upload is read through, named, with its edit button and download."""
    with st.container(border=True):
        st.markdown(said)
        left, right = st.columns(2)
        if left.button("Edit this mapping", icon=":material/edit:", key="mapping_edit"):
            st.session_state.update({EDITING: files, START: (files, mapping)})
            st.session_state.pop(CHECKED, None)
            st.rerun()
        with right:
            _download(mapping, "mapping_download_named")


def _uploaded_toml(files: tuple[str, ...]) -> None:
    """A mapping file to start the step from; a broken one is its sentence, no traceback."""
    toml = st.file_uploader("Or start from a mapping file (TOML)", type=["toml"],
                            key="mapping_file")
    if toml is None:
        return
    text = toml.getvalue().decode("utf-8-sig", errors="replace")
    mark = hashlib.sha256(text.encode()).hexdigest()
    try:
        mapping = parse_mapping(text)
    except MappingError as error:
        st.error(as_markdown(f"{toml.name} cannot be used: {error}"), icon=":material/error:")
        return
    if st.session_state.get(TOML) != mark:  # the uploader keeps its file across reruns
        st.session_state.update({TOML: mark, START: (files, mapping)})
        st.rerun()


def _save(data: PageData, viewer: Viewer, mapping: Mapping, files: tuple[str, ...]) -> None:
    try:
        data.run(save_mapping, mapping_text(mapping), viewer.email, viewer.role)
    except MappingError as error:
        st.error(as_markdown(str(error)), icon=":material/error:")
        return
    st.session_state[EDITING] = files  # the step stays open, to check with it next
    st.success(f"Saved as the mapping {as_markdown(repr(mapping.name))}: this source's later "
               "files are read through it at once.", icon=":material/check:")


def _step(data: PageData, viewer: Viewer, source: str, raw: pl.DataFrame,
          files: tuple[str, ...]) -> None:
    """The step, then its buttons; stops the page (nothing is checked until asked)."""
    frame, known = headed(raw), _known(data)
    started = st.session_state.get(START)
    start = started[1] if started and started[0] == files else None
    if start is None:
        start = suggest_mapping(source.split(" › ")[-1].rsplit(".", 1)[0], frame, known)
        st.session_state[START] = (files, start)
    introduce(source)
    _uploaded_toml(files)
    mapping = mapping_step(source, frame, raw, start, known)
    if mapping is None:
        st.stop()
    if mapping.name in {s.name for s in data.saved_mappings()}:
        st.caption(f"A mapping named {as_markdown(repr(mapping.name))} is saved already: "
                   "saving this one replaces it.")
    check, save, download = st.columns(3)
    if check.button("Check with this mapping", type="primary", key="mapping_check"):
        st.session_state.update({CHECKED: (files, mapping)})
        st.session_state.pop(EDITING, None)
        st.rerun()
    if save.button("Save mapping", key="mapping_save"):
        _save(data, viewer, mapping, files)
    with download:
        _download(mapping, "mapping_download")
    st.stop()


@dataclass(frozen=True)
class Through:
    """How the upload is read (ingest/pipeline.Options): every file through `mapping`, or
    each file through the one of `saved` that recognises it (none: the saved mappings)."""

    mapping: Mapping | None = None
    saved: tuple[Mapping, ...] = ()


def source_mapping(data: PageData, viewer: Viewer, uploads: list[tuple[str, bytes]],
                   files: tuple[str, ...], chosen: str | None, limits: Limits) -> Through:
    """How to check the upload: as it is (the contract's shape, or a saved mapping the check
    finds itself), or through the mapping the analyst checked; stops the page while the mapping
    step is open."""
    read = st.session_state.get(FRAMES)
    if not read or read[0] != files:  # read once per upload, not on every choice in the step
        read = st.session_state[FRAMES] = (files, raw_frames(uploads, limits))
    unfit = [(s, r) for s, r in read[1] if not fits_contract(s, r, chosen)]
    checked = st.session_state.get(CHECKED)
    if checked and checked[0] == files:
        return _checked(data, checked[1], files, mixed=len(unfit) < len(read[1]))
    if not unfit:
        return Through()
    source, raw = unfit[0]
    saved = recognising(data.saved_mappings(), [str(h) for h in raw.row(0) if h is not None])
    if saved is not None and st.session_state.get(EDITING) != files:
        _named(saved.mapping, _said(saved), files)
        return Through()
    _step(data, viewer, source, raw, files)
    return Through()  # not reached: the step stops the page


def _checked(data: PageData, mapping: Mapping, files: tuple[str, ...], mixed: bool) -> Through:
    """The mapping the analyst checked, named. With files of the contract's shape beside, it
    reads only the files it recognises (the others are read as they are)."""
    saved = [s.mapping for s in data.saved_mappings()]
    kept = mapping.name in {m.name for m in saved}
    _named(mapping, f"Checked through the mapping **{as_markdown(mapping.name)}**" + (
        "." if kept else ", not saved: edit it to save it for this source's next files."),
        files)
    return Through(saved=(mapping, *saved)) if mixed else Through(mapping)


def _said(saved: SavedMapping) -> str:
    return (f"Read through the saved mapping **{as_markdown(saved.name)}**, saved by "
            f"{as_markdown(saved.saved_by)} on {day(saved.saved_at.date())}.")
