"""The whole schema: one table per record type (generated from records/), the data version the
caches key on, the import history (archived files, prior versions of rows, quarantine) that
makes undo exact, the audit rows of imports and undos (audit_log), and which summary
tables are built of which data version (summary_builds). The dashboard's own records (who may
sign in, acknowledgements, notes…) live in a store of their own: store/own.py."""

from __future__ import annotations

import duckdb

from records.columns import columns
from records.models import REASSESSMENT_WINDOWS, RECORD_TYPES, Record
from store.records_ddl import added_columns_sql, schema_sql

DATA_VERSIONS_SQL = """
CREATE TABLE IF NOT EXISTS data_versions (
    version INTEGER PRIMARY KEY,
    changed_at TIMESTAMP NOT NULL,
    reason VARCHAR NOT NULL
)"""

# R1's reassessment window per instrument, days after the baseline: the records' defaults,
# SUPRT's set from the app's settings (store/windows.py), read by the summary tables.
WINDOWS_SQL = """CREATE TABLE IF NOT EXISTS reassessment_windows (
    instrument VARCHAR PRIMARY KEY,
    opens INTEGER NOT NULL,
    closes INTEGER NOT NULL,
    CHECK (opens >= 0 AND opens <= closes)
)"""

SUMMARY_BUILDS_SQL = """CREATE TABLE IF NOT EXISTS summary_builds (
    name VARCHAR PRIMARY KEY,
    definition VARCHAR NOT NULL,
    data_version INTEGER NOT NULL
)"""

HISTORY_SQL = [
    """CREATE TABLE IF NOT EXISTS imports (
    import_id INTEGER PRIMARY KEY,
    loaded_at TIMESTAMP NOT NULL,
    uploader VARCHAR NOT NULL,
    policy VARCHAR NOT NULL CHECK (policy in ('all_or_nothing', 'valid_rows')),
    status VARCHAR NOT NULL CHECK (status in ('loaded', 'undone')),
    undone_at TIMESTAMP,
    undone_by VARCHAR
)""",
    """CREATE TABLE IF NOT EXISTS import_files (
    import_id INTEGER NOT NULL,
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    size_bytes BIGINT NOT NULL,
    content BLOB NOT NULL,
    PRIMARY KEY (import_id, file_name)
)""",
    """CREATE TABLE IF NOT EXISTS import_counts (
    import_id INTEGER NOT NULL,
    table_name VARCHAR NOT NULL,
    rows_read BIGINT NOT NULL,
    rows_new BIGINT NOT NULL,
    rows_changed BIGINT NOT NULL,
    rows_unchanged BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL,
    PRIMARY KEY (import_id, table_name)
)""",
    """CREATE TABLE IF NOT EXISTS quarantine (
    import_id INTEGER NOT NULL,
    table_name VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    row_number BIGINT,
    raw_values VARCHAR NOT NULL,
    problems VARCHAR NOT NULL
)""",
]


# What was done, by whom: the import's and undo's rows are written here, in the transaction that
# changes the records; every other row goes to the dashboard's own records (store/own.py).
AUDIT_SQL = [
    "CREATE SEQUENCE IF NOT EXISTS audit_event_ids",
    """CREATE TABLE IF NOT EXISTS audit_log (
    event_id BIGINT PRIMARY KEY DEFAULT nextval('audit_event_ids'),
    happened_at TIMESTAMP NOT NULL,
    who VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    what VARCHAR NOT NULL,
    filters VARCHAR
)""",
]


# The dashboard's own records (store/own.py), in a file of their own beside the records.
USERS_SQL = [
    """CREATE TABLE IF NOT EXISTS users (
    email VARCHAR PRIMARY KEY,
    role VARCHAR NOT NULL,
    programs VARCHAR[],
    added_at TIMESTAMP NOT NULL,
    added_by VARCHAR NOT NULL
)""",
    # a peer worker's worker record (access/users.py): added after the table first shipped
    "ALTER TABLE users ADD COLUMN IF NOT EXISTS worker_id VARCHAR",
]

