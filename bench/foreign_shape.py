"""Data for bench/import.py's mapped case: the same contacts as a case-management service log
(sample_data/mappings/case_management.toml reads it: names, US dates, labels) and in the
contract's shape, beside a generated database without its contacts to load them into.

The rows are those a service log can hold without doubt: staff names made unique in the
database (a log names staff only by name; the generator's made-up names repeat at this scale),
and one row per person, day, worker and service (the log's rows have no key of their own, so
the mapping makes one from those cells). Both files hold exactly these rows.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

CONTACTS_PER_ENROLLMENT = 17  # fewer than bench/import.py's 18: duplicates are left out
LABELS = """
create temp table labels as select * from (values
    ('contact_type', 'engagement_session', 'Peer Session'),
    ('contact_type', 'check_in', 'Check-in Call'),
    ('contact_type', 'group', 'Group'),
    ('contact_type', 'care_coordination', 'Care Coordination'),
    ('contact_type', 'outreach', 'Outreach'),
    ('mode', 'in_person', 'In Person'), ('mode', 'phone', 'Phone'),
    ('mode', 'video', 'Video'), ('mode', 'text', 'Text Message')
) as t (field, code, label)
"""
UNIQUE_NAMES = """
update workers set display_name = display_name || ' ' || worker_id
where display_name in (select display_name from workers group by display_name
                       having count(*) > 1)
"""
PICKED = """
create temp table picked as
with numbered as (
    select c.*, e.participant_id,
        row_number() over (partition by e.participant_id, c.contact_on, c.worker_id,
                           c.contact_type order by c.contact_id) as n
    from contacts as c
    join enrollments as e using (enrollment_id)
)
select * from numbered where n = 1 order by contact_id limit $rows
"""
CONTRACT = """
select contact_id, enrollment_id, worker_id, contact_on, contact_type, mode, minutes
from picked order by contact_id
"""
SERVICE_LOG = """
select p.participant_id as "Client ID",
    strftime(p.contact_on, '%-m/%-d/%Y') as "Date of Service",
    w.display_name as "Staff Name",
    t.label as "Service Type",
    m.label as "Contact Method",
    p.minutes as "Duration (min)",
    g.program_name as "Program Name"
from picked as p
join workers as w using (worker_id)
join programs as g on g.program_id = w.program_id
join labels as t on t.field = 'contact_type' and t.code = p.contact_type
join labels as m on m.field = 'mode' and m.code = p.mode
order by p.contact_id
"""


def _copy(con: duckdb.DuckDBPyConnection, sql: str, path: Path) -> None:
    target = str(path).replace("'", "''")  # our own path, never input
    con.execute(f"copy ({sql}) to '{target}' (header, delimiter ',')")


def prepare_mapped(data: Path, root: Path, contacts: int, as_of: str) -> tuple[Path, Path, Path]:
    """(the target database, the service log, the same rows in contract shape)."""
    target = data / f"mapped-{contacts}-target.duckdb"
    log, same = data / f"service_log-{contacts}.csv", data / f"mapped-contacts-{contacts}.csv"
    if target.exists() and log.exists() and same.exists():
        return target, log, same
    data.mkdir(parents=True, exist_ok=True)
    source = data / f"mapped-{contacts}.duckdb"
    subprocess.run([sys.executable, "-m", "sample_data", "--out", str(source),
                    "--enrollments", str(contacts // CONTACTS_PER_ENROLLMENT + 1),
                    "--as-of", as_of], check=True, cwd=root, stdout=subprocess.DEVNULL)
    con = duckdb.connect(str(source))
    con.execute(UNIQUE_NAMES)
    con.execute(LABELS)
    con.execute(PICKED, {"rows": contacts})
    if (n := con.execute("select count(*) from picked").fetchall()[0][0]) < contacts:
        raise SystemExit(f"only {n:,} distinct services generated; lower "
                         "CONTACTS_PER_ENROLLMENT")
    _copy(con, CONTRACT, same)
    _copy(con, SERVICE_LOG, log)
    con.execute("delete from contacts")
    con.close()
    shutil.move(source, target)
    return target, log, same
