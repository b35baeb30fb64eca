"""How much one upload may hold, counted while it is read: decompressed bytes, rows and cells
across every file of the upload (ZIP members and sheets included), and problems listed.

Only analysts upload, but one file can take the server down for everyone: a 6 KB Parquet of a
million rows or a ZIP of a few KB that unpacks to gigabytes. The limits are settings
(settings.py, README); each refusal names the limit and the setting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from settings import Settings

MB = 2**20
# A record's line is a few kilobytes at most (nine cells of up to 500 characters); a longer
# line or cell is not an export, and reading it costs memory many times its size.
MAX_CELL_BYTES = 64 * 1024


class Unreadable(ValueError):
    """A file that cannot be read as an export; the message says why and what to do."""


class TooBig(Unreadable):
    """An upload beyond a limit; the message names the limit and the setting that sets it."""


@dataclass(frozen=True)
class Limits:
    bytes: int = 200 * MB  # decompressed: Streamlit's default server.maxUploadSize
    rows: int = 1_000_000  # a million contacts are 57 MB of CSV
    cells: int = 12_000_000  # a million rows of the widest record type
    problems: int = 100_000  # listed; beyond them the upload is refused without the rest

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        """The limits a Settings sets (upload_max_mb, _rows, _cells, _problems)."""
        return cls(settings.upload_max_mb * MB, settings.upload_max_rows,
                   settings.upload_max_cells,
                   settings.upload_max_problems)


def _too_big(what: str, limit: int, unit: str, setting: str) -> TooBig:
    # "more than 1 row", never "1 rows" (MB stays MB)
    unit = unit[:-1] if limit == 1 and unit.endswith("s") else unit
    return TooBig(f"it holds more than {limit:,} {unit}{what}, the upload limit (setting "
                  f"PEERDASH_{setting}). Split it into smaller files and upload those.")


@dataclass
class Budget:
    """What the upload has spent so far of its limits; `spend` refuses beyond them."""

    limits: Limits = field(default_factory=Limits)
    bytes: int = 0
    rows: int = 0
    cells: int = 0

    def spend(self, *, bytes: int = 0, rows: int = 0, cells: int = 0) -> None:
        self.bytes, self.rows, self.cells = self.bytes + bytes, self.rows + rows, self.cells + cells
        if self.bytes > self.limits.bytes:
            raise _too_big(" once unpacked", self.limits.bytes // MB, "MB", "UPLOAD_MAX_MB")
        if self.rows > self.limits.rows:
            raise _too_big("", self.limits.rows, "rows", "UPLOAD_MAX_ROWS")
        if self.cells > self.limits.cells:
            raise _too_big("", self.limits.cells, "cells", "UPLOAD_MAX_CELLS")

    def room(self) -> int:
        """Bytes still allowed (to read a stream up to, and no further)."""
        return self.limits.bytes - self.bytes


def cell_too_long(where: str) -> TooBig:
    return TooBig(f"{where} is longer than {MAX_CELL_BYTES // 1024} KB, far more than any "
                  "record holds; check that the file is an export of records.")