# The dashboard's own records, written by supervisors (access/worklists.py), never by an import:
# no foreign keys, so that undoing the import of a worker or an enrollment is never blocked.
WORKLIST_SQL = [
    "CREATE SEQUENCE IF NOT EXISTS worklist_record_ids",
    """CREATE TABLE IF NOT EXISTS flag_acknowledgements (
    ack_id BIGINT PRIMARY KEY DEFAULT nextval('worklist_record_ids'),
    worker_id VARCHAR NOT NULL,
    rule VARCHAR NOT NULL,
    figure DOUBLE,
    snoozed_until DATE,
    note VARCHAR NOT NULL,
    made_at TIMESTAMP NOT NULL,
    made_by VARCHAR NOT NULL,
    role VARCHAR NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS followup_attempts (
    attempt_id BIGINT PRIMARY KEY DEFAULT nextval('worklist_record_ids'),
    enrollment_id VARCHAR NOT NULL,
    worklist VARCHAR NOT NULL CHECK (worklist in ('aftercare', 'interview')),
    attempted_on DATE NOT NULL,
    outcome VARCHAR NOT NULL
        CHECK (outcome in ('reached', 'no_answer', 'left_message', 'declined')),
    note VARCHAR NOT NULL,
    made_at TIMESTAMP NOT NULL,
    made_by VARCHAR NOT NULL,
    role VARCHAR NOT NULL
)""",
]


# The dashboard's own records, set by analysts on a page (access/notes.py): never part of an
# export, so imports and undo never touch them.
NOTES_SQL = [
    "CREATE SEQUENCE IF NOT EXISTS annotation_ids",
    """CREATE TABLE IF NOT EXISTS annotations (
    annotation_id BIGINT PRIMARY KEY DEFAULT nextval('annotation_ids'),
    program_id VARCHAR NOT NULL,
    noted_on DATE NOT NULL,
    note VARCHAR NOT NULL,
    restarts_baseline BOOLEAN NOT NULL,
    added_at TIMESTAMP NOT NULL,
    added_by VARCHAR NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS targets (
    program_id VARCHAR NOT NULL,
    metric VARCHAR NOT NULL,
    target DOUBLE NOT NULL CHECK (target >= 0),
    set_at TIMESTAMP NOT NULL,
    set_by VARCHAR NOT NULL,
    PRIMARY KEY (program_id, metric)
)""",
    # a supervision session's note (access/worklists.py): beside the session's record, never
    # in the records themselves, so never in an export, the lake or an undo's reach
    """CREATE TABLE IF NOT EXISTS session_notes (
    supervision_id VARCHAR PRIMARY KEY,
    worker_id VARCHAR NOT NULL,
    note VARCHAR NOT NULL,
    made_at TIMESTAMP NOT NULL,
    made_by VARCHAR NOT NULL,
    role VARCHAR NOT NULL
)""",
]

# The funder release's figures as first released, quarter by quarter (release/kept.py):
# never changed by an import or an undo, so no funder can subtract one data version from
# another (docs/DISCLOSURE.md). program_id is NULL on the all-program row.
RELEASE_SQL = [
    """CREATE TABLE IF NOT EXISTS released_figures (
    metric VARCHAR NOT NULL,
    quarter DATE NOT NULL,
    program_id VARCHAR,
    program_name VARCHAR NOT NULL,
    numerator BIGINT,
    denominator BIGINT,
    value DOUBLE,
    median DOUBLE,
    suppressed BOOLEAN NOT NULL,
    no_data BOOLEAN NOT NULL,
    released_at TIMESTAMP NOT NULL,
    data_version VARCHAR NOT NULL
)""",
    # the exact counts a kept figure was made from: never served, the ground a program's
    # whole year is built on once its four quarters are kept (release/kept.py)
    "ALTER TABLE released_figures ADD COLUMN IF NOT EXISTS counted_numerator BIGINT",
    "ALTER TABLE released_figures ADD COLUMN IF NOT EXISTS counted_denominator BIGINT",
    """CREATE TABLE IF NOT EXISTS released_years (
    metric VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    program_id VARCHAR NOT NULL,
    program_name VARCHAR NOT NULL,
    numerator BIGINT,
    denominator BIGINT,
    value DOUBLE,
    suppressed BOOLEAN NOT NULL,
    released_at TIMESTAMP NOT NULL,
    data_version VARCHAR NOT NULL
)""",
]

