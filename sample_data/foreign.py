"""The sample's later month as two other systems export it, with the mappings that read them
(sample_data/mappings/): a case-management service log (US dates, staff and program by name,
services by label) and a REDCap project's enrollments export (events, labels) with the project's
data dictionary. Beside them, the same records in the contract's shape, to compare with.

    python -m sample_data --out sample.duckdb --as-of 2026-10-31 --foreign-exports exports/
    python -m ingest --db sample.duckdb --mapping exports/redcap_enrollments.toml \\
        exports/redcap_enrollments.csv exports/redcap_data_dictionary.csv
    python -m ingest --db sample.duckdb --mapping exports/case_management.toml \\
        exports/service_log.csv
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import duckdb
import polars as pl

from sample_data.later_month import Month

MAPPINGS = files("sample_data") / "mappings"  # packaged: a non-editable install has them
SERVICES = {"engagement_session": "Peer Session", "check_in": "Check-in Call", "group": "Group",
            "care_coordination": "Care Coordination", "outreach": "Outreach"}
METHODS = {"in_person": "In Person", "phone": "Phone", "video": "Video",
           "text": "Text Message"}
STATUSES = {"completed": "Completed Program", "dropped_out": "Left Against Advice",
            "transferred": "Transferred", "moved": "Moved Away"}
COUNTIES = ("Lane", "Linn", "Benton", "Marion")  # a column no record reads: listed as ignored
# A data dictionary's header line as REDCap writes it (the sample's exports, and the tests')
EXPORTED_HEADER = """\
"Variable / Field Name","Form Name","Section Header","Field Type","Field Label",\
"Choices, Calculations, OR Slider Labels","Field Note","Text Validation Type OR Show Slider \
Number","Text Validation Min","Text Validation Max",Identifier?,"Branching Logic (Show field \
only if...)","Required Field?","Custom Alignment","Question Number (surveys only)",\
"Matrix Group Name","Matrix Ranking?","Field Annotation"
"""
DICTIONARY = EXPORTED_HEADER + """\
record_id,intake,,text,"Record ID",,,,,,,,,,,,,
admission_date,intake,,text,"Admission Date",,,date_mdy,,,,,,,,,,
program_name,intake,,text,"Program Name",,,,,,,,,,,,,
staff_name,intake,,text,"Staff Name",,,,,,,,,,,,,
county,intake,,text,"County",,,,,,,,,,,,,
discharge_date,discharge,,text,"Discharge Date",,,date_mdy,,,,,,,,,,
discharge_status,discharge,,radio,"Discharge Status",\"""" + " | ".join(
    f"{i}, {label}" for i, label in enumerate(STATUSES.values(), 1)) + """\",,,,,,,,,,,,
"""


def _us(column: str) -> pl.Expr:
    """ISO text as a US export writes it: 3/2/2026."""
    day = pl.col(column).str.to_date("%Y-%m-%d")
    return pl.format("{}/{}/{}", day.dt.month(), day.dt.day(), day.dt.year())


def _names(con: duckdb.DuckDBPyConnection) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    with con.cursor() as cur:
        return (cur.sql("select worker_id, display_name from workers").pl(),
                cur.sql("select program_id, program_name from programs").pl(),
                cur.sql("select enrollment_id, participant_id, program_id from enrollments"
                        ).pl())


def service_log(con: duckdb.DuckDBPyConnection, month: Month) -> pl.DataFrame:
    """The month's contacts as a case-management system's service log."""
    workers, programs, stored = _names(con)
    episodes = pl.concat([stored, month.enrollments.select(stored.columns)])
    return (month.contacts.join(episodes, on="enrollment_id", maintain_order="left")
            .join(workers, on="worker_id", maintain_order="left")
            .join(programs, on="program_id", maintain_order="left")
            .sort("contact_on", "participant_id", "display_name")
            .select(pl.col("participant_id").alias("Client ID"),
                    _us("contact_on").alias("Date of Service"),
                    pl.col("display_name").alias("Staff Name"),
                    pl.col("contact_type").replace_strict(SERVICES).alias("Service Type"),
                    pl.col("mode").replace_strict(METHODS).alias("Contact Method"),
                    pl.col("minutes").alias("Duration (min)"),
                    pl.col("program_name").alias("Program Name")))


def redcap_enrollments(con: duckdb.DuckDBPyConnection, month: Month) -> pl.DataFrame:
    """The month's new episodes as a REDCap project's export: an intake event row each."""
    workers, programs, _ = _names(con)
    county = pl.int_range(pl.len()) % len(COUNTIES)
    return (month.enrollments.join(workers, on="worker_id", maintain_order="left")
            .join(programs, on="program_id", maintain_order="left")
            .select(record_id="participant_id", redcap_event_name=pl.lit("intake_arm_1"),
                    **{"Admission Date": _us("enrolled_on"),
                       "Discharge Date": _us("discharged_on"),
                       "Discharge Status": pl.col("discharge_reason").replace_strict(
                           STATUSES, default=None),
                       "Program Name": pl.col("program_name"),
                       "Staff Name": pl.col("display_name"),
                       "County": pl.lit(pl.Series(COUNTIES)).get(county)}))


def write_foreign(con: duckdb.DuckDBPyConnection, month: Month, folder: Path) -> list[Path]:
    """The foreign exports, their mappings and the dictionary; the contract-shaped equivalent
    in `folder/contract_shape/`."""
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / "service_log.csv", folder / "redcap_enrollments.csv",
               folder / "redcap_data_dictionary.csv"]
    service_log(con, month).write_csv(written[0])
    redcap_enrollments(con, month).write_csv(written[1])
    written[2].write_text(DICTIONARY, encoding="utf-8")
    for mapping in sorted(MAPPINGS.iterdir(), key=lambda m: m.name):
        if mapping.name.endswith(".toml"):
            written.append(folder / mapping.name)
            written[-1].write_text(mapping.read_text(encoding="utf-8"), encoding="utf-8")
    same = folder / "contract_shape"
    same.mkdir(exist_ok=True)
    month.enrollments.write_csv(same / "enrollments.csv")
    month.contacts.write_csv(same / "contacts.csv")
    return [*written, same / "enrollments.csv", same / "contacts.csv"]
