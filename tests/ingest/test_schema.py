"""The import history tables exist in every database, with a history table per record type
whose columns mirror the record's."""

from __future__ import annotations

from records.columns import columns
from records.models import RECORD_TYPES


def test_every_record_type_has_a_history_table_with_its_columns(fresh_db):
    with fresh_db.con.cursor() as cur:
        for table, model in RECORD_TYPES.items():
            names = [r[0] for r in cur.execute(f"describe {table}_history").fetchall()]
            assert names == ["import_id", "change", *[c.name for c in columns(model)]]
        tables = {r[0] for r in cur.execute("show tables").fetchall()}
    assert {"imports", "import_files", "import_counts", "quarantine"} <= tables


def test_the_sample_database_has_the_import_tables(sample):
    tables = {r[0] for r in sample.execute("show tables").fetchall()}
    assert {"imports", "import_files", "contacts_history"} <= tables