# Digests and alerts by mail (alerts/): each user's subscription (no row: their role's
# default) and every message composed, kept until delivered (a failed one is retried) and
# after, so that the same digest is never sent twice (the unique key). `keys` holds hashes of
# what the message counted, never an id: the next digest is "new" when it counts another.
MAIL_SQL = [
    """CREATE TABLE IF NOT EXISTS mail_subscriptions (
    email VARCHAR PRIMARY KEY,
    digest VARCHAR NOT NULL CHECK (digest in ('daily', 'weekly', 'off')),
    alerts BOOLEAN NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    changed_by VARCHAR NOT NULL
)""",
    "CREATE SEQUENCE IF NOT EXISTS mail_message_ids",
    """CREATE TABLE IF NOT EXISTS mail_messages (
    message_id BIGINT PRIMARY KEY DEFAULT nextval('mail_message_ids'),
    email VARCHAR NOT NULL,
    kind VARCHAR NOT NULL CHECK (kind in ('digest', 'alert')),
    period VARCHAR NOT NULL,
    rules VARCHAR[] NOT NULL,
    counts VARCHAR NOT NULL,
    keys VARCHAR[] NOT NULL,
    subject VARCHAR NOT NULL,
    text_body VARCHAR NOT NULL,
    html_body VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error VARCHAR,
    UNIQUE (email, kind, period)
)""",
]

# Each source's mapping (ingest/saved_mappings.py, docs/MAPPING.md) as its TOML text, saved
# from the Upload page or the command line and used again when a file's headers recognise it.
MAPPINGS_SQL = [
    """CREATE TABLE IF NOT EXISTS source_mappings (
    name VARCHAR PRIMARY KEY,
    text VARCHAR NOT NULL,
    recognise VARCHAR[] NOT NULL,
    saved_at TIMESTAMP NOT NULL,
    saved_by VARCHAR NOT NULL
)""",
]

OWN_SQL = [*USERS_SQL, *AUDIT_SQL, *WORKLIST_SQL, *NOTES_SQL, *RELEASE_SQL, *MAIL_SQL,
           *MAPPINGS_SQL]


def history_table_sql(model: type[Record]) -> str:
    """`<table>_history`: per import, the keys it inserted and the prior versions it replaced."""
    cols = ",\n".join(f"    {c.name} {c.sql_type}" for c in columns(model))
    return (f"CREATE TABLE IF NOT EXISTS {model.table}_history (\n"
            "    import_id INTEGER NOT NULL,\n"
            "    change VARCHAR NOT NULL CHECK (change in ('inserted', 'replaced')),\n"
            f"{cols}\n)")


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table that does not exist yet (safe to run on an existing database)."""
    history = [history_table_sql(m) for m in RECORD_TYPES.values()]
    with con.cursor() as cur:
        for statement in [*schema_sql(), DATA_VERSIONS_SQL, *HISTORY_SQL, *history,
                          *AUDIT_SQL, SUMMARY_BUILDS_SQL, WINDOWS_SQL,
                          *added_columns_sql(), *added_columns_sql("_history")]:
            cur.execute(statement)
        for instrument, (opens, closes) in REASSESSMENT_WINDOWS.items():
            cur.execute("insert or ignore into reassessment_windows values ($i, $o, $c)",
                        {"i": instrument.value, "o": opens, "c": closes})
