"""Import history: every import, its archived files and quarantine, and undo."""


from functools import partial

import polars as pl
import streamlit as st

from ingest.load import LoadRefused
from ingest.pipeline import POLICY
from ingest.service import undo_import
from metrics.formats import COLUMN_TIME
from metrics.text import as_markdown
from records.columns import columns
from records.models import RECORD_TYPES
from store.connection import DatabaseUnavailable
from store.published import PAGE_WAIT
from ui.audit import audited
from ui.context import unscoped_context
from ui.downloads import download_csv

# Not page_context(): that stops on an empty database, which may still have imports undone.
ctx = unscoped_context("import_history", writes=True)  # the role check, first thing
viewer = ctx.viewer

st.title("Import history")
imports = ctx.data.imports().with_columns(pl.col("policy").replace(POLICY))
if done := st.session_state.pop("history_undone", None):
    st.success(f"Import {done} is undone: the records are as they were before it.")
if imports.is_empty():
    st.info("No imports yet. Analysts load program exports on [the Upload page](upload).")
    st.stop()

WHEN = COLUMN_TIME
st.dataframe(imports, hide_index=True, key="history_table", column_config={
    "import_id": "Import", "loaded_at": st.column_config.DatetimeColumn("Loaded", format=WHEN),
    "uploader": "Uploaded by", "files": "Files",
    "size_bytes": st.column_config.NumberColumn("Bytes", format="localized"),
    **{f"rows_{k}": st.column_config.NumberColumn(k.title(), format="localized")
       for k in ("new", "changed", "unchanged", "rejected")},  # 12,345, not 12345
    "policy": "Policy", "status": "Status",
    "undone_at": st.column_config.DatetimeColumn("Undone", format=WHEN),
    "undone_by": "Undone by"})

chosen = st.selectbox("Import", imports["import_id"].to_list(), key="history_import",
                      format_func=lambda i: f"Import {i}")
row = imports.filter(pl.col("import_id") == chosen).row(0, named=True)
files = ctx.data.import_files(chosen)
st.markdown("**Archived files** (exactly as uploaded)")
for name, sha, size, content in files.select("file_name", "sha256", "size_bytes",
                                             "content").iter_rows():
    left, right = st.columns([3, 1])
    left.text(f"{name} · {size:,} bytes · SHA-256 {sha}")
    right.download_button("Download", audited(f"{name} (archived file of import {chosen})",
                                              partial(bytes, content)),
                          file_name=name, key=f"file_{chosen}_{name}",
                          icon=":material/download:", type="tertiary", on_click="ignore")

kept = ctx.data.quarantine(chosen)
if kept.height:
    raw = {c.name: pl.String for t in kept["table_name"].unique(maintain_order=True)
           for c in columns(RECORD_TYPES[t])}  # the raw cells are kept as text
    table = kept.with_columns(pl.col("raw_values").str.json_decode(pl.Struct(raw))
                              ).unnest("raw_values")
    st.markdown(f"**Quarantine**: {kept.height:,} rejected row{'s' * (kept.height != 1)}, with "
                "raw values and reasons. Fix them and upload them again.")
    download_csv(table, f"quarantine-import-{chosen}",
                 label="Download the quarantined rows (CSV)", kind="secondary")

if row["status"] == "undone":
    st.caption(f"Undone by {as_markdown(row['undone_by'])} on {row['undone_at']:%-d %b %Y, %H:%M}.")
    st.stop()
st.warning(f"Undo restores every record import {chosen} added or replaced to the state before "
           "it. The archived files stay.", icon=":material/undo:")
# Undo rewrites records others may be reading: asked once more, by a box to tick first.
sure = st.checkbox(f"Yes, undo import {chosen}", key=f"history_undo_sure:{chosen}")
if st.button(f"Undo import {chosen}", key="history_undo", disabled=not sure):
    try:
        undo_import(ctx.settings.db, chosen, viewer.email, viewer.role,
                    ctx.settings.reassessment_windows, PAGE_WAIT)  # the next version
    except (LoadRefused, DatabaseUnavailable) as error:
        st.error(str(error))
        st.stop()
    st.session_state["history_undone"] = chosen
    st.rerun()
