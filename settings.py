"""Settings: where the database is, and the thresholds the metrics are judged against.

Each setting comes from an environment variable (PEERDASH_<NAME>), else from the
`[peerdash]` section of `.streamlit/secrets.toml`, else its default. Every setting is
documented in README.md (a test checks that).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, get_type_hints

from records.models import REASSESSMENT_WINDOWS, Instrument

ROOT = Path(__file__).resolve().parent
SAMPLE_DB = ROOT / "sample_data" / "sample.duckdb"


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class Settings:
    db: Path = SAMPLE_DB  # the DuckDB file; the sample database is generated if missing
    caseload_per_fte_threshold: float = 25.0  # W1 alert (no national standard exists)
    supervision_target_minutes: int = 60  # W4: individual supervision per month
    followup_7_target: float = 0.59  # A1 target line (VA residential programs)
    followup_30_target: float = 0.80  # A1 target line (VA residential programs)
    # the funder summary's targets (R1's is followup_rate_target below); 0 means none set
    early_engagement_target: float = 0.0  # E4
    completion_target: float = 0.43  # E7 (TEDS-D 2023: 42.6% of discharges completed)
    abstinence_target: float = 0.0  # R2
    recurrence_target: float = 0.0  # R3, at most
    recovery_capital_target: float = 0.0  # R6
    burnout_rise_points: int = 5  # W6: a rise in burnout over the last two check-ins
    incident_days: int = 30  # W6: a critical incident reported within this many days
    checkin_gap_days: int = 60  # W6: no check-in for more than this many days
    # Targets every program has until an analyst sets its own (the Targets page; E4's is
    # early_engagement_target above); 0 means none
    followup_rate_target: float = 0.80  # R1: SAMHSA's follow-up rate (GPRA and SUPRT alike)
    intakes_per_quarter_target: int = 0  # intakes per program per quarter
    headline_min_n: int = 20  # no headline percentage on fewer people than this
    # R1: SUPRT's reassessment window, days after the baseline (records/models.py)
    suprt_window_opens: int = REASSESSMENT_WINDOWS[Instrument.suprt_a][0]
    suprt_window_closes: int = REASSESSMENT_WINDOWS[Instrument.suprt_a][1]
    # Upload limits (ingest/limits.py), counted while a file is read
    upload_max_mb: int = 200  # decompressed bytes of one upload, ZIP members included
    upload_max_rows: int = 1_000_000  # rows of one upload
    upload_max_cells: int = 12_000_000  # cells of one upload
    upload_max_problems: int = 100_000  # problems listed before an upload is refused
    lake: str = ""  # a Parquet lake folder the app reads instead of db (store/lake.py)
    demo_any_database: bool = False  # without sign-in, open a database other than the sample
    role_claim: str = "peerdash_role"  # the ID-token claim that names a viewer's role
    programs_claim: str = "peerdash_programs"  # ...and the programs they may see
    # Digests and alerts by mail (alerts/): no host, no mail
    smtp_host: str = ""
    smtp_port: int = 0  # 0: 587 with a login (STARTTLS), else 25
    mail_from: str = ""
    smtp_user: str = ""  # with a password: STARTTLS, then login
    smtp_password: str = field(default="", repr=False)
    app_url: str = "http://localhost:8501"  # the address mails link to

    @property
    def reassessment_windows(self) -> dict[str, tuple[int, int]]:
        """R1's windows as the database should hold them: SUPRT's (both forms) from here."""
        window = (self.suprt_window_opens, self.suprt_window_closes)
        return {Instrument.suprt_a.value: window, Instrument.suprt_c.value: window}

    @property
    def uses_sample(self) -> bool:
        return self.db.resolve() == SAMPLE_DB

    @property
    def demo_opens(self) -> bool:
        """Whether a demo (no sign-in) may open this database: the sample, or one allowed."""
        return self.uses_sample or self.demo_any_database


_WORDS = {float: "a number", int: "a whole number", Path: "a file path",
          bool: "true or false"}
_BOOLS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def _convert(name: str, raw: Any, kind: type) -> Any:
    if kind is str:
        return str(raw)
    try:
        if kind is bool:
            return raw if isinstance(raw, bool) else _BOOLS[str(raw).strip().lower()]
        value = Path(str(raw)).expanduser() if kind is Path else kind(raw)
    except (TypeError, ValueError, KeyError):
        raise SettingsError(
            f"Setting {name} is {raw!r}, which is not {_WORDS[kind]}. "
            f"Fix PEERDASH_{name.upper()} or [peerdash] {name} in .streamlit/secrets.toml."
        ) from None
    if not isinstance(value, Path) and value < 0:
        raise SettingsError(f"Setting {name} is {raw!r}; it must not be negative.")
    return value


def load_settings(secrets: Mapping[str, Any] | None = None,
                  environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from the environment, then the given secrets section, then the defaults."""
    environ = os.environ if environ is None else environ
    secrets = secrets or {}
    kinds = get_type_hints(Settings)
    values = {}
    for f in fields(Settings):
        raw = environ.get(f"PEERDASH_{f.name.upper()}", secrets.get(f.name))
        if raw not in (None, ""):
            values[f.name] = _convert(f.name, raw, kinds[f.name])
    return Settings(**values)
