"""Uploads are bounded while they are read (issue 17): decompressed bytes, rows, cells and
problems, for every format; each refusal names the limit and its setting. The bomb files of the
issue are refused under a memory ceiling, in a process of their own."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import polars as pl
import pytest

from ingest.limits import Limits
from ingest.read import read_upload
from tests.ingest.conftest import CONTACTS_HEADER
from tests.ingest.workbooks import workbook

ROOT = Path(__file__).parents[2]
ROW = "C2,E1,W0002,2026-01-13,check_in,phone,15"
# Far above what reading a refused bomb needs (about 0.5 GB at most), far below what the
# bombs took before they were bounded (2 to 4 GB).
CEILING_MB = 1000


def _error(files: list[tuple[str, bytes]], limits: Limits | None = None) -> str:
    reading = read_upload(files, limits=limits)
    assert not reading.parts
    return reading.errors[0][1]


def _parquet(rows: int) -> bytes:
    buffer = io.BytesIO()
    pl.DataFrame({"contact_id": pl.repeat("C1", rows, eager=True)}).write_parquet(
        buffer, compression="zstd", compression_level=22)
    return buffer.getvalue()


def test_a_parquet_file_counts_its_rows_before_one_is_unpacked():
    data = _parquet(1_000_001)
    assert len(data) < 20_000  # a bomb: a few KB for a million rows
    assert "more than 1,000,000 rows, the upload limit (setting PEERDASH_UPLOAD_MAX_ROWS)" in (
        _error([("contacts.parquet", data)]))


def test_rows_and_cells_of_a_csv_are_counted_before_it_is_parsed():
    data = (CONTACTS_HEADER + "".join(ROW + "\n" for _ in range(3))).encode()
    assert "more than 2 rows" in _error([("contacts.csv", data)], Limits(rows=2))
    assert "more than 20 cells, the upload limit (setting PEERDASH_UPLOAD_MAX_CELLS)" in (
        _error([("contacts.csv", data)], Limits(cells=20)))


def test_the_limits_hold_across_the_files_of_one_upload():
    data = (CONTACTS_HEADER + ROW + "\n").encode()
    reading = read_upload([("contacts.csv", data), ("contacts2.csv", data)],
                          limits=Limits(rows=1))
    assert len(reading.parts) == 1
    assert "more than 1 row, the upload limit" in reading.errors[0][1]


def test_a_zip_member_is_counted_as_it_unpacks():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("contacts.csv", CONTACTS_HEADER + ROW + "\n" + " " * 5000)
    error = _error([("exports.zip", buffer.getvalue())], Limits(bytes=1000))
    assert "upload limit (setting PEERDASH_UPLOAD_MAX_MB)" in error


def test_an_xlsx_sheet_is_counted_as_it_unpacks():
    rows = ([f"C{i}", "E1"] for i in range(3_000))
    data = workbook({"contacts": [["contact_id", "enrollment_id"], *rows]})
    assert "more than 2,000 rows" in _error([("contacts.xlsx", data)], Limits(rows=2_000))


def test_problems_beyond_the_limit_refuse_the_upload_with_the_first_listed(base_db):
    from tests.ingest.conftest import check

    rows = "".join(f"X{i},E404,W0002,2026-01-13,check_in,phone,15\n" for i in range(50))
    prepared = check(base_db, [("contacts.csv", (CONTACTS_HEADER + rows).encode())],
                     limits=Limits(problems=20))
    assert prepared.problems.height == 20
    assert "more than 20 problems, the limit listed (setting PEERDASH_UPLOAD_MAX_PROBLEMS)" in (
        prepared.refusal())


PROBE = """
import json, resource, sys
from pathlib import Path
import duckdb
from ingest.pipeline import prepare
from store.schema import create_schema
con = duckdb.connect()
create_schema(con)
path = Path(sys.argv[1])
prepared = prepare(con, [(path.name, path.read_bytes())])
print(json.dumps({"refusal": prepared.refusal(),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _probe(path: Path) -> dict:
    run = subprocess.run([sys.executable, "-c", PROBE, str(path)], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.splitlines()[-1])


def _million_bad_rows(path: Path) -> None:
    """A million rows, each naming an enrollment that is not there; their own keys, so none
    is a repeat of another (an exact repeat is read once)."""
    rows = 1_000_000
    pl.DataFrame({c: pl.repeat(v, rows, eager=True) for c, v in zip(
        CONTACTS_HEADER.strip().split(","), ROW.replace("E1", "E404").split(","), strict=True)}
    ).with_columns(contact_id=pl.format("C{}", pl.int_range(rows))).write_parquet(
        path, compression="zstd", compression_level=22)


def _one_cell_csv(path: Path) -> None:
    with path.open("wb") as out:
        out.write(b"contact_id\n")
        for _ in range(180):
            out.write(b"x" * 2**20)


def _million_row_sheet(path: Path) -> None:
    row = ["C1", "E404", "W0002", "2026-01-13", "check_in", "phone", "15"]
    path.write_bytes(workbook({"contacts": [CONTACTS_HEADER.strip().split(","), row]},
                              repeat=1_000_001))


@pytest.mark.parametrize(("name", "make", "says"), [
    ("contacts.parquet", _million_bad_rows, "more than 100,000 problems"),
    ("contacts.csv", _one_cell_csv, "longer than 64 KB"),
    ("contacts.xlsx", _million_row_sheet, "the upload limit (setting PEERDASH_UPLOAD_MAX_"),
], ids=["Parquet of a million bad rows", "180 MB one-cell CSV", "XLSX of a million rows"])
def test_the_bomb_files_are_refused_under_a_memory_ceiling(tmp_path, name, make, says):
    path = tmp_path / name
    make(path)
    assert path.stat().st_size < 200 * 2**20  # under the page's upload limit
    found = _probe(path)
    assert says in found["refusal"]
    assert found["peak_mb"] < CEILING_MB
