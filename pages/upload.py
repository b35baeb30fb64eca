"""Upload: program exports checked cell by cell, a dry run, then one transaction."""

import hashlib

import streamlit as st

from ingest.limits import Limits
from ingest.load import LoadRefused
from ingest.pipeline import POLICY, Options
from ingest.service import load_upload, prepare_upload
from records.models import RECORD_TYPES
from store.connection import DatabaseUnavailable
from store.published import PAGE_WAIT
from ui.context import unscoped_context
from ui.mapping_source import forget_upload, source_mapping
from ui.upload_tables import SLASHED, blank_templates, dry_run

# Not page_context(): that stops on an empty database, and loading one is this page's job.
ctx = unscoped_context("upload", writes=True)  # the role check, first thing
settings, viewer = ctx.settings, ctx.viewer

st.title("Upload program exports")
st.caption("Every cell is checked and every problem listed before anything is loaded. A load "
           "is one transaction, and every import can be undone from Import history.")

blank_templates()

files = st.file_uploader(
    "Export files: CSV, TSV, XLSX (a sheet per record type), Parquet, or a ZIP of them",
    type=["csv", "tsv", "txt", "xlsx", "parquet", "zip"], accept_multiple_files=True,
    max_upload_size=settings.upload_max_mb, key="upload_files")
hidden = st.checkbox("Also read hidden sheets of a workbook", key="upload_hidden",
                     help="A hidden sheet is named in the dry run and loaded only if chosen.")
left, mid, right = st.columns(3)
chosen = left.selectbox("Record type", [None, *RECORD_TYPES], key="upload_type",
                        format_func=lambda t: t or "From the file or sheet name")
slashed = mid.radio("Slashed dates", list(SLASHED), format_func=SLASHED.__getitem__,
                    key="upload_slashed")
policy = right.radio("If some rows have problems", list(POLICY),
                     format_func=POLICY.__getitem__, key="upload_policy")

if not files:
    forget_upload()  # a checked upload holds its rows in memory
    st.info("Choose one or more export files to check them. Nothing is loaded until you say.")
    st.stop()

uploads = [(f.name, f.getvalue()) for f in files]
hashes = tuple(hashlib.sha256(data).hexdigest() for _, data in uploads)
loaded = st.session_state.setdefault("upload_loaded", {})  # file hashes -> import id
if hashes in loaded:  # st.file_uploader keeps its files across reruns: never load twice
    import_id = loaded[hashes]
    st.success(f"Loaded as import {import_id}. Figures on every page now include it; undo it "
               "from Import history." if import_id else
               "Nothing to load: every row is already in the database, unchanged.")
    st.stop()

# As it is, or through the mapping the analyst checked; while the mapping step is open, it stops
through = source_mapping(ctx.data, viewer, uploads, hashes, chosen, Limits.of(settings))
key = (hashes, chosen, slashed, policy, hidden, ctx.data.version, through)
if st.session_state.get("upload_key") != key:
    bar = st.progress(0.0, "Reading…")
    options = Options(slashed, policy, chosen, limits=Limits.of(settings), hidden_sheets=hidden,
                      mapping=through.mapping, saved=through.saved)
    prepared = ctx.data.run(prepare_upload, uploads, options,
                            progress=lambda f, what: bar.progress(f, what))
    bar.empty()
    st.session_state.update(upload_key=key, upload_prepared=prepared)
prepared = st.session_state["upload_prepared"]

dry_run(prepared)

if reason := prepared.refusal():
    st.warning(reason, icon=":material/block:")
    st.stop()
if not (n := prepared.changes()):
    st.info("Nothing to load: every valid row is already in the database, unchanged.")
    st.stop()
if st.button(f"Load {n:,} new or changed row{'s' * (n != 1)}", type="primary"):
    try:
        with st.spinner("Loading in one transaction…"):  # uploaded by "demo analyst" in demo
            loaded[hashes] = load_upload(settings.db, prepared, viewer.email, viewer.role,
                                         settings.reassessment_windows, PAGE_WAIT)
    except (LoadRefused, DatabaseUnavailable) as error:
        st.error(str(error))
        st.stop()
    st.rerun()
