"""How fast the import pipeline checks and loads a million contacts, beside two yardsticks
measured in the same run:

- DuckDB's own `read_csv` inserting the same file into the same table (no checks beyond the
  table's CHECKs; goal: ours within 2x of it);
- row-by-row pydantic validation of the same rows (`Contact.model_validate`; goal: ours at
  least 5x faster). Pydantic runs on the first --pydantic-rows rows and is scaled up.

And the mapped case (issue 30): as many contacts as a case-management service log (names, US
dates, labels; bench/foreign_shape.py) read through sample_data/mappings/case_management.toml,
against the same rows in the contract's shape, into the same database (goal: mapped within 2x).

Each timing runs in a child process, so its peak memory is its own. Data: bench/data/.

    .venv/bin/python bench/import.py                   # 1,000,000 contacts
    .venv/bin/python bench/import.py --contacts 200000
    .venv/bin/python bench/import.py --contacts 100000 --only-mapped
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.foreign_shape import prepare_mapped  # noqa: E402

DATA = ROOT / "bench" / "data"
CONTACTS_PER_ENROLLMENT = 18  # in the generated data: enough enrollments for the contacts
AS_OF = "2026-11-20"

PRELUDE = """
import json, resource, sys, time
from datetime import date
sys.path.insert(0, {root!r})
import duckdb, polars, pydantic  # imported before the clock starts: only the work is timed
"""
REPORT = """
print(json.dumps({{"seconds": time.perf_counter() - began, "checked": checked,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""
OURS = """
import duckdb
from ingest.load import load
from ingest.pipeline import Options, prepare
began = time.perf_counter()
con = duckdb.connect({db!r})
prepared = prepare(con, [("contacts.csv", open({csv!r}, "rb").read())],
                   Options(today=date.fromisoformat({as_of!r})))
assert prepared.refusal() is None, prepared.problems.head()
checked = time.perf_counter() - began
assert load(con, prepared, "bench") == 1
con.close()
"""
MAPPED = """
import duckdb
from ingest.load import load
from ingest.mapping import load_mapping
from ingest.pipeline import Options, prepare
from pathlib import Path
began = time.perf_counter()
con = duckdb.connect({db!r})
mapping = load_mapping(Path({mapping!r}))
prepared = prepare(con, [("service_log.csv", open({csv!r}, "rb").read())],
                   Options(today=date.fromisoformat({as_of!r}), mapping=mapping))
assert prepared.refusal() is None, prepared.problems.head()
checked = time.perf_counter() - began
assert load(con, prepared, "bench") == 1
con.close()
"""
DUCKDB = """
import duckdb
from records.columns import columns
from records.models import Contact
types = {{c.name: c.sql_type for c in columns(Contact)}}
began = time.perf_counter()
con = duckdb.connect({db!r})
con.execute(f"insert into contacts select * from read_csv({csv!r}, header = true, "
            f"columns = {{types!r}})")
con.close()
checked = None
"""
PYDANTIC = """
import csv
from records.models import Contact
began = time.perf_counter()
with open({csv!r}, newline="") as f:
    for i, row in enumerate(csv.DictReader(f)):
        if i == {n}:
            break
        Contact.model_validate(row)
checked = None
"""


def child(code: str, **values: object) -> dict:
    script = PRELUDE.format(root=str(ROOT)) + code.format(**values) + REPORT.format()
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=False, cwd=ROOT)
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def prepare_data(contacts: int) -> tuple[Path, Path]:
    """A generated database without its contacts, and a CSV of `contacts` of them."""
    source, csv = DATA / f"import-{contacts}.duckdb", DATA / f"contacts-{contacts}.csv"
    target = DATA / f"import-{contacts}-target.duckdb"
    if not csv.exists() or not target.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        enrollments = contacts // CONTACTS_PER_ENROLLMENT + 1
        subprocess.run([sys.executable, "-m", "sample_data", "--out", str(source),
                        "--enrollments", str(enrollments), "--as-of", AS_OF], check=True,
                       cwd=ROOT, stdout=subprocess.DEVNULL)
        con = duckdb.connect(str(source))
        n = con.execute("select count(*) from contacts").fetchall()[0][0]
        if n < contacts:
            raise SystemExit(f"only {n:,} contacts generated; raise CONTACTS_PER_ENROLLMENT")
        con.execute(f"copy (select * from contacts order by contact_id limit {contacts}) "
                    f"to '{csv}' (header, delimiter ',')")
        con.execute("delete from contacts")
        con.close()
        shutil.move(source, target)
    return target, csv


def timed(code: str, target: Path, csv: Path, **values: object) -> dict:
    """One run of `code` on a fresh copy of `target`."""
    db = DATA / f"run-{target.stem}.duckdb"
    shutil.copy(target, db)
    try:
        return child(code, db=str(db), csv=str(csv), as_of=AS_OF, **values)
    finally:
        db.unlink()


def mapped_case(n: int) -> None:
    """The service log through its mapping against the same rows in contract shape."""
    target, log, same = prepare_mapped(DATA, ROOT, n, AS_OF)
    mapping = ROOT / "sample_data" / "mappings" / "case_management.toml"
    contract = timed(OURS, target, same)
    mapped = timed(MAPPED, target, log, mapping=str(mapping))
    print(f"\n# the same {n:,} contacts as a service log through its mapping "
          f"({log.stat().st_size / 2**20:.0f} MB) and in contract shape "
          f"({same.stat().st_size / 2**20:.0f} MB)")
    print(f"{'':<34} {'checked s':>9} {'all s':>7} {'rows/s':>11} {'peak MB':>8}")
    for label, run in (("contract shape", contract), ("mapped service log", mapped)):
        print(f"{label:<34} {run['checked']:>9.2f} {run['seconds']:>7.2f} "
              f"{n / run['seconds']:>11,.0f} {run['peak_mb']:>8,.0f}")
    print(f"mapped / contract shape: {mapped['checked'] / contract['checked']:.2f}x checked, "
          f"{mapped['seconds'] / contract['seconds']:.2f}x with the load (goal: at most 2x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--pydantic-rows", type=int, default=100_000)
    parser.add_argument("--only-mapped", action="store_true",
                        help="time only the mapped case and its contract-shaped twin")
    args = parser.parse_args()
    if not args.only_mapped:
        contract_case(args.contacts, args.pydantic_rows)
    mapped_case(args.contacts)


def contract_case(n: int, pydantic_rows: int) -> None:
    """Ours against DuckDB's read_csv and row-by-row pydantic, on the contract's contacts."""
    target, csv = prepare_data(n)
    runs = {name: timed(code, target, csv) for name, code in (("ours", OURS),
                                                               ("duckdb", DUCKDB))}
    sample = min(pydantic_rows, n)
    runs["pydantic"] = child(PYDANTIC, csv=str(csv), n=sample)
    pydantic_s = runs["pydantic"]["seconds"] * n / sample
    ours, duck = runs["ours"], runs["duckdb"]
    print(f"# import of {n:,} contacts ({csv.stat().st_size / 2**20:.0f} MB CSV) on "
          f"{platform.node()}: python {platform.python_version()}, duckdb {duckdb.__version__}")
    print(f"{'':<34} {'seconds':>8} {'rows/s':>11} {'peak MB':>8}")
    for label, seconds, peak in (
            ("ours: read + check + dry run", ours["checked"], None),
            ("ours: all, with the load", ours["seconds"], ours["peak_mb"]),
            ("duckdb read_csv into the table", duck["seconds"], duck["peak_mb"]),
            (f"pydantic row by row ({sample:,}, scaled)", pydantic_s, runs["pydantic"]["peak_mb"])):
        print(f"{label:<34} {seconds:>8.2f} {n / seconds:>11,.0f} "
              f"{'' if peak is None else f'{peak:,.0f}':>8}")
    print(f"ours / duckdb read_csv: {ours['seconds'] / duck['seconds']:.2f}x (goal: at most 2x)")
    print(f"pydantic / ours (checks only): {pydantic_s / ours['checked']:.1f}x; "
          f"pydantic / ours (with the load): {pydantic_s / ours['seconds']:.1f}x "
          "(goal: at least 5x)")


if __name__ == "__main__":
    main()
