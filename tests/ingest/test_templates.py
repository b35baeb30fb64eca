"""The blank templates come from the record definitions and read back as empty uploads."""

from __future__ import annotations

import io

import polars as pl

from ingest.read import read_upload
from ingest.templates import template_csv, template_workbook, templates_zip
from records.columns import columns
from records.models import RECORD_TYPES


def test_each_csv_template_is_the_contract_header():
    assert template_csv("contacts") == (b"contact_id,enrollment_id,worker_id,contact_on,"
                                        b"contact_type,mode,minutes\r\n")


def test_the_templates_read_back_as_every_record_type_with_no_rows():
    for name, data in (("templates.zip", templates_zip()), ("template.xlsx",
                                                           template_workbook())):
        reading = read_upload([(name, data)])
        assert not reading.errors
        assert {p.table: p.frame.height for p in reading.parts} == dict.fromkeys(RECORD_TYPES,
                                                                                0)


def test_the_workbook_says_what_every_column_accepts():
    about = pl.read_excel(io.BytesIO(template_workbook()), sheet_name="columns")
    assert about.height == sum(len(columns(m)) for m in RECORD_TYPES.values())
    minutes = about.filter(pl.col("column") == "minutes").row(0, named=True)
    assert minutes["accepts"] == "required: a whole number at least 0 and at most 480"
    worker = about.filter((pl.col("record type") == "contacts") & (pl.col("column") ==
                                                                  "worker_id")).row(0, named=True)
    assert worker["refers to"] == "workers"
